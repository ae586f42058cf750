package dev.memwall.gate;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.PreemptionMode;
import dev.memwall.serving.PrefixStorage;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.FixedWorkload;

/**
 * The allocation gate's probe: warms simulations of shipped configs (weights and KV in HBM, and
 * two instances streaming weights from shared CXL devices with swap and a second prefix tier),
 * then measures what one more run allocates on this thread. Run interpreted ({@code -Xint}), as
 * {@code gate --allocation} does: every allocation site then executes literally, so 0 bytes
 * proves the loop has none, while under the JIT a deoptimisation can rematerialise a few hundred
 * bytes at an unpredictable moment.
 *
 * <p>Prints one line per scenario and exits 0 when every one allocated 0 bytes, 1 otherwise.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    /** {@code args[0]}: the repository root. */
    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        SimulationOptions base = SimulationOptions.defaults().toBuilder()
                .modelsDir(root.resolve("configs/models")).hardwareDir(root.resolve("configs/hardware"))
                .maxNumSeqs(256).keepTokenTimes(true).build();
        long worst = 0;
        worst = Math.max(worst, measure("weights and KV in HBM, tight KV (preemption)",
                root.resolve("configs/cluster/two_instance_h100.json"),
                base.toBuilder().npuMemoryUtilization(0.25).build()));
        worst = Math.max(worst, measure("weights striped over shared CXL devices, swap, second prefix tier",
                root.resolve("configs/cluster/two_instance_h100_cxl.json"),
                base.toBuilder().npuMemoryUtilization(0.25).preemptionMode(PreemptionMode.SWAP)
                        .prefixStorage(PrefixStorage.CPU).build()));
        System.out.println(worst == 0 ? "PASS: a warmed simulation allocates 0 bytes"
                : "FAIL: a warmed simulation allocated " + worst + " bytes");
        System.exit(worst == 0 ? 0 : 1);
    }

    private static long measure(String name, Path config, SimulationOptions options) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        ClusterSimulation sim = ClusterBuilder.build(ClusterConfigLoader.load(config), options, null).simulation();
        int n = 300;
        long[] arrivals = new long[n];
        int[] prompts = new int[n];
        int[] outputs = new int[n];
        for (int i = 0; i < n; i++) {
            arrivals[i] = i * 2_000_000L;
            prompts[i] = 256 + (i * 37) % 1800;
            outputs[i] = 16 + (i * 53) % 200;
        }
        FixedWorkload workload = new FixedWorkload(arrivals, prompts, outputs).withSharedPrefix(200);
        String label = "allocation probe"; // one literal for every run: a literal's first use allocates
        for (int warm = 0; warm < 2; warm++) {
            workload.rewind();
            sim.run(workload, label);
        }
        workload.rewind();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 3; i++) {
            threads.getThreadAllocatedBytes(tid); // the probe's own first calls resolve classes
        }
        long before = threads.getThreadAllocatedBytes(tid);
        sim.run(workload, label);
        long bytes = threads.getThreadAllocatedBytes(tid) - before;
        System.out.println(bytes + " bytes allocated by a warmed run: " + name + " (" + sim.completedRequests()
                + " requests)");
        return bytes;
    }
}
