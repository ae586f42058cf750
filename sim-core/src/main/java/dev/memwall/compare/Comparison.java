package dev.memwall.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.cost.PriceBook;
import dev.memwall.faults.Faults;
import dev.memwall.result.RunReduction;
import dev.memwall.result.RunResult;
import dev.memwall.run.SimulateJob;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.TraceCache;
import dev.memwall.workload.TraceFormat;
import dev.memwall.workload.WorkloadReader;

/**
 * Runs several cluster configs on the same trace and options, one thread each (at most
 * {@code threads} at once), each with its own engine. Every config is built before any runs, so
 * a bad one fails at once, naming its file.
 */
public final class Comparison {
    /** Heartbeat spacing the series start from (they coarsen as runs grow long). */
    static final long SAMPLE_INTERVAL_NS = 50_000_000L;

    /**
     * What every config runs.
     *
     * @param dataset the trace
     * @param format  its format, or null to detect it
     * @param numReqs trace entries to read, 0 for all
     */
    public record Inputs(Path dataset, TraceFormat format, int numReqs, SimulationOptions options, PriceBook prices) {
    }

    private Comparison() {
    }

    /**
     * Runs {@code configs} and returns their runs in the same order.
     *
     * @throws dev.memwall.input.InputException naming the first config, trace or price that is bad
     */
    public static List<ComparedRun> run(List<Path> configs, Inputs in, int threads) throws InterruptedException {
        SimulationOptions options = in.options().toBuilder().keepTokenTimes(false)
                .heartbeatIntervalNs(SAMPLE_INTERVAL_NS).build();
        List<String> labels = labels(configs);
        List<Prepared> prepared = new ArrayList<>();
        for (int k = 0; k < configs.size(); k++) {
            ClusterConfig config = ClusterConfigLoader.load(configs.get(k));
            TimeSeries series = new TimeSeries();
            ClusterBuilder.Built built = ClusterBuilder.build(config, options, series);
            Faults.install(built, config);
            series.attach(built);
            SimulateJob.requirePrices(in.prices(), built, config.fileName());
            prepared.add(new Prepared(labels.get(k), configs.get(k), built, series));
        }
        ComparedRun[] out = new ComparedRun[prepared.size()];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> running = new ArrayList<>();
        for (int k = 0; k < prepared.size(); k++) {
            final int index = k;
            Thread t = new Thread(() -> {
                try {
                    out[index] = prepared.get(index).run(in);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "compare-" + (k + 1));
            running.add(t);
            t.start();
            if (running.size() >= Math.max(1, threads)) {
                running.remove(0).join();
            }
        }
        for (Thread t : running) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return List.of(out);
    }

    /** File names without {@code .json}; a name given twice gets {@code #2}, {@code #3}. */
    static List<String> labels(List<Path> configs) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Path p : configs) {
            String name = String.valueOf(p.getFileName()).replaceFirst("\\.json$", "");
            int n = seen.merge(name, 1, Integer::sum);
            out.add(n == 1 ? name : name + "#" + n);
        }
        return out;
    }

    /** A built config waiting for its thread. */
    private record Prepared(String label, Path config, ClusterBuilder.Built built, TimeSeries series) {
        ComparedRun run(Inputs in) {
            long start = System.nanoTime();
            // Every config reads the same trace: kept in memory after the first (TraceCache).
            try (WorkloadReader reader = TraceCache.open(in.dataset(), in.format(), in.numReqs())) {
                built.simulation().run(reader, in.dataset().toString());
            }
            series.sample(built.simulation(), built.simulation().endTimeNs());
            RunResult r = RunReduction.reduce(built, (System.nanoTime() - start) / 1e9, in.prices());
            return new ComparedRun(label, config, r, series);
        }
    }
}
