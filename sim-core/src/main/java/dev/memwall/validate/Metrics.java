package dev.memwall.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.memwall.result.Metric;

/**
 * The latency metrics a serving case compares: mean, p50, p90 and p99 of TTFT, TPOT and E2E, by
 * their ids in memwall's metric vocabulary ({@link Metric#id()}: {@code ttft_mean}, {@code e2e_p99}).
 */
final class Metrics {
    /** The statistics, in table order. */
    static final List<Metric.Stat> STATS = List.of(Metric.Stat.MEAN, Metric.Stat.P50, Metric.Stat.P90,
            Metric.Stat.P99);
    /** The latencies, in table order. */
    static final List<Metric.Latency> LATENCIES = List.of(Metric.Latency.TTFT, Metric.Latency.TPOT,
            Metric.Latency.E2E);
    /** Every metric id, e.g. {@code ttft_mean}, {@code e2e_p99}, in table order. */
    static final List<String> IDS = ids();

    private Metrics() {
    }

    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Metric.Latency latency : LATENCIES) {
            for (Metric.Stat stat : STATS) {
                ids.add(Metric.of(latency, stat).id());
            }
        }
        return List.copyOf(ids);
    }

    /** {@code TTFT mean (ms)} for {@code ttft_mean}. */
    static String label(String id) {
        return name(id) + " (" + Metric.byName(id).unit().symbol() + ")";
    }

    /** {@code TTFT mean} for {@code ttft_mean}. */
    static String name(String id) {
        return latency(id).toUpperCase(Locale.ROOT) + " " + stat(id);
    }

    /** The statistic of a metric id: {@code mean} or a percentile such as {@code p90}. */
    static String stat(String id) {
        return Metric.byName(id).stat().key();
    }

    /** The latency of a metric id: {@code ttft}, {@code tpot} or {@code e2e}. */
    static String latency(String id) {
        return Metric.byName(id).latency().id();
    }
}
