package dev.memwall.bench.support;

import java.nio.file.Path;

import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.InstanceStats;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.FixedWorkload;

/**
 * A run whose every iteration has the same batch: {@code batch} requests of
 * {@value #PROMPT_TOKENS} prompt tokens and {@value #STEPS} output tokens arrive together on one
 * H100 serving Llama-3.1-8B with {@code max_num_seqs = batch}. The first iteration prefills every
 * prompt at once ({@code 256 * 8} tokens fit the default 2,048-token budget) and emits each
 * request's first token; each later one decodes one token for all of them, so the run is exactly
 * {@value #STEPS} steps of {@code batch} requests. The KV pool is sized to twice what the batch
 * needs, so the per-run reset of the pool stays small beside the steps.
 */
public final class StepScenario {
    /** Iterations of one run, and output tokens of each request. */
    public static final int STEPS = 1024;
    /** Prompt tokens of each request. */
    public static final int PROMPT_TOKENS = 8;

    private final ClusterBuilder.Built built;
    private final int batch;

    public StepScenario(Path root, int batch) {
        if (batch < 1 || batch * PROMPT_TOKENS > SimulationOptions.defaults().maxNumBatchedTokens()) {
            throw new IllegalArgumentException("batch must be in 1.." + SimulationOptions.defaults().maxNumBatchedTokens()
                    / PROMPT_TOKENS + " (got " + batch + ")");
        }
        this.batch = batch;
        SimulationOptions options = Scenarios.options(root).toBuilder().maxNumSeqs(batch).build();
        ClusterBuilder.ResolvedInstance probe = ClusterBuilder.build(Scenarios.singleH100(root), options, null)
                .instances().get(0);
        int blockSize = probe.blockSize();
        long needed = (long) batch * ((PROMPT_TOKENS + STEPS + blockSize - 1) / blockSize);
        double util = (probe.weightsHbmBytes() + 2.0 * needed * probe.kvBlockBytes()) / probe.hbmCapacityBytes();
        this.built = ClusterBuilder.build(Scenarios.singleH100(root),
                options.toBuilder().npuMemoryUtilization(Math.min(util, 0.9)).build(), null);
    }

    public ClusterSimulation simulation() {
        return built.simulation();
    }

    /** A fresh copy of the workload. */
    public FixedWorkload workload() {
        return FixedWorkload.burst(batch, PROMPT_TOKENS, STEPS);
    }

    /**
     * Runs {@code workload} once and checks the run is what the benchmark claims: {@value #STEPS}
     * iterations, every request done, nothing preempted.
     *
     * @throws IllegalStateException when it is not
     */
    public void check(ClusterSimulation sim, FixedWorkload workload) {
        workload.rewind();
        sim.run(workload, "scheduler-step check");
        InstanceStats st = sim.instanceStats(0);
        if (st.iterations() != STEPS || sim.completedRequests() != batch || st.preemptions() != 0
                || st.outputTokensDone() != (long) batch * STEPS) {
            throw new IllegalStateException("batch " + batch + ": expected " + STEPS + " iterations of " + batch
                    + " requests, got " + st.iterations() + " iterations, " + sim.completedRequests() + " completed, "
                    + st.preemptions() + " preemptions, " + st.outputTokensDone() + " tokens");
        }
    }
}
