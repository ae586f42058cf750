package dev.memwall.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.output.AtomicFiles;

/**
 * The {@code --summary-json} file: exactly the keys {@code requests, completed,
 * simulated_seconds, wall_seconds, throughput, ttft_ms, tpot_ms, itl_ms, e2e_ms, queueing_ms,
 * instances, devices}, in that order, pretty-printed with a trailing newline.
 */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    public static ObjectNode toJson(RunSummary s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("requests", s.requests());
        root.put("completed", s.completed());
        root.put("simulated_seconds", s.simulatedSeconds());
        root.put("wall_seconds", s.wallSeconds());
        ObjectNode tp = root.putObject("throughput");
        tp.put("requests_per_s", s.requestsPerS());
        tp.put("prompt_tokens_per_s", s.promptTokensPerS());
        tp.put("output_tokens_per_s", s.outputTokensPerS());
        LatencyRecorder l = s.latency();
        putStat(root.putObject("ttft_ms"), l.ttft);
        putStat(root.putObject("tpot_ms"), l.tpot);
        putStat(root.putObject("itl_ms"), l.itl);
        putStat(root.putObject("e2e_ms"), l.e2e);
        putStat(root.putObject("queueing_ms"), l.queueing);
        ArrayNode inst = root.putArray("instances");
        for (RunSummary.InstanceRow r : s.instances()) {
            ObjectNode o = inst.addObject();
            o.put("id", r.id());
            o.put("hardware", r.hardware());
            o.put("model", r.model());
            o.put("kv_blocks", r.kvBlocks());
            o.put("kv_block_bytes", r.kvBlockBytes());
            o.put("weights_hbm_bytes", r.weightsHbmBytes());
            o.put("peak_hbm_bytes", r.peakHbmBytes());
            o.put("preemptions", r.preemptions());
            o.put("busy_fraction", r.busyFraction());
        }
        ArrayNode dev = root.putArray("devices");
        for (RunSummary.DeviceRow d : s.devices()) {
            ObjectNode o = dev.addObject();
            o.put("name", d.name());
            o.put("capacity_bytes", d.capacityBytes());
            o.put("peak_used_bytes", d.peakUsedBytes());
            o.put("bytes_transferred", d.bytesTransferred());
            o.put("busy_fraction", d.busyFraction());
        }
        return root;
    }

    private static void putStat(ObjectNode o, LatencyStat s) {
        o.put("mean", s.meanNs() / 1e6);
        o.put("p50", s.percentileNs(50) / 1e6);
        o.put("p90", s.percentileNs(90) / 1e6);
        o.put("p99", s.percentileNs(99) / 1e6);
        o.put("p999", s.percentileNs(99.9) / 1e6);
        o.put("max", s.maxNs() / 1e6);
    }

    /** Writes the summary whole through a temporary sibling (see {@link AtomicFiles}). */
    public static void write(Path file, RunSummary s) throws IOException {
        AtomicFiles.write(file, (MAPPER.writeValueAsString(toJson(s)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
