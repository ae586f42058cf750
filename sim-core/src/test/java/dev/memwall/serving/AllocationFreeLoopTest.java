package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/**
 * The event loop allocates nothing in steady state: after two warm-up runs have grown every
 * array to size, a further run of the same workload allocates 0 bytes on this thread.
 *
 * <p>Maven runs this class in its own JVM with {@code -Xint} (see sim-core's pom): interpreted,
 * every allocation site in the loop executes literally, so 0 bytes proves there is none. Under
 * the JIT a deoptimisation can rematerialise a few hundred bytes at an unpredictable moment,
 * which would make the measurement flaky without saying anything about the code.
 */
class AllocationFreeLoopTest {

    @Test
    void warmedSimulationLoopAllocatesZeroBytes() {
        Path root = RepoPaths.root();
        assertWarmedRunAllocatesNothing(root.resolve("configs/cluster/two_instance_h100.json"), 0.25,
                SimulationOptions.defaults());
    }

    @Test
    void warmedLoopThatRecyclesFinishedRequestsAllocatesZeroBytes() {
        // As simulate runs: each finished request handed on, its slot and arena regions reused.
        Path root = RepoPaths.root();
        assertWarmedRunAllocatesNothing(root.resolve("configs/cluster/two_instance_h100.json"), 0.25,
                SimulationOptions.defaults(), true);
    }

    @Test
    void warmedLoopAllocatesZeroBytesWithWeightsAndKvOffTheGpu(@TempDir Path dir) throws IOException {
        // Half the blocks' weights striped over two CXL devices, the rest on the host; the KV
        // pool on a third CXL device: every transfer path of the physical model runs.
        Path config = dir.resolve("offload.json");
        Files.writeString(config, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 64, "mem_bw": 60, "mem_latency": 250, "num_devices": 3},
                 "nodes": [{"num_instances": 2,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [
                    {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "tp_size": 1, "pd_type": null,
                     "placement": {"default": {"weights": "cpu", "kv_loc": "cxl:2"},
                                   "blocks": [{"blocks": "0-15", "weights": "cxl:0+1"}]}},
                    {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "tp_size": 1, "pd_type": null,
                     "placement": {"default": {"weights": "cxl:*"}}}]}]}
                """);
        assertWarmedRunAllocatesNothing(config, 0.9, SimulationOptions.defaults());
    }

    @Test
    void warmedLoopAllocatesZeroBytesWithADataParallelGroupOfPipelines(@TempDir Path dir) throws IOException {
        // Two members of one dp_group, each two pipeline stages: waves, dummies, padding, the
        // wave-start event and the stage hops all run.
        String member = """
                {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                 "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                 "tp_size": 1, "pp_size": 2, "num_npus": 2, "dp_group": "A", "pd_type": null}""";
        Path config = dir.resolve("dp-pp.json");
        Files.writeString(config, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "nodes": [{"num_instances": 2,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [%s, %s]}]}
                """.formatted(member, member));
        assertWarmedRunAllocatesNothing(config, 0.15, SimulationOptions.defaults());
    }

    @Test
    void warmedLoopAllocatesZeroBytesWithSwapAndASecondPrefixTier(@TempDir Path dir) throws IOException {
        // Tight HBM so blocks are preempted (swapped to host DRAM) and cached prefixes evicted to
        // the second tier and found there again; shared prompt prefixes make the hashing run.
        Path config = dir.resolve("swap.json");
        Files.writeString(config, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "nodes": [{"num_instances": 2,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [
                    {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "tp_size": 1, "pd_type": null},
                    {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "tp_size": 1, "pd_type": null}]}]}
                """);
        assertWarmedRunAllocatesNothing(config, 0.25, SimulationOptions.defaults().toBuilder()
                .preemptionMode(PreemptionMode.SWAP).prefixStorage(PrefixStorage.CPU).build());
    }

    @Test
    void warmedLoopAllocatesZeroBytesWithPimAttentionAndSubBatchInterleaving(@TempDir Path dir) throws IOException {
        Path root = RepoPaths.root();
        Path config = dir.resolve("pim.json");
        // Offloading instances keep their KV in the node's PIM memory: 10 GiB of it (~40k tokens
        // each) keeps the KV as tight as the other runs' HBM.
        Files.writeString(config, Files.readString(root.resolve("configs/cluster/two_instance_h100.json"))
                .replace("\"mem_size\": 1024", "\"mem_size\": 10")
                .replace("\"mem_latency\": 115", "\"mem_latency\": 115, \"pim_config\": \"DDR5_16GB_4800_pim\""));
        assertWarmedRunAllocatesNothing(config, 0.25,
                SimulationOptions.defaults().toBuilder().attnOffloading(true).subBatchInterleaving(true)
                        .pimDir(root.resolve("configs/pim")).build());
    }

    private static void assertWarmedRunAllocatesNothing(Path clusterConfig, double memoryUtilization,
            SimulationOptions base) {
        assertWarmedRunAllocatesNothing(clusterConfig, memoryUtilization, base, false);
    }

    private static void assertWarmedRunAllocatesNothing(Path clusterConfig, double memoryUtilization,
            SimulationOptions base, boolean recycle) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        Path root = RepoPaths.root();
        // Tight KV (util 0.25 leaves ~41k tokens per H100 instance) makes preemption, chunked
        // prefill, routing and completion paths all run; prefix caching on.
        SimulationOptions options = base
                .withModelsAndHardware(root.resolve("configs/models"), root.resolve("configs/hardware"))
                .withMemoryUtilization(memoryUtilization)
                .withMaxNumSeqs(256)
                .withKeepTokenTimes(true);
        ClusterSimulation sim = ClusterBuilder.build(ClusterConfigLoader.load(clusterConfig), options, null)
                .simulation();
        if (recycle) {
            sim.streamFinished(dev.memwall.metrics.FinishedRequests.DISCARD);
        }
        int n = 600;
        long[] arrivals = new long[n];
        int[] prompts = new int[n];
        int[] outputs = new int[n];
        for (int i = 0; i < n; i++) {
            arrivals[i] = i * 2_000_000L; // 500 req/s
            prompts[i] = 256 + (i * 37) % 1800;
            outputs[i] = 32 + (i * 53) % 400;
        }
        FixedWorkload workload = new FixedWorkload(arrivals, prompts, outputs).withSharedPrefix(200);

        // One name for every run: a string literal's first use allocates it.
        String name = "allocation test";
        for (int warm = 0; warm < 2; warm++) {
            workload.rewind();
            sim.run(workload, name);
        }
        long tid = Thread.currentThread().getId();
        // Warm the probe too: its first calls resolve classes and allocate.
        for (int i = 0; i < 3; i++) {
            threads.getThreadAllocatedBytes(tid);
        }
        // The runs are identical (same workload, same state after reset), so one run that
        // allocates 0 bytes proves that no allocation site on the loop's path executed. Two
        // builds on a loaded machine once each saw a run charged 80 B and 3,928 B that no rerun
        // reproduced (15 reruns gave 0): an allocating loop allocates in every run, so the least
        // of up to three runs tells a real allocation from such a one-off.
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && allocated != 0; attempt++) {
            workload.rewind();
            long before = threads.getThreadAllocatedBytes(tid);
            sim.run(workload, name);
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(tid) - before);
        }

        assertEquals(n, sim.completedRequests());
        if (memoryUtilization < 0.5) {
            assertTrue(sim.instanceStats(0).preemptions() + sim.instanceStats(1).preemptions() > 0,
                    "the workload should exercise preemption");
        }
        assertEquals(0, allocated, "bytes allocated by a warmed simulation run (the least of up to three)");
    }
}
