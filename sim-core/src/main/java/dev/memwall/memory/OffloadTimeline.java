package dev.memwall.memory;

/**
 * One instance's iteration when some weights or its KV cache live off the GPU: which transfers
 * each layer waits for, when they are issued, and when each layer computes. Built once per
 * instance; nothing here allocates per iteration.
 *
 * <ul>
 *   <li>{@link MemoryModel#PHYSICAL} (DESIGN.md, "The physics"): off-GPU weights, and the KV an
 *       attention layer reads and writes when the pool is off the GPU, cross device and host
 *       link each iteration. Transfers run ahead of compute through a staging buffer of
 *       {@code window} layers: the k-th transfer of an iteration is issued at its start when
 *       {@code k < window}, else when the layer of transfer {@code k - window} has computed and
 *       freed its slot. {@code start_l = max(end_{l-1}, fetchDone_l)}.</li>
 *   <li>{@link MemoryModel#LSS} (LLMServingSim, reference §5): every weight load of the iteration is
 *       issued at its start, one FIFO per device, no host link; KV placement is ignored.</li>
 * </ul>
 * The iteration's fixed time (scheduling, sampling) follows the last layer.
 *
 * <p>Transfers queue FIFO in issue order. When no other instance uses this one's devices and
 * link, or in LSS mode (all issued at the start), the whole iteration can be timed at once
 * ({@link #run}). Otherwise later transfers are issued in the future, when a staging slot frees,
 * and must take their place in the queues only then, behind whatever other instances issued in
 * between: {@link #begin} and {@link #advance} step the iteration through those issue times, one
 * event each.
 */
public final class OffloadTimeline {
    private final MemorySystem memory;
    private final MemoryModel mode;
    private final int ranks;
    private final int window;
    private final TransferPath[] weightPath;
    /** The weight paths as wired, restored by {@link #restorePaths} after a fault rerouted some. */
    private final TransferPath[] wiredWeightPath;
    /** Where weights are read from once their CXL device is lost for good; null without a fallback. */
    private TransferPath fallbackPath;
    private final double[] weightBytes;
    /** Per layer, the bytes this iteration streams: {@link #weightBytes} unless set per iteration. */
    private final double[] streamBytes;
    private final TransferPath kvPath;
    private final boolean[] kvFetch;
    private final double kvBytesPerTokenPerLayer;
    /** The layers that wait for a transfer, in order: the staging slots of an iteration. */
    private final int[] slotLayer;
    private final long[] layerEnd;
    private final long[] fetchDone;
    /** Per layer, the iteration whose transfer for it has been issued (a stamp, so nothing is cleared). */
    private final long[] fetchIssuedIteration;
    private final boolean[] needsFetch;
    private long iteration;

    // Stepwise state of the current iteration.
    private long startNs;
    private long[] layerNs;
    /** Index in {@link #layerNs} of this timeline's first layer (a pipeline stage's first layer). */
    private int layerOffset;
    private long fixedNs;
    private double kvBytes;
    private int nextSlot;
    private int nextLayer;
    private long prevEnd;
    private boolean done;

    /**
     * @param weightPath  per layer, the path its weights stream over, or null when in HBM
     * @param weightBytes per layer, one rank's weight bytes
     * @param kvPath      the KV pool's path when off the GPU, else null
     * @param attention   per layer, whether it reads the KV cache
     * @param ranks       tensor-parallel ranks, each streaming its own shard over its own link
     */
    public OffloadTimeline(MemorySystem memory, MemoryModel mode, int ranks, int window, TransferPath[] weightPath,
            double[] weightBytes, TransferPath kvPath, boolean[] attention, double kvBytesPerTokenPerLayer) {
        if (window < 1) {
            throw new IllegalArgumentException("prefetch window must be >= 1 layer");
        }
        this.memory = memory;
        this.mode = mode;
        this.ranks = ranks;
        this.window = window;
        this.weightPath = weightPath.clone();
        this.wiredWeightPath = weightPath.clone();
        this.weightBytes = weightBytes.clone();
        this.streamBytes = weightBytes.clone();
        this.kvPath = mode == MemoryModel.LSS ? null : kvPath;
        this.kvBytesPerTokenPerLayer = kvBytesPerTokenPerLayer;
        int n = weightPath.length;
        kvFetch = new boolean[n];
        int slots = 0;
        for (int l = 0; l < n; l++) {
            kvFetch[l] = this.kvPath != null && attention[l];
            if (weightFetch(l) || kvFetch[l]) {
                slots++;
            }
        }
        slotLayer = new int[slots];
        int k = 0;
        for (int l = 0; l < n; l++) {
            if (weightFetch(l) || kvFetch[l]) {
                slotLayer[k++] = l;
            }
        }
        layerEnd = new long[n];
        fetchDone = new long[n];
        fetchIssuedIteration = new long[n];
        java.util.Arrays.fill(fetchIssuedIteration, -1L);
        needsFetch = new boolean[n];
        for (int l = 0; l < n; l++) {
            needsFetch[l] = weightFetch(l) || kvFetch[l];
        }
    }

    private boolean weightFetch(int l) {
        return weightPath[l] != null && weightBytes[l] > 0;
    }

    /**
     * Sets what layer {@code l} (of this timeline) streams in the next iteration, at most the
     * bytes it was built with (its staging slot's size): an MoE layer fetches only the experts its
     * tokens activated that are not resident. Stays until set again.
     */
    public void streamBytes(int l, double bytes) {
        streamBytes[l] = Math.min(bytes, weightBytes[l]);
    }

    /**
     * Times a whole iteration starting at {@code startNs} at once; exact when no other instance
     * shares this one's devices or link, and in LSS mode.
     *
     * @param layerNs     compute time of each layer of the model
     * @param layerOffset index in {@code layerNs} of this timeline's first layer
     * @param fixedNs     the iteration's time outside the layers, after the last
     * @param kvTokens    tokens of KV attention reads and writes per layer (context plus new)
     * @return when the iteration ends
     */
    public long run(long startNs, long[] layerNs, int layerOffset, long fixedNs, long kvTokens) {
        if (mode == MemoryModel.LSS) {
            return runLss(startNs, layerNs, layerOffset, fixedNs);
        }
        begin(startNs, layerNs, layerOffset, fixedNs, kvTokens);
        return advanceTo(startNs, Long.MAX_VALUE);
    }

    /** Starts an iteration to be stepped by {@link #advance}; arguments as {@link #run}. */
    public void begin(long startNs, long[] layerNs, int layerOffset, long fixedNs, long kvTokens) {
        this.startNs = startNs;
        this.layerNs = layerNs;
        this.layerOffset = layerOffset;
        this.fixedNs = fixedNs;
        this.kvBytes = kvBytesPerTokenPerLayer * kvTokens;
        nextSlot = 0;
        nextLayer = 0;
        prevEnd = startNs;
        done = false;
        iteration++;
    }

    /**
     * Issues every transfer due by {@code nowNs}, and those due before {@code horizonNs}, the
     * next moment anything else in the simulation can act (so issuing them now keeps the queues
     * in issue order); computes every layer whose inputs are in; returns the time of the next
     * transfer to issue, or, once {@link #done()}, the iteration's end.
     */
    public long advance(long nowNs, long horizonNs) {
        return advanceTo(nowNs, horizonNs);
    }

    /** Whether the last {@link #advance} reached the end of the iteration. */
    public boolean done() {
        return done;
    }

    private long advanceTo(long nowNs, long horizonNs) {
        final int n = weightPath.length;
        final long limit = Math.max(nowNs + 1, horizonNs); // issue what is due before this
        while (true) {
            // Issue the transfers whose staging slot is free by now.
            while (nextSlot < slotLayer.length) {
                long issue = nextSlot < window ? startNs : slotIssueAfter(nextSlot);
                if (issue < 0 || issue >= limit) {
                    break;
                }
                int l = slotLayer[nextSlot++];
                long ready = issue;
                if (weightFetch(l) && streamBytes[l] > 0) {
                    ready = Math.max(ready, memory.transfer(weightPath[l], streamBytes[l], ranks, issue));
                }
                if (kvFetch[l] && kvBytes > 0) {
                    ready = Math.max(ready, memory.transfer(kvPath, kvBytes, ranks, issue));
                }
                fetchDone[l] = ready;
                fetchIssuedIteration[l] = iteration;
            }
            // Compute as far as the fetched layers allow.
            while (nextLayer < n) {
                int l = nextLayer;
                boolean fetched = needsFetch[l];
                if (fetched && fetchIssuedIteration[l] != iteration) {
                    break;
                }
                long ready = fetched ? Math.max(prevEnd, fetchDone[l]) : prevEnd;
                prevEnd = ready + layerNs[layerOffset + l];
                layerEnd[l] = prevEnd;
                nextLayer++;
            }
            if (nextLayer == n) {
                done = true;
                return prevEnd + fixedNs;
            }
            long issue = slotIssueAfter(nextSlot);
            if (issue >= limit) {
                return issue;
            }
        }
    }

    /** When transfer {@code k} (k >= window) may be issued: when slot {@code k - window}'s layer ended. */
    private long slotIssueAfter(int k) {
        if (k < window) {
            return startNs;
        }
        int l = slotLayer[k - window];
        return l < nextLayer ? layerEnd[l] : -1;
    }

    private long runLss(long startNs, long[] layerNs, int layerOffset, long fixedNs) {
        final int n = weightPath.length;
        for (int l = 0; l < n; l++) {
            fetchDone[l] = weightFetch(l) && streamBytes[l] > 0
                    ? memory.transfer(weightPath[l], streamBytes[l], ranks, startNs) : startNs;
        }
        long end = startNs;
        for (int l = 0; l < n; l++) {
            end = Math.max(end, fetchDone[l]) + layerNs[layerOffset + l];
            layerEnd[l] = end;
        }
        return end + fixedNs;
    }

    public MemoryModel mode() {
        return mode;
    }

    /**
     * The first moment after {@code t} at which the last timed iteration finished a layer or a
     * weight load (LLMServingSim's ASTRA-Sim reports both), or {@link Long#MAX_VALUE}.
     */
    public long nextEventAfter(long t) {
        long next = Long.MAX_VALUE;
        for (int l = 0; l < layerEnd.length; l++) {
            if (layerEnd[l] > t && layerEnd[l] < next) {
                next = layerEnd[l];
            }
            if (needsFetch[l] && fetchDone[l] > t && fetchDone[l] < next) {
                next = fetchDone[l];
            }
        }
        return next;
    }

    /** Devices and links this timeline's transfers use now. */
    public int[] resources() {
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        for (TransferPath p : weightPath) {
            add(ids, p);
        }
        add(ids, kvPath);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Devices and links this timeline's transfers may ever use, its fallback's included: for
     * deciding at build time whether it shares them with another timeline.
     */
    public int[] possibleResources() {
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        for (int r : resources()) {
            ids.add(r);
        }
        add(ids, fallbackPath);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Sets where weights are read from once their CXL device is lost for good (set-up only). */
    public void fallBackTo(TransferPath path) {
        this.fallbackPath = path;
    }

    /**
     * Device {@code device} is lost for good: every layer streaming its weights from it streams
     * them over the fallback path from now on. Whether any layer moved; false without a fallback.
     */
    public boolean rerouteFrom(int device) {
        if (fallbackPath == null) {
            return false;
        }
        boolean moved = false;
        for (int l = 0; l < weightPath.length; l++) {
            if (weightPath[l] != null && uses(weightPath[l], device)) {
                weightPath[l] = fallbackPath;
                moved = true;
            }
        }
        return moved;
    }

    /** The weight paths as wired, for the next run after a fault rerouted some. */
    public void restorePaths() {
        System.arraycopy(wiredWeightPath, 0, weightPath, 0, weightPath.length);
    }

    private static boolean uses(TransferPath p, int device) {
        for (int d : p.devices) {
            if (d == device) {
                return true;
            }
        }
        return false;
    }

    private static void add(java.util.TreeSet<Integer> ids, TransferPath p) {
        if (p == null) {
            return;
        }
        for (int d : p.devices) {
            ids.add(d);
        }
        if (p.link >= 0) {
            ids.add(p.link);
        }
    }
}
