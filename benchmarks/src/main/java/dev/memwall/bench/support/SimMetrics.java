package dev.memwall.bench.support;

import java.util.ArrayList;
import java.util.List;

import dev.memwall.result.Metric;
import dev.memwall.result.RunReduction;
import dev.memwall.serving.ClusterSimulation;

/**
 * The mailbox between a simulation benchmark and {@code SimMetricsProfiler}: after each JMH
 * iteration the benchmark posts the simulated results of its last run, and the profiler, in the
 * same JVM, turns them into JMH secondary results named by the metric vocabulary
 * ({@link Metric#jmhName()}). Set-up and tear-down code only: posting allocates.
 */
public final class SimMetrics {
    /** The metrics posted, in order: TPOT, TTFT and ITL percentiles, and simulated output tokens/s. */
    static final List<Metric> POSTED_METRICS = List.of(
            Metric.TPOT_P50, Metric.TPOT_P90, Metric.TPOT_P99, Metric.TPOT_P999,
            Metric.TTFT_P50, Metric.TTFT_P90, Metric.TTFT_P99, Metric.TTFT_P999,
            Metric.ITL_P50, Metric.ITL_P90, Metric.ITL_P99, Metric.ITL_P999,
            Metric.OUTPUT_TOKENS_PER_S);

    private static final List<Posted> POSTED = new ArrayList<>();

    /** One secondary result: label, value, unit. */
    public record Posted(String label, double value, String unit) {
    }

    private SimMetrics() {
    }

    /** Posts {@link #POSTED_METRICS} of {@code sim}'s last run, replacing anything posted before. */
    public static void post(ClusterSimulation sim) {
        double[] values = RunReduction.measure(sim);
        List<Posted> metrics = new ArrayList<>();
        for (Metric m : POSTED_METRICS) {
            metrics.add(new Posted(m.jmhName(), values[m.ordinal()], m.unit().symbol()));
        }
        synchronized (POSTED) {
            POSTED.clear();
            POSTED.addAll(metrics);
        }
    }

    /** What was posted since the last call, emptied. */
    public static List<Posted> take() {
        synchronized (POSTED) {
            List<Posted> out = List.copyOf(POSTED);
            POSTED.clear();
            return out;
        }
    }

    /** Forgets anything posted. */
    public static void clear() {
        synchronized (POSTED) {
            POSTED.clear();
        }
    }
}
