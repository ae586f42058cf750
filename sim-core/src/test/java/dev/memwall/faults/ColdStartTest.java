package dev.memwall.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.result.Metric;
import dev.memwall.result.RunReduction;
import dev.memwall.result.RunResult;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/** Cold start: the weights' load time by hand, and the first request waiting for it with --cold-start. */
class ColdStartTest {
    private static RunResult run(boolean coldStart) {
        ClusterConfig c = ClusterConfigLoader.load(RepoPaths.root().resolve(
                "configs/cluster/single_node_single_instance.json"));
        SimulationOptions o = SimulationOptions.defaults().withModelsAndHardware(RepoPaths.models(),
                RepoPaths.hardware()).toBuilder().coldStart(coldStart).build();
        ClusterBuilder.Built built = ClusterBuilder.build(c, o, null);
        Faults.install(built, c);
        built.simulation().run(FixedWorkload.burst(1, 128, 8), "one");
        return RunReduction.reduce(built, 0);
    }

    @Test
    void loadingWeightsIntoHbmTakesTheirBytesOverTheHostLink() {
        RunResult r = run(false);
        // Llama-3.1-8B BF16 (16.06 GB) from host DRAM (250 GB/s) over the H100's 55 GB/s PCIe link.
        double expected = r.instances().get(0).weightsHbmBytes() / 55e9;
        assertEquals(expected, r.get(Metric.COLD_START_SECONDS), 1e-9);
        assertTrue(expected > 0.28 && expected < 0.3, "" + expected);
    }

    @Test
    void withColdStartTheFirstRequestWaitsForTheWeights() {
        double warm = run(false).get(Metric.TTFT_P50);
        RunResult cold = run(true);
        double load = cold.get(Metric.COLD_START_SECONDS) * 1e3;
        assertEquals(warm + load, cold.get(Metric.TTFT_P50), 0.01 * warm + 1e-3);
    }
}
