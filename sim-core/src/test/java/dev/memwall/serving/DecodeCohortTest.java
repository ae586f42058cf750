package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.memory.MemoryModel;
import dev.memwall.metrics.PerRequestCsv;
import dev.memwall.result.RunReduction;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/**
 * Advancing steady decodes a batch at a time ({@link DecodeCohort}) changes no result: every
 * metric, every instance's figures and the per-request CSV byte for byte are those of the same
 * run handled token by token, through preemption by recompute and by swap under a tight KV pool,
 * prefix caching, P/D hand-offs, KV and experts on CXL, recycled request slots, and a batch of
 * identical requests that all fill a block and finish at once. Each run must also have handed
 * the cohort a real share of its tokens, so that the comparison compares something.
 */
class DecodeCohortTest {
    /** Prefix of a cluster config of LLMServingSim's, run with its profiles under {@code --memory-model lss}. */
    private static final String LSS = "lss:";

    @TempDir
    Path dir;

    private ClusterBuilder.Built build(String cluster, double memUtil, PreemptionMode mode, boolean prefixCaching)
            throws IOException {
        Path root = RepoPaths.root();
        SimulationOptions.Builder options = SimulationOptions.defaults().toBuilder()
                .modelsDir(root.resolve("configs/models")).hardwareDir(root.resolve("configs/hardware"))
                .npuMemoryUtilization(memUtil).preemptionMode(mode).prefixCaching(prefixCaching);
        Path config = root.resolve("configs/cluster/" + cluster);
        if (cluster.startsWith(LSS)) {
            // LLMServingSim's config and measured kernel profiles: the profile backend reads the
            // batch's smallest and largest decode context, which the roofline ignores.
            config = RepoPaths.sharedFile("llmservingsim-files/configs/cluster/" + cluster.substring(LSS.length()));
            options.profileDir(RepoPaths.shared().resolve("llmservingsim-files/profiler/perf"))
                    .timing(TimingBackend.PROFILE).memoryModel(MemoryModel.LSS);
        }
        return ClusterBuilder.build(ClusterConfigLoader.load(config), options.build(), null);
    }

    /** 900 requests at 40 req/s of varied lengths with shared prompt prefixes, or 600 identical ones at once. */
    private static FixedWorkload workload(boolean identical) {
        int n = identical ? 600 : 900;
        long[] arrivals = new long[n];
        int[] prompts = new int[n];
        int[] outputs = new int[n];
        for (int i = 0; i < n; i++) {
            arrivals[i] = identical ? 0 : i * 25_000_000L;
            prompts[i] = identical ? 1024 : 64 + (i * 37) % 1500;
            outputs[i] = identical ? 256 : 1 + (i * 53) % 400;
        }
        FixedWorkload w = new FixedWorkload(arrivals, prompts, outputs);
        return identical ? w : w.withSharedPrefix(128);
    }

    private record Outcome(double[] metrics, Object instances, String csv, long cohortTokens, long outputTokens,
            long preemptions) {
    }

    private Outcome run(String cluster, double memUtil, PreemptionMode mode, boolean prefixCaching, boolean identical,
            boolean cohorts, boolean streamed) throws IOException {
        ClusterBuilder.Built built = build(cluster, memUtil, mode, prefixCaching);
        ClusterSimulation sim = built.simulation();
        sim.useDecodeCohorts(cohorts);
        String[] models = new String[built.instances().size()];
        for (int i = 0; i < models.length; i++) {
            models[i] = built.instances().get(i).modelName();
        }
        String csv;
        if (streamed) {
            Path file = dir.resolve("streamed-" + cohorts + ".csv");
            try (PerRequestCsv.Stream stream = new PerRequestCsv.Stream(file, models)) {
                sim.streamFinished(stream);
                sim.run(workload(identical), "trace");
                stream.finish();
            }
            csv = Files.readString(file);
        } else {
            sim.run(workload(identical), "trace");
            int[][] order = new int[models.length][];
            for (int i = 0; i < models.length; i++) {
                order[i] = sim.completionOrder(i);
            }
            StringWriter out = new StringWriter();
            PerRequestCsv.write(out, sim.requests(), order, models);
            csv = out.toString();
        }
        long outputTokens = 0;
        long preemptions = 0;
        for (int i = 0; i < models.length; i++) {
            outputTokens += sim.instanceStats(i).outputTokensDone();
            preemptions += sim.instanceStats(i).preemptions();
        }
        return new Outcome(RunReduction.measure(sim), RunReduction.reduce(built, 0).instances(), csv,
                sim.tokensAdvancedByCohorts(), outputTokens, preemptions);
    }

    @ParameterizedTest(name = "{0} at {1}, {2}, prefix caching {3}, identical {4}, streamed {5}, preempts {6}")
    @CsvSource({
        "two_instance_h100.json, 0.25, RECOMPUTE, true, false, false, true",
        "two_instance_h100.json, 0.25, SWAP, false, false, false, true",
        "two_instance_h100.json, 0.9, RECOMPUTE, true, false, true, false",
        "pd_llama8b_h100_two_nodes.json, 0.9, RECOMPUTE, false, false, false, false",
        "two_instance_h100_kv_cxl.json, 0.9, RECOMPUTE, false, false, false, false",
        "qwen3_30b_a3b_h100_experts_cxl.json, 0.9, RECOMPUTE, false, false, false, false",
        "single_node_single_instance.json, 0.9, RECOMPUTE, false, true, false, false",
        "single_node_single_instance.json, 0.25, RECOMPUTE, false, true, false, true",
        "lss:single_node_single_instance.json, 0.9, RECOMPUTE, false, false, false, false"})
    void advancingSteadyDecodesABatchAtATimeChangesNoResultAndNoCsvByte(String cluster, double memUtil,
            PreemptionMode mode, boolean prefixCaching, boolean identical, boolean streamed, boolean preempts)
            throws IOException {
        Outcome oneByOne = run(cluster, memUtil, mode, prefixCaching, identical, false, streamed);
        Outcome cohorts = run(cluster, memUtil, mode, prefixCaching, identical, true, streamed);

        assertEquals(preempts, oneByOne.preemptions() > 0, oneByOne.preemptions() + " preemptions");
        assertEquals(0, oneByOne.cohortTokens());
        assertTrue(cohorts.cohortTokens() > cohorts.outputTokens() / 4, cohorts.cohortTokens() + " of "
                + cohorts.outputTokens() + " output tokens advanced by cohorts: too few to compare anything");
        assertArrayEquals(oneByOne.metrics(), cohorts.metrics());
        assertEquals(oneByOne.instances(), cohorts.instances());
        assertEquals(oneByOne.csv(), cohorts.csv());
    }
}
