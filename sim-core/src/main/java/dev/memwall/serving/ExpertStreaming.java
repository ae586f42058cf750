package dev.memwall.serving;

import dev.memwall.memory.OffloadTimeline;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;
import dev.memwall.moe.ExpertGate;

/**
 * The experts a step fetches over the memory path when {@code placement.experts} puts some off the
 * GPU (physical model): per MoE layer, the experts the step's tokens activated ({@link ExpertGate},
 * routed once per step as the time model does) that are neither resident in HBM nor in the
 * optional HBM expert cache, an LRU over (block, expert) of {@code expert_cache_gb} per GPU. A
 * rank fetches its own experts (contiguous ranges of {@code E / ranks}); the busiest rank's bytes
 * are what each layer's transfer carries. Counts bytes, steps, lookups and cache hits.
 *
 * <p>Built once per stage; {@link #prepare} does not allocate.
 */
final class ExpertStreaming {
    private final ExpertGate gate;
    private final boolean timeModelRoutes;
    private final int firstLayer;
    /** Timeline-local indices of the stage's MoE layers, and their blocks. */
    private final int[] moeLayers;
    private final int[] moeBlocks;
    private final boolean[] offGpu;
    private final long expertBytes;
    private final int ranks;
    private final int perRank;
    private final int[] rankFetches;
    // LRU over keys block * experts + expert: a doubly linked list in arrays, head = most recent.
    private final int capacity;
    private final int[] prev;
    private final int[] next;
    private final boolean[] cached;
    private int head = -1;
    private int tail = -1;
    private int size;

    long steps;
    double bytesFetched;
    long lookups;
    long hits;

    /**
     * @param timeModelRoutes whether the time model already routed the step (a profile model does,
     *                        in its layer times), so the gate's last routing is this step's
     * @param offGpu          per expert, whether it lives off the GPU
     * @param cacheBytesPerGpu HBM per GPU for the expert cache
     */
    ExpertStreaming(ExpertGate gate, boolean timeModelRoutes, ModelShape shape, int firstLayer, int endLayer,
            boolean[] offGpu, double cacheBytesPerGpu) {
        this.gate = gate;
        this.timeModelRoutes = timeModelRoutes;
        this.firstLayer = firstLayer;
        int count = 0;
        for (int l = firstLayer; l < endLayer; l++) {
            count += shape.kind(l) == LayerKind.MOE ? 1 : 0;
        }
        moeLayers = new int[count];
        moeBlocks = new int[count];
        int k = 0;
        for (int l = firstLayer; l < endLayer; l++) {
            if (shape.kind(l) == LayerKind.MOE) {
                moeLayers[k] = l - firstLayer;
                moeBlocks[k++] = shape.blockIndex(l);
            }
        }
        this.offGpu = offGpu.clone();
        this.expertBytes = shape.expertWeightBytes();
        this.ranks = shape.tpSize();
        this.perRank = shape.experts() / ranks;
        this.rankFetches = new int[ranks];
        int keys = shape.blockCount() * shape.experts();
        this.capacity = (int) Math.min(keys, Math.floor(cacheBytesPerGpu * ranks / expertBytes));
        this.prev = new int[keys];
        this.next = new int[keys];
        this.cached = new boolean[keys];
    }

    /** Routes the step (unless the time model did) and sets each MoE layer's bytes on {@code timeline}. */
    void prepare(long tokens, OffloadTimeline timeline) {
        if (!timeModelRoutes) {
            gate.route(tokens);
        }
        steps++;
        int experts = gate.experts();
        for (int m = 0; m < moeLayers.length; m++) {
            java.util.Arrays.fill(rankFetches, 0);
            int base = moeBlocks[m] * experts;
            for (int e = 0; e < experts; e++) {
                if (gate.isActive(e) && offGpu[e]) {
                    lookups++;
                    if (touch(base + e)) {
                        hits++;
                    } else {
                        rankFetches[e / perRank]++;
                        bytesFetched += expertBytes;
                    }
                }
            }
            int most = 0;
            for (int f : rankFetches) {
                most = Math.max(most, f);
            }
            timeline.streamBytes(moeLayers[m], (double) most * expertBytes);
        }
    }

    /** Marks {@code key} most recently used; true when it was cached (a hit). */
    private boolean touch(int key) {
        if (capacity == 0) {
            return false;
        }
        if (cached[key]) {
            unlink(key);
            pushFront(key);
            return true;
        }
        if (size == capacity) {
            int victim = tail;
            unlink(victim);
            cached[victim] = false;
            size--;
        }
        cached[key] = true;
        size++;
        pushFront(key);
        return false;
    }

    private void unlink(int key) {
        int p = prev[key];
        int n = next[key];
        if (p >= 0) {
            next[p] = n;
        } else {
            head = n;
        }
        if (n >= 0) {
            prev[n] = p;
        } else {
            tail = p;
        }
    }

    private void pushFront(int key) {
        prev[key] = -1;
        next[key] = head;
        if (head >= 0) {
            prev[head] = key;
        }
        head = key;
        if (tail < 0) {
            tail = key;
        }
    }

    int firstLayer() {
        return firstLayer;
    }

    /** Clears the cache and the counters (a new run). */
    void reset() {
        java.util.Arrays.fill(cached, false);
        head = -1;
        tail = -1;
        size = 0;
        steps = 0;
        bytesFetched = 0;
        lookups = 0;
        hits = 0;
    }
}
