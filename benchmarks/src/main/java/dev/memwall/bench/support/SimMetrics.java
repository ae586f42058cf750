package dev.memwall.bench.support;

import java.util.ArrayList;
import java.util.List;

import dev.memwall.metrics.LatencyStat;
import dev.memwall.serving.ClusterSimulation;

/**
 * The mailbox between a simulation benchmark and {@code SimMetricsProfiler}: after each JMH
 * iteration the benchmark posts the simulated distributions of its last run, and the profiler,
 * in the same JVM, turns them into JMH secondary results. Set-up and tear-down code only: posting
 * allocates.
 */
public final class SimMetrics {
    /** Percentiles reported for each distribution, with the label suffix of each. */
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] SUFFIXES = {"p50", "p90", "p99", "p99.9"};

    private static final List<Metric> POSTED = new ArrayList<>();

    /** One secondary metric: label, value, unit. */
    public record Metric(String label, double value, String unit) {
    }

    private SimMetrics() {
    }

    /**
     * Posts the simulated TPOT, TTFT and ITL percentiles (ms) and output tokens per simulated
     * second of {@code sim}'s last run, replacing anything posted before.
     */
    public static void post(ClusterSimulation sim) {
        List<Metric> metrics = new ArrayList<>();
        addPercentiles(metrics, sim.latency().tpot);
        addPercentiles(metrics, sim.latency().ttft);
        addPercentiles(metrics, sim.latency().itl);
        long tokens = 0;
        for (int i = 0; i < sim.instanceCount(); i++) {
            tokens += sim.outputTokensDone(i);
        }
        double seconds = sim.endTimeNs() / 1e9;
        metrics.add(new Metric("sim.output_tokens_per_s", seconds > 0 ? tokens / seconds : 0, "tokens/s"));
        synchronized (POSTED) {
            POSTED.clear();
            POSTED.addAll(metrics);
        }
    }

    /** What was posted since the last call, emptied. */
    public static List<Metric> take() {
        synchronized (POSTED) {
            List<Metric> out = List.copyOf(POSTED);
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

    private static void addPercentiles(List<Metric> out, LatencyStat stat) {
        for (int k = 0; k < PERCENTILES.length; k++) {
            out.add(new Metric("sim." + stat.name() + "." + SUFFIXES[k], stat.percentileNs(PERCENTILES[k]) / 1e6, "ms"));
        }
    }
}
