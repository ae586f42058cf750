package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.workload.FixedWorkload;

/**
 * The event loop allocates nothing in steady state: after two warm-up runs have grown every
 * array to size, a third run of the same workload allocates 0 bytes on this thread.
 *
 * <p>Maven runs this class in its own JVM with {@code -Xint} (see sim-core's pom): interpreted,
 * every allocation site in the loop executes literally, so 0 bytes proves there is none. Under
 * the JIT a deoptimisation can rematerialise a few hundred bytes at an unpredictable moment,
 * which would make the measurement flaky without saying anything about the code.
 */
class AllocationFreeLoopTest {

    @Test
    void warmedSimulationLoopAllocatesZeroBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        Path root = TestPaths.root();
        // Two instances, tight KV (util 0.25 leaves ~41k tokens each) so that preemption,
        // chunked prefill, routing and completion paths all run; prefix caching on.
        SimulationOptions options = SimulationOptions.defaults()
                .withModelsAndHardware(root.resolve("configs/models"), root.resolve("configs/hardware"))
                .withMemoryUtilization(0.25)
                .withMaxNumSeqs(256)
                .withKeepTokenTimes(true);
        ClusterSimulation sim = ClusterBuilder.build(
                ClusterConfigLoader.load(root.resolve("configs/cluster/two_instance_h100.json")), options, null)
                .simulation();
        int n = 600;
        long[] arrivals = new long[n];
        int[] prompts = new int[n];
        int[] outputs = new int[n];
        for (int i = 0; i < n; i++) {
            arrivals[i] = i * 2_000_000L; // 500 req/s
            prompts[i] = 256 + (i * 37) % 1800;
            outputs[i] = 32 + (i * 53) % 400;
        }
        FixedWorkload workload = new FixedWorkload(arrivals, prompts, outputs);

        // One name for every run: a string literal's first use allocates it.
        String name = "allocation test";
        for (int warm = 0; warm < 2; warm++) {
            workload.rewind();
            sim.run(workload, name);
        }
        workload.rewind();
        long tid = Thread.currentThread().getId();
        // Warm the probe too: its first calls resolve classes and allocate.
        for (int i = 0; i < 3; i++) {
            threads.getThreadAllocatedBytes(tid);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        sim.run(workload, name);
        long after = threads.getThreadAllocatedBytes(tid);

        assertEquals(n, sim.completedRequests());
        assertTrue(sim.instanceStats(0).preemptions() + sim.instanceStats(1).preemptions() > 0,
                "the workload should exercise preemption");
        assertEquals(0, after - before, "bytes allocated by a warmed simulation run");
    }
}
