package dev.memwall.bench.simulation;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.memwall.bench.support.RepoRoot;
import dev.memwall.bench.support.Scenarios;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.InstanceStats;
import dev.memwall.workload.FixedWorkload;

/**
 * The whole standard scenario, one simulation per operation: Llama-3.1-8B BF16 on one H100, 2,000
 * requests of 1,024 prompt and 512 output tokens arriving at once, {@code max_num_seqs} 256.
 *
 * <p>The engine's speed in the simulator's own units comes from {@code @AuxCounters} of type
 * OPERATIONS, which JMH divides by the measured time summed over the iteration, so they aggregate
 * correctly: {@link #throughput} (ops/s) reports {@code outputTokens}, simulated output tokens per
 * wall second, and {@link #iterationTime} (ns/op) reports {@code iterations}, wall ns per
 * simulated iteration. Both runs are deterministic, so each operation adds the token and
 * iteration counts measured once at set-up (reading them per run would allocate a stats record).
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeHeavyBenchmark {
    private static final String NAME = "decode-heavy";

    private ClusterSimulation sim;
    private FixedWorkload workload;
    private long outputTokensPerRun;
    private long iterationsPerRun;

    /** Simulated work done, per JMH iteration; JMH turns each into a rate or a time per count. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counts {
        /** Simulated output tokens. */
        public long outputTokens;
        /** Simulated iterations (scheduler steps). */
        public long iterations;

        @Setup(Level.Iteration)
        public void clear() {
            outputTokens = 0;
            iterations = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        sim = Scenarios.decodeHeavyCluster(RepoRoot.get()).simulation();
        workload = Scenarios.decodeHeavy();
        sim.run(workload, NAME);
        InstanceStats st = sim.instanceStats(0);
        if (sim.completedRequests() != Scenarios.DECODE_HEAVY_REQUESTS) {
            throw new IllegalStateException("the standard scenario completed " + sim.completedRequests() + " requests");
        }
        outputTokensPerRun = st.outputTokensDone();
        iterationsPerRun = st.iterations();
    }

    private long simulate(Counts counts) {
        workload.rewind();
        sim.run(workload, NAME);
        counts.outputTokens += outputTokensPerRun;
        counts.iterations += iterationsPerRun;
        return sim.endTimeNs();
    }

    /** Simulations per second; secondary {@code outputTokens}: simulated output tokens per wall second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long throughput(Counts counts) {
        return simulate(counts);
    }

    /** ns per simulation; secondary {@code iterations}: wall ns per simulated iteration. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long iterationTime(Counts counts) {
        return simulate(counts);
    }
}
