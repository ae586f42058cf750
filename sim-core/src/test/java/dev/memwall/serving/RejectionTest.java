package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.result.Metric;
import dev.memwall.result.RunReduction;
import dev.memwall.result.RunResult;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/** Requests vLLM would refuse are refused one by one, counted with their reason; the run goes on. */
class RejectionTest {
    private static ClusterBuilder.Built build(SimulationOptions.Builder o) {
        Path root = RepoPaths.root();
        SimulationOptions options = o.modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).build();
        return ClusterBuilder.build(ClusterConfigLoader.load(root.resolve("configs/cluster/single_node_single_instance.json")),
                options, null);
    }

    @Test
    void promptsLongerThanTheContextAreRejectedAndTheRestRun() {
        ClusterBuilder.Built built = build(SimulationOptions.defaults().toBuilder().maxModelLen(1000));
        // Prompts of 400, 1000 (fits exactly), 1001 and 5000 tokens.
        FixedWorkload work = new FixedWorkload(new long[] {0, 0, 0, 0}, new int[] {400, 1000, 1001, 5000},
                new int[] {10, 10, 10, 10});
        built.simulation().run(work, "test");
        RunResult r = RunReduction.reduce(built, 0);
        assertEquals(4, r.count(Metric.REQUESTS));
        assertEquals(2, r.count(Metric.COMPLETED));
        assertEquals(2, r.count(Metric.REJECTED));
        assertEquals(2, r.count(Metric.REJECTED_LONGER_THAN_CONTEXT));
        assertEquals(0, r.count(Metric.REJECTED_LARGER_THAN_KV_POOL));
        assertEquals(r.count(Metric.REQUESTS), r.count(Metric.COMPLETED) + r.count(Metric.REJECTED));
    }

    @Test
    void aRequestLargerThanTheWholeKvPoolIsRejectedNotFatal() {
        // At 0.2 of an 80 GiB H100, Llama-3.1-8B leaves ~0.96 GiB of KV: 490 blocks, 7,840 tokens.
        ClusterBuilder.Built built = build(SimulationOptions.defaults().toBuilder().npuMemoryUtilization(0.2));
        long blocks = built.instances().get(0).kvBlocks();
        int tooBig = (int) (blocks * 16 + 1);
        FixedWorkload work = new FixedWorkload(new long[] {0, 0}, new int[] {tooBig, 100}, new int[] {1, 10});
        built.simulation().run(work, "test");
        RunResult r = RunReduction.reduce(built, 0);
        assertEquals(1, r.count(Metric.COMPLETED));
        assertEquals(1, r.count(Metric.REJECTED_LARGER_THAN_KV_POOL));
        assertTrue(built.simulation().requests().endNs(1) > 0);
    }
}
