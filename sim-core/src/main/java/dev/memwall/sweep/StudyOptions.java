package dev.memwall.sweep;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.memory.OffloadTimeline;
import dev.memwall.serving.PreemptionMode;
import dev.memwall.serving.PrefixStorage;
import dev.memwall.serving.RoutingPolicy;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.serving.TimingBackend;

/**
 * A study's {@code options} object: the {@code simulate} flags without their dashes, in
 * LLMServingSim's underscore spelling ({@code max_num_seqs}, {@code request_routing_policy},
 * {@code memory_model}, ...), each defaulting as {@code simulate} does. Directory options are
 * resolved against the study file's folder and cannot be axes.
 */
final class StudyOptions {
    static final List<String> KEYS = List.of("dtype", "block_size", "max_num_seqs", "max_num_batched_tokens",
            "long_prefill_token_threshold", "enable_chunked_prefill", "enable_prefix_caching", "reserve_full_isl",
            "npu_memory_utilization", "request_routing_policy", "memory_model", "prefetch_window", "preemption_mode",
            "prefix_storage", "timing", "engine", "models_dir", "hardware_dir", "profile_dir");
    /** Options naming folders: read once per study, never per point. */
    static final List<String> DIR_KEYS = List.of("models_dir", "hardware_dir", "profile_dir");

    private StudyOptions() {
    }

    /**
     * The simulation options {@code node} sets (seed and folders left at their defaults).
     *
     * @param path the JSON path of {@code node}, e.g. {@code options}
     * @throws InputException naming {@code file} and the JSON path of the first bad value
     */
    static SimulationOptions parse(JsonNode node, String file, String path) {
        if (!node.isObject()) {
            throw InputException.at(file, path + ": must be an object (got " + node + ")");
        }
        JsonFields f = JsonFields.closed(node, path, file, KEYS);
        SimulationOptions d = SimulationOptions.defaults();
        SimulationOptions.Builder b = d.toBuilder();
        if (!f.isNull("dtype")) {
            b.dtype(f.string("dtype"));
        }
        b.blockSize(intAtLeast(f, "block_size", d.blockSize(), 1));
        b.maxNumSeqs(intAtLeast(f, "max_num_seqs", d.maxNumSeqs(), 0));
        b.maxNumBatchedTokens(intAtLeast(f, "max_num_batched_tokens", d.maxNumBatchedTokens(), 0));
        b.longPrefillTokenThreshold(intAtLeast(f, "long_prefill_token_threshold", d.longPrefillTokenThreshold(), 0));
        b.prefetchWindowLayers(intAtLeast(f, "prefetch_window", d.prefetchWindowLayers(), 1));
        b.chunkedPrefill(f.optionalBoolean("enable_chunked_prefill", d.chunkedPrefill()));
        b.prefixCaching(f.optionalBoolean("enable_prefix_caching", d.prefixCaching()));
        b.reserveFullIsl(f.optionalBoolean("reserve_full_isl", d.reserveFullIsl()));
        if (!f.isNull("npu_memory_utilization")) {
            JsonNode u = f.required("npu_memory_utilization");
            if (!u.isNumber() || !(u.doubleValue() > 0 && u.doubleValue() <= 1)) {
                throw f.error("npu_memory_utilization", "must be a number in (0, 1] (got " + u + ")");
            }
            b.npuMemoryUtilization(u.doubleValue());
        }
        if (!f.isNull("request_routing_policy")) {
            b.routing(RoutingPolicy.parse(f.string("request_routing_policy"),
                    file + ": " + f.pathOf("request_routing_policy")));
        }
        if (!f.isNull("memory_model")) {
            String m = f.string("memory_model");
            if (m.equalsIgnoreCase("physical")) {
                b.memoryModel(OffloadTimeline.Mode.PHYSICAL);
            } else if (m.equalsIgnoreCase("lss")) {
                b.memoryModel(OffloadTimeline.Mode.LSS);
            } else {
                throw f.error("memory_model", "expected physical or lss (got '" + m + "')");
            }
        }
        if (!f.isNull("preemption_mode")) {
            b.preemptionMode(PreemptionMode.parse(f.string("preemption_mode"), file + ": " + f.pathOf("preemption_mode")));
        }
        if (!f.isNull("prefix_storage")) {
            b.prefixStorage(PrefixStorage.parse(f.string("prefix_storage"), file + ": " + f.pathOf("prefix_storage")));
        }
        if (!f.isNull("timing")) {
            b.timing(TimingBackend.parse(f.string("timing"), file + ": " + f.pathOf("timing")));
        }
        if (!f.isNull("engine")) {
            b.engine(f.string("engine"));
        }
        for (String key : DIR_KEYS) {
            if (!f.isNull(key)) {
                f.string(key);
            }
        }
        return b.build();
    }

    /**
     * A folder option resolved against {@code baseDir}, or {@code fallback} when absent; the
     * folder must exist.
     */
    static Path dir(JsonNode node, String file, String path, String key, Path baseDir, Path fallback) {
        JsonFields f = JsonFields.closed(node, path, file, KEYS);
        if (f.isNull(key)) {
            return fallback;
        }
        Path p = baseDir.resolve(f.string(key)).normalize();
        if (!java.nio.file.Files.isDirectory(p)) {
            throw f.error(key, "no such folder: " + p + " (paths are relative to the study file)");
        }
        return p;
    }

    private static int intAtLeast(JsonFields f, String key, int fallback, int min) {
        if (f.isNull(key)) {
            return fallback;
        }
        int v = f.integer(key);
        if (v < min) {
            throw f.error(key, "must be >= " + min + " (got " + v + ")");
        }
        return v;
    }
}
