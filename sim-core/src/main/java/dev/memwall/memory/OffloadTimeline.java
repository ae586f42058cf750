package dev.memwall.memory;

/**
 * One instance's iteration when some weights or its KV cache live off the GPU: which transfers
 * each layer waits for, when they are issued, and when each layer computes. Built once per
 * instance; {@link #run} allocates nothing.
 *
 * <ul>
 *   <li>{@link Mode#PHYSICAL} (DESIGN.md, "The physics"): off-GPU weights, and the KV an
 *       attention layer reads and writes when the pool is off the GPU, cross device and host
 *       link each iteration. Transfers run ahead of compute through a staging buffer of
 *       {@code window} layers: the k-th transfer of an iteration is issued at its start when
 *       {@code k < window}, else when the layer of transfer {@code k - window} has computed and
 *       freed its slot. {@code start_l = max(end_{l-1}, fetchDone_l)}.</li>
 *   <li>{@link Mode#LSS} (LLMServingSim, reference §5): every weight load of the iteration is
 *       issued at its start, one FIFO per device, no host link; KV placement is ignored.</li>
 * </ul>
 * The iteration's fixed time (scheduling, sampling) follows the last layer.
 */
public final class OffloadTimeline {
    /** Which memory model times the transfers. */
    public enum Mode {
        PHYSICAL, LSS
    }

    private final MemorySystem memory;
    private final Mode mode;
    private final int ranks;
    private final int window;
    private final TransferPath[] weightPath;
    private final double[] weightBytes;
    private final TransferPath kvPath;
    private final boolean[] attention;
    private final double kvBytesPerTokenPerLayer;
    private final long[] layerEnd;
    private final long[] fetchDone;
    private final int[] slotLayer;

    /**
     * @param weightPath  per layer, the path its weights stream over, or null when in HBM
     * @param weightBytes per layer, one rank's weight bytes
     * @param kvPath      the KV pool's path when off the GPU, else null
     * @param attention   per layer, whether it reads the KV cache
     * @param ranks       tensor-parallel ranks, each streaming its own shard over its own link
     */
    public OffloadTimeline(MemorySystem memory, Mode mode, int ranks, int window, TransferPath[] weightPath,
            double[] weightBytes, TransferPath kvPath, boolean[] attention, double kvBytesPerTokenPerLayer) {
        if (window < 1) {
            throw new IllegalArgumentException("prefetch window must be >= 1 layer");
        }
        this.memory = memory;
        this.mode = mode;
        this.ranks = ranks;
        this.window = window;
        this.weightPath = weightPath.clone();
        this.weightBytes = weightBytes.clone();
        this.kvPath = mode == Mode.LSS ? null : kvPath;
        this.attention = attention.clone();
        this.kvBytesPerTokenPerLayer = kvBytesPerTokenPerLayer;
        int n = weightPath.length;
        layerEnd = new long[n];
        fetchDone = new long[n];
        slotLayer = new int[2 * n];
    }

    /**
     * Times one iteration starting at {@code startNs}.
     *
     * @param layerNs       compute time of each layer
     * @param fixedNs       the iteration's time outside the layers
     * @param kvTokens      tokens of KV attention reads and writes per layer (context plus new)
     * @return when the iteration ends
     */
    public long run(long startNs, long[] layerNs, long fixedNs, long kvTokens) {
        return mode == Mode.LSS ? runLss(startNs, layerNs, fixedNs) : runPhysical(startNs, layerNs, fixedNs, kvTokens);
    }

    private long runPhysical(long startNs, long[] layerNs, long fixedNs, long kvTokens) {
        final int n = layerNs.length;
        final double kvBytes = kvBytesPerTokenPerLayer * kvTokens;
        long prevEnd = startNs;
        int slots = 0;
        for (int l = 0; l < n; l++) {
            long ready = prevEnd;
            TransferPath wp = weightPath[l];
            boolean fetchWeights = wp != null && weightBytes[l] > 0;
            boolean fetchKv = kvPath != null && attention[l] && kvBytes > 0;
            if (fetchWeights || fetchKv) {
                long issue = slots < window ? startNs : layerEnd[slotLayer[slots - window]];
                slotLayer[slots++] = l;
                if (fetchWeights) {
                    ready = Math.max(ready, memory.transfer(wp, weightBytes[l], ranks, issue));
                }
                if (fetchKv) {
                    ready = Math.max(ready, memory.transfer(kvPath, kvBytes, ranks, issue));
                }
            }
            long end = ready + layerNs[l];
            layerEnd[l] = end;
            prevEnd = end;
        }
        return prevEnd + fixedNs;
    }

    private long runLss(long startNs, long[] layerNs, long fixedNs) {
        final int n = layerNs.length;
        for (int l = 0; l < n; l++) {
            TransferPath wp = weightPath[l];
            fetchDone[l] = wp != null && weightBytes[l] > 0 ? memory.transfer(wp, weightBytes[l], ranks, startNs) : startNs;
        }
        long prevEnd = startNs;
        for (int l = 0; l < n; l++) {
            prevEnd = Math.max(prevEnd, fetchDone[l]) + layerNs[l];
        }
        return prevEnd + fixedNs;
    }

    public Mode mode() {
        return mode;
    }
}
