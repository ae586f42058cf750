package dev.memwall.result;

import dev.memwall.memory.MemorySystem;
import dev.memwall.power.Usage;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.InstanceStats;

/**
 * What a run has counted, up to a moment, in the terms the power model prices: compute, memory
 * stall and standby time per instance, the bytes its TP all-reduces moved, and every device's and
 * link's bytes. Read at the end of a run and, for average power, at each heartbeat.
 */
public final class EnergyUsage {
    /** All-reduces per decoder block: after attention's output projection and after the MLP. */
    private static final int ALL_REDUCES_PER_BLOCK = 2;

    private EnergyUsage() {
    }

    /** The usage of {@code built}'s simulation up to {@code atNs}. */
    public static Usage of(ClusterBuilder.Built built, long atNs) {
        ClusterSimulation sim = built.simulation();
        int n = sim.instanceCount();
        long[] compute = new long[n];
        long[] stalled = new long[n];
        long[] standby = new long[n];
        double[] ring = new double[n];
        double[] pim = new double[n];
        for (int i = 0; i < n; i++) {
            compute[i] = sim.computeNs(i);
            stalled[i] = sim.busyNs(i) - sim.computeNs(i);
            standby[i] = sim.standbyGapNs(i, atNs);
            InstanceStats st = sim.instanceStats(i);
            ring[i] = ringBytes(built.instances().get(i), st);
            pim[i] = st.pim() == null ? 0 : st.pim().kvBytesRead();
        }
        MemorySystem m = sim.memory();
        double[] bytes = new double[m.count()];
        boolean[] inUse = new boolean[m.count()];
        for (int d = 0; d < bytes.length; d++) {
            bytes[d] = m.bytesTransferred(d);
            inUse[d] = bytes[d] > 0 || m.peakUsedBytes(d) > 0;
        }
        return new Usage(atNs, compute, stalled, standby, ring, bytes, inUse, pim);
    }

    /**
     * Bytes an instance's TP all-reduces put on its scale-up links: per token computed (prompt
     * tokens not found in a prefix cache, output tokens, recomputed tokens), two all-reduces of the
     * hidden state per block, a ring moving {@code 2 (p - 1)} times the reduced bytes over all GPUs.
     */
    static double ringBytes(ClusterBuilder.ResolvedInstance ri, InstanceStats st) {
        int tp = ri.shape().tpSize();
        if (tp <= 1) {
            return 0;
        }
        double tokens = st.promptTokensDone() - st.prefixHitTokens() - st.prefixLowerHitTokens()
                + st.outputTokensDone() + st.recomputedTokens();
        double reduced = (double) ri.shape().config().hiddenSize() * ri.dtype().bytesPerElement()
                * ALL_REDUCES_PER_BLOCK * ri.shape().blockCount();
        return Math.max(0, tokens) * reduced * 2.0 * (tp - 1);
    }
}
