package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

class ClusterBuilderTest {
    @TempDir
    Path dir;

    private static SimulationOptions options() {
        Path root = RepoPaths.root();
        return SimulationOptions.defaults()
                .withModelsAndHardware(root.resolve("configs/models"), root.resolve("configs/hardware"));
    }

    @Test
    void instancesOnSeveralNodesAreNumberedInNodeOrderAndAllServe() throws IOException {
        // Node 0 holds two instances (H100, then an RTXPRO6000 with an override), node 1 one L40S.
        Path file = dir.resolve("cluster.json");
        Files.writeString(file, """
                {"num_nodes": 2, "link_bw": 16, "link_latency": 20000,
                 "nodes": [
                  {"num_instances": 2, "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [
                    {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "pd_type": null, "tp_size": 1},
                    {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "RTXPRO6000",
                     "npu_mem": {"mem_size": 96, "mem_bw": 1597, "mem_latency": 0, "mem_util": 0.5},
                     "pd_type": null, "tp_size": 1, "max_num_seqs": 4, "block_size": 32}]},
                  {"num_instances": 1, "cpu_mem": {"mem_size": 256, "mem_bw": 250, "mem_latency": 115},
                   "instances": [
                    {"model_name": "meta-llama/Llama-2-7b-hf", "hardware": "L40S",
                     "npu_mem": {"mem_size": 48, "mem_bw": 864, "mem_latency": 0}, "pd_type": null, "tp_size": 1}]}]}
                """);
        ClusterBuilder.Built built = ClusterBuilder.build(ClusterConfigLoader.load(file),
                options().withRouting(RoutingPolicy.RR), null);
        assertEquals(3, built.instances().size());
        assertEquals("H100", built.instances().get(0).hardwareName());
        assertEquals("L40S", built.instances().get(2).hardwareName());
        // Instance overrides win over run options.
        ClusterBuilder.ResolvedInstance rtx = built.instances().get(1);
        assertEquals(4, rtx.settings().maxNumSeqs());
        assertEquals(32, rtx.blockSize());
        // (96 GiB x 0.5 - 16,060,522,496 B) / (32 x 131,072 B) = 35,479,085,056 / 4,194,304 = 8,458.9.
        assertEquals(8_458, rtx.kvBlocks());
        // Llama-2-7B keeps every head's KV: 2 x 32 x 128 x 32 layers x 2 B = 524,288 B per token.
        assertEquals(16 * 524_288L, built.instances().get(2).kvBlockBytes());

        ClusterSimulation sim = built.simulation();
        sim.run(FixedWorkload.burst(9, 64, 8), "nine");
        assertEquals(9, sim.completedRequests());
        for (int r = 0; r < 9; r++) {
            assertEquals(r % 3, sim.requests().instance(r), "round-robin over nodes' instances");
        }
    }
}
