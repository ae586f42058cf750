package dev.memwall.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.serving.ExpertFetchStats;

/**
 * The JSON of a result's instance and device rows, the same in a summary file and in a sweep's
 * {@code points.jsonl}, written and read back here only.
 */
public final class RowJson {
    private RowJson() {
    }

    public static void write(ObjectNode o, RunResult.InstanceRow i) {
        o.put("id", i.id());
        o.put("role", i.role());
        o.put("hardware", i.hardware());
        o.put("model", i.model());
        o.put("kv_location", i.kvLocation());
        o.put("kv_blocks", i.kvBlocks());
        o.put("kv_block_bytes", i.kvBlockBytes());
        o.put("weights_hbm_bytes", i.weightsHbmBytes());
        o.put("peak_hbm_bytes", i.peakHbmBytes());
        o.put("preemptions", i.preemptions());
        o.put("iterations", i.iterations());
        o.put("busy_fraction", i.busyFraction());
        o.put("compute_busy_fraction", i.computeBusyFraction());
        o.put("memory_stalled_fraction", i.memoryStalledFraction());
        o.put("prefix_queried_tokens", i.prefixQueriedTokens());
        o.put("prefix_hbm_hit_tokens", i.prefixHbmHitTokens());
        o.put("prefix_lower_hit_tokens", i.prefixLowerHitTokens());
        o.put("ttft_mean_ms", i.ttftMeanMs());
        o.put("tpot_mean_ms", i.tpotMeanMs());
        o.put("fidelity", i.fidelity());
        if (i.pim() != null) {
            ObjectNode p = o.putObject("pim");
            p.put("busy_seconds", i.pim().busySeconds());
            p.put("busy_fraction", i.pim().busyFraction());
            p.put("gpu_attention_moved_seconds", i.pim().gpuAttentionMovedSeconds());
            p.put("hidden_seconds", i.pim().hiddenSeconds());
            p.put("kv_bytes_read", i.pim().kvBytesRead());
        }
        if (i.experts() != null) {
            ObjectNode e = o.putObject("experts");
            e.put("steps", i.experts().steps());
            e.put("bytes_fetched", i.experts().bytesFetched());
            e.put("cache_lookups", i.experts().lookups());
            e.put("cache_hits", i.experts().hits());
        }
    }

    public static void write(ObjectNode o, RunResult.DeviceRow d) {
        o.put("name", d.name());
        o.put("kind", d.kind());
        o.put("capacity_bytes", d.capacityBytes());
        o.put("peak_used_bytes", d.peakUsedBytes());
        o.put("bytes_transferred", d.bytesTransferred());
        o.put("busy_fraction", d.busyFraction());
    }

    /** An instance row written by {@link #write(ObjectNode, RunResult.InstanceRow)}. */
    public static RunResult.InstanceRow instance(JsonNode n) {
        return new RunResult.InstanceRow(n.path("id").asInt(), n.path("role").asText(), n.path("hardware").asText(),
                n.path("model").asText(),
                n.path("kv_location").asText(), n.path("kv_blocks").asLong(), n.path("kv_block_bytes").asLong(),
                n.path("weights_hbm_bytes").asLong(), n.path("peak_hbm_bytes").asLong(), n.path("preemptions").asLong(),
                n.path("iterations").asLong(), n.path("busy_fraction").asDouble(),
                n.path("compute_busy_fraction").asDouble(), n.path("memory_stalled_fraction").asDouble(),
                n.path("prefix_queried_tokens").asLong(), n.path("prefix_hbm_hit_tokens").asLong(),
                n.path("prefix_lower_hit_tokens").asLong(), n.path("ttft_mean_ms").asDouble(),
                n.path("tpot_mean_ms").asDouble(), n.path("fidelity").asText(), pim(n.get("pim")),
                experts(n.get("experts")));
    }

    private static ExpertFetchStats experts(JsonNode e) {
        return e == null ? null : new ExpertFetchStats(e.path("steps").asLong(), e.path("bytes_fetched").asDouble(),
                e.path("cache_lookups").asLong(), e.path("cache_hits").asLong());
    }

    private static RunResult.PimRow pim(JsonNode p) {
        return p == null ? null : new RunResult.PimRow(p.path("busy_seconds").asDouble(),
                p.path("busy_fraction").asDouble(), p.path("gpu_attention_moved_seconds").asDouble(),
                p.path("hidden_seconds").asDouble(), p.path("kv_bytes_read").asDouble());
    }

    /** A device row written by {@link #write(ObjectNode, RunResult.DeviceRow)}. */
    public static RunResult.DeviceRow device(JsonNode n) {
        return new RunResult.DeviceRow(n.path("name").asText(), n.path("kind").asText(),
                n.path("capacity_bytes").asLong(), n.path("peak_used_bytes").asLong(),
                n.path("bytes_transferred").asLong(), n.path("busy_fraction").asDouble());
    }
}
