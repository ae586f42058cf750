package dev.memwall.validate;

import java.util.ArrayList;
import java.util.List;

/** The latency metrics a serving case compares: mean, p50, p90 and p99 of TTFT, TPOT and E2E. */
final class Metrics {
    /** The statistics, in table order. */
    static final List<String> STATS = List.of("mean", "p50", "p90", "p99");
    /** The latencies, in table order. */
    static final List<String> LATENCIES = List.of("ttft", "tpot", "e2e");
    /** Every metric id, e.g. {@code ttft_mean}, {@code e2e_p99}, in table order. */
    static final List<String> IDS = ids();

    private Metrics() {
    }

    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (String latency : LATENCIES) {
            for (String stat : STATS) {
                ids.add(latency + "_" + stat);
            }
        }
        return List.copyOf(ids);
    }

    /** {@code TTFT mean (ms)} for {@code ttft_mean}. */
    static String label(String id) {
        return name(id) + " (ms)";
    }

    /** {@code TTFT mean} for {@code ttft_mean}. */
    static String name(String id) {
        return latency(id).toUpperCase(java.util.Locale.ROOT) + " " + stat(id);
    }

    /** The statistic of a metric id: {@code mean} or a percentile such as {@code p90}. */
    static String stat(String id) {
        return id.substring(id.indexOf('_') + 1);
    }

    /** The latency of a metric id: {@code ttft}, {@code tpot} or {@code e2e}. */
    static String latency(String id) {
        return id.substring(0, id.indexOf('_'));
    }
}
