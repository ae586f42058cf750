package dev.memwall.bench.serving;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.memwall.bench.support.RepoRoot;
import dev.memwall.bench.support.StepScenario;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.workload.FixedWorkload;

/**
 * One scheduler step of one H100 instance at a fixed batch size: form the batch, time the
 * iteration, retire its tokens, through the event loop. Each operation is a whole simulation of
 * {@code batch} requests whose every one of {@value StepScenario#STEPS} iterations runs all of
 * them (see {@link StepScenario}), so the score is wall ns per step, including a
 * {@value StepScenario#STEPS}-th share of the run's reset.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SchedulerStepBenchmark {
    private static final String NAME = "scheduler-step";

    @Param({"1", "64", "256"})
    int batch;

    private ClusterSimulation sim;
    private FixedWorkload workload;

    @Setup(Level.Trial)
    public void setUp() {
        StepScenario scenario = new StepScenario(RepoRoot.get(), batch);
        sim = scenario.simulation();
        workload = scenario.workload();
        scenario.check(sim, workload);
    }

    @Benchmark
    @OperationsPerInvocation(StepScenario.STEPS)
    public long step() {
        workload.rewind();
        sim.run(workload, NAME);
        return sim.endTimeNs();
    }
}
