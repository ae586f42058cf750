package dev.memwall.serving;

import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.memory.KvBlockPool;

/**
 * One serving instance: a {@link Scheduler} over its {@link KvCacheManager}, and one
 * {@link Stage} per pipeline stage that times its part of each batch. Up to one batch per stage is
 * in flight; a batch goes from stage to stage over the hop between them, and its tokens are
 * retired when the last stage finishes it. Events reach it through the cluster's loop addressed
 * by (instance, stage).
 */
final class Instance {
    /** What {@link #startIteration} returns when no batch can start now. */
    static final long NOTHING_TO_RUN = -1L;

    final int id;
    final Scheduler scheduler;
    final KvCacheManager kv;
    final Stage[] stages;
    final long weightsHbmBytes;
    final long kvBlockBytes;
    final double hbmCapacityBytes;
    /** Whether the KV pool lives in HBM (else off-GPU, and HBM holds only weights and staging). */
    final boolean kvInHbm;
    /** How activations cross from stage to stage. */
    private final StageHops hops;
    /** How long the last stage stays busy after its compute (LLMServingSim's P/D KV send). */
    private final java.util.function.ToLongFunction<Batch> tailNs;
    private Batch[] freeBatches;
    private int freeCount;
    /** Per stage, the batches on their way to it (their activations in transit), in order. */
    private final Batch[][] inTransit;
    private final int[] transitHead;
    private final int[] transitSize;

    long iterations;
    /** Lost (a fault): it takes no work, and a batch still in flight is dropped when it ends. */
    boolean down;
    /** Held (a fault or a cold start): it keeps its requests but starts no batch. */
    boolean held;
    /** The PIM device's totals when the instance offloads attention to one, else null. */
    dev.memwall.pim.PimTotals pim;

    /**
     * @param hops   how activations cross between stages
     * @param layers layers of the model (the batches' per-layer time arrays)
     */
    Instance(int id, Scheduler scheduler, KvCacheManager kv, Stage[] stages, StageHops hops, int layers,
            long weightsHbmBytes, long kvBlockBytes, double hbmCapacityBytes, boolean kvInHbm) {
        this(id, scheduler, kv, stages, hops, b -> 0L, layers, weightsHbmBytes, kvBlockBytes, hbmCapacityBytes,
                kvInHbm);
    }

    /** @param tailNs how long the last stage stays busy after its compute, per batch */
    Instance(int id, Scheduler scheduler, KvCacheManager kv, Stage[] stages, StageHops hops,
            java.util.function.ToLongFunction<Batch> tailNs, int layers, long weightsHbmBytes, long kvBlockBytes,
            double hbmCapacityBytes, boolean kvInHbm) {
        this.id = id;
        this.scheduler = scheduler;
        scheduler.instanceId = id;
        this.kv = kv;
        this.stages = stages;
        this.hops = hops;
        this.tailNs = tailNs;
        this.weightsHbmBytes = weightsHbmBytes;
        this.kvBlockBytes = kvBlockBytes;
        this.hbmCapacityBytes = hbmCapacityBytes;
        this.kvInHbm = kvInHbm;
        int n = stages.length;
        freeBatches = new Batch[n];
        for (int k = 0; k < n; k++) {
            freeBatches[k] = new Batch(layers);
        }
        freeCount = n;
        inTransit = new Batch[n][n];
        transitHead = new int[n];
        transitSize = new int[n];
    }

    /**
     * An instance outside any memory topology (scheduler tests, microbenchmarks): one stage, all in
     * HBM, timed by {@code time}, with {@link InstanceMemory#detached()} wiring.
     */
    static Instance detached(int id, SchedulerSettings settings, KvBlockPool pool, IterationTimeModel time,
            RequestTable table) {
        InstanceMemory mem = InstanceMemory.detached();
        KvCacheManager kv = new KvCacheManager(pool, table, mem, settings);
        Stage stage = new Stage(0, mem, mem.hbmDevice(), mem.hbmBytesPerSec(), new HbmIteration(time),
                NodeClock.endOnly(), 1);
        return new Instance(id, new Scheduler(settings, table, kv), kv, new Stage[] {stage}, StageHops.none(), 0, 0,
                1, 1e9, true);
    }

    void reset() {
        scheduler.reset();
        kv.reset();
        for (Stage s : stages) {
            if (s.current != null) {
                freeBatches[freeCount++] = s.current;
            }
            while (s.hasQueued()) {
                freeBatches[freeCount++] = s.dequeue();
            }
            s.reset();
        }
        for (int s = 0; s < stages.length; s++) {
            while (transitSize[s] > 0) {
                freeBatches[freeCount++] = takeInTransit(s);
            }
        }
        iterations = 0;
        down = false;
        held = false;
        if (pim != null) {
            pim.reset();
        }
    }

    /** Whether stage 0 could take a new batch now: it is free and a batch slot is. */
    boolean canStart() {
        return !down && !held && !stages[0].busy && freeCount > 0;
    }

    /**
     * Forms a batch at {@code nowNs} and starts it on stage 0; returns the time of stage 0's next
     * event, or {@link #NOTHING_TO_RUN} when no batch can start.
     */
    long startIteration(long nowNs, long horizonNs) {
        if (!canStart()) {
            return NOTHING_TO_RUN;
        }
        Batch b = freeBatches[--freeCount];
        if (!scheduler.form(b, nowNs)) {
            freeBatches[freeCount++] = b;
            return NOTHING_TO_RUN;
        }
        return startOn(0, b, nowNs, horizonNs);
    }

    /** Whether a batch slot is free (fewer than {@code pp_size} batches in flight). */
    boolean hasFreeSlot() {
        return freeCount > 0;
    }

    /**
     * Forms this data-parallel member's batch for the next wave: a real one, or a dummy when it
     * has nothing to run. The caller starts it ({@link #startOn}) or gives it back ({@link #discard}).
     */
    Batch formForWave(long nowNs) {
        Batch b = freeBatches[--freeCount];
        if (!scheduler.form(b, nowNs)) {
            b.makeDummy();
        }
        return b;
    }

    /** A dummy batch for the next wave, formed while this member's own batch is still in flight. */
    Batch dummyForWave() {
        Batch b = freeBatches[--freeCount];
        b.makeDummy();
        return b;
    }

    /** Gives back a formed batch that will not run (a dummy of a wave that did not start). */
    void discard(Batch b) {
        freeBatches[freeCount++] = b;
    }

    /** Starts batch {@code b} on stage {@code s}; returns the time of the stage's next event. */
    long startOn(int s, Batch b, long nowNs, long horizonNs) {
        long sending = isLast(s) ? tailNs.applyAsLong(b) : hops.sendingNs(s, b);
        return stages[s].start(b, nowNs, horizonNs, sending);
    }

    boolean isLast(int stage) {
        return stage == stages.length - 1;
    }

    /**
     * Sends the batch stage {@code s} just finished on to stage {@code s + 1}; returns when its
     * activations arrive there.
     */
    long sendOn(int s, Batch b, long nowNs) {
        int next = s + 1;
        inTransit[next][(transitHead[next] + transitSize[next]) % stages.length] = b;
        transitSize[next]++;
        return hops.arrivalNs(s, b, nowNs);
    }

    /** The next batch whose activations reached stage {@code s}, in send order. */
    Batch takeInTransit(int s) {
        Batch b = inTransit[s][transitHead[s]];
        inTransit[s][transitHead[s]] = null;
        transitHead[s] = (transitHead[s] + 1) % stages.length;
        transitSize[s]--;
        return b;
    }

    /** Retires the batch the last stage finished at {@code nowNs}; its slot is free again. */
    void retire(Batch b, long nowNs, Scheduler.CompletionSink sink) {
        if (down) {
            // Its GPUs were lost while the batch ran: no token of it was ever produced.
            freeBatches[freeCount++] = b;
            return;
        }
        iterations++;
        scheduler.retire(b, nowNs, sink);
        freeBatches[freeCount++] = b;
    }

    /** Whether no batch is in flight. */
    boolean idle() {
        return freeCount == freeBatches.length;
    }

    /**
     * One more batch slot (set-up only), for a data-parallel member whose next batch may be formed
     * while its last is still in flight ({@link DataParallelGroup#formAllAtFirstReport}).
     */
    void addSpareBatch() {
        freeBatches = java.util.Arrays.copyOf(freeBatches, freeBatches.length + 1);
        freeBatches[freeCount++] = new Batch(freeBatches[0].layerNs.length);
    }

    /** Total iteration time over the stages' GPUs: mean over stages of each one's busy time. */
    long busyNs() {
        long sum = 0;
        for (Stage s : stages) {
            sum += s.busyNs;
        }
        return sum / stages.length;
    }

    /** Mean over stages of each one's compute time. */
    long computeNs() {
        long sum = 0;
        for (Stage s : stages) {
            sum += s.computeNs;
        }
        return sum / stages.length;
    }

    /** Mean over stages of each one's standby time between batches up to {@code atNs}, the open gap included. */
    long standbyGapNs(long atNs) {
        long sum = 0;
        for (Stage s : stages) {
            sum += s.standbyGapNs + s.standbySince(atNs);
        }
        return sum / stages.length;
    }

    /** Sets how long its GPUs stay in standby after a batch (set-up only). */
    void setStandbyWindowNs(long windowNs) {
        for (Stage s : stages) {
            s.standbyWindowNs = windowNs;
        }
    }

    /** Peak HBM use per rank: weights (and staging buffers) plus the most KV blocks ever held there. */
    long peakHbmBytes() {
        return weightsHbmBytes + (kvInHbm ? (long) kv.pool.peakUsedBlocks() * kvBlockBytes : 0);
    }

    /** HBM use per rank now. */
    long usedHbmBytes() {
        return weightsHbmBytes + (kvInHbm ? (long) kv.pool.numUsedBlocks() * kvBlockBytes : 0);
    }
}
