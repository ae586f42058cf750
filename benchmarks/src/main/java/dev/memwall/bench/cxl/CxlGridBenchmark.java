package dev.memwall.bench.cxl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.memwall.bench.support.CxlCluster;
import dev.memwall.bench.support.CxlPlacement;
import dev.memwall.bench.support.NamedWorkload;
import dev.memwall.bench.support.RepoRoot;
import dev.memwall.bench.support.Scenarios;
import dev.memwall.bench.support.SimMetrics;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.workload.FixedWorkload;

/**
 * The CXL grid: one H100 serving Llama-3.1-8B with weights or KV on a pool of CXL devices of a
 * given latency, bandwidth and count ({@link CxlCluster}, {@link CxlPlacement}), running a named
 * workload ({@link NamedWorkload}). Each operation is a full simulation; the score is its wall
 * time. The simulated TPOT, TTFT and ITL percentiles (p50, p90, p99, p99.9, ms) and simulated
 * output tokens/s are JMH secondary results, from {@code SimMetricsProfiler}. Each point writes
 * its TPOT distribution under {@code results/jmh/} as {@code <point>.tpot.hgrm} (HdrHistogram
 * percentile table, ms) and {@code <point>.tpot.hlog} (HdrHistogram log, values in ns), where
 * {@code <point>} is e.g. {@code cxl-grid_lat250ns_bw64GBps_dev4_weights-striped_decode-heavy}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class CxlGridBenchmark {
    private static final String NAME = "cxl-grid";

    /** CXL latency per transfer, ns. */
    @Param({"250", "600"})
    double latencyNs;

    /** Bandwidth of one CXL device, GB/s. */
    @Param({"32", "64"})
    double bandwidthGBps;

    /** CXL devices in the pool. */
    @Param({"1", "4"})
    int devices;

    /** A {@link CxlPlacement} name. */
    @Param({"weights-cxl", "half-blocks-cxl", "kv-cxl", "weights-striped"})
    String placement;

    /** A {@link NamedWorkload} name. */
    @Param({"decode-heavy", "chat"})
    String workload;

    private ClusterSimulation sim;
    private FixedWorkload requests;

    @Setup(Level.Trial)
    public void setUp() {
        Path root = RepoRoot.get();
        CxlCluster cluster = new CxlCluster(latencyNs, bandwidthGBps, devices, CxlPlacement.of(placement));
        ClusterBuilder.Built built = ClusterBuilder.build(cluster.load(), Scenarios.options(root), null);
        sim = built.simulation();
        requests = NamedWorkload.of(workload).create();
        simulate();
        if (sim.completedRequests() != requests.size()) {
            throw new IllegalStateException(pointName() + ": " + sim.completedRequests() + " of " + requests.size()
                    + " requests completed");
        }
    }

    @Benchmark
    public long simulate() {
        requests.rewind();
        sim.run(requests, NAME);
        return sim.endTimeNs();
    }

    /** Hands the last run's simulated distributions to the profiler. */
    @TearDown(Level.Iteration)
    public void post() {
        SimMetrics.post(sim);
    }

    /** Writes the point's TPOT distribution under {@code results/jmh/}. */
    @TearDown(Level.Trial)
    public void writeHistograms() {
        writeTpot(RepoRoot.get().resolve("results").resolve("jmh"), pointName(), sim);
    }

    /** The point's file-name stem, e.g. {@code cxl-grid_lat250ns_bw64GBps_dev4_weights-striped_decode-heavy}. */
    String pointName() {
        return pointName(latencyNs, bandwidthGBps, devices, placement, workload);
    }

    static String pointName(double latencyNs, double bandwidthGBps, int devices, String placement, String workload) {
        return NAME + "_lat" + number(latencyNs) + "ns_bw" + number(bandwidthGBps) + "GBps_dev" + devices + "_"
                + placement + "_" + workload;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.US, "%s", v).replace('.', 'p');
    }

    /** Writes {@code <stem>.tpot.hgrm} and {@code <stem>.tpot.hlog} for the last run of {@code sim}. */
    static void writeTpot(Path dir, String stem, ClusterSimulation sim) {
        Histogram tpot = sim.latency().tpot.histogram().copy();
        tpot.setStartTimeStamp(0);
        tpot.setEndTimeStamp(Math.max(1, sim.endTimeNs() / 1_000_000));
        try {
            Files.createDirectories(dir);
            try (OutputStream os = Files.newOutputStream(dir.resolve(stem + ".tpot.hgrm"));
                 PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8)) {
                tpot.outputPercentileDistribution(ps, 5, 1e6);
            }
            try (OutputStream os = Files.newOutputStream(dir.resolve(stem + ".tpot.hlog"));
                 PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8)) {
                HistogramLogWriter log = new HistogramLogWriter(ps);
                log.outputComment("memwall " + stem + ": simulated TPOT, values in ns, timestamps in simulated s");
                log.outputLogFormatVersion();
                log.outputStartTime(0);
                log.setBaseTime(0);
                log.outputLegend();
                log.outputIntervalHistogram(tpot);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
