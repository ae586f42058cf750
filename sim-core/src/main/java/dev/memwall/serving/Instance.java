package dev.memwall.serving;

import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.memory.KvBlockPool;

/**
 * One serving instance: a {@link Scheduler} over its {@link KvCacheManager}, and an
 * {@link IterationRunner} that times the batches it forms. One batch is in flight at a time;
 * events reach it through the cluster's loop addressed by its id.
 */
final class Instance {
    /** What {@link #startIteration} returns when no request can be scheduled. */
    static final long NOTHING_TO_RUN = -1L;
    final int id;
    final Scheduler scheduler;
    final KvCacheManager kv;
    final IterationRunner runner;
    final long weightsHbmBytes;
    final long kvBlockBytes;
    final double hbmCapacityBytes;
    /** Whether the KV pool lives in HBM (else off-GPU, and HBM holds only weights and staging). */
    final boolean kvInHbm;
    private final Batch batch = new Batch();

    boolean busy;
    long busyNs;
    long computeNs;
    long iterations;
    /** How long its GPUs stay in standby after a batch (the power model's standby duration). */
    long standbyWindowNs;
    /** Time between batches spent in standby: each gap after a batch, capped at the window. */
    long standbyGapNs;
    /** When its last batch ended, or -1 before the first. */
    long lastBatchEndNs = -1;

    Instance(int id, Scheduler scheduler, KvCacheManager kv, IterationRunner runner, long weightsHbmBytes,
            long kvBlockBytes, double hbmCapacityBytes, boolean kvInHbm) {
        this.id = id;
        this.scheduler = scheduler;
        this.kv = kv;
        this.runner = runner;
        this.weightsHbmBytes = weightsHbmBytes;
        this.kvBlockBytes = kvBlockBytes;
        this.hbmCapacityBytes = hbmCapacityBytes;
        this.kvInHbm = kvInHbm;
    }

    /**
     * An instance outside any memory topology (scheduler tests, microbenchmarks): all in HBM,
     * timed by {@code time}, with {@link InstanceMemory#detached()} wiring.
     */
    static Instance detached(int id, SchedulerSettings settings, KvBlockPool pool, IterationTimeModel time,
            RequestTable table) {
        InstanceMemory mem = InstanceMemory.detached();
        KvCacheManager kv = new KvCacheManager(pool, table, mem, settings);
        return new Instance(id, new Scheduler(settings, table, kv), kv,
                new IterationRunner(mem, new HbmIteration(time)), 0, 1, 1e9, true);
    }

    void reset() {
        scheduler.reset();
        kv.reset();
        batch.clear();
        busy = false;
        busyNs = 0;
        computeNs = 0;
        iterations = 0;
        standbyGapNs = 0;
        lastBatchEndNs = -1;
    }

    /**
     * Forms and starts the next batch at {@code nowNs}; returns the time of its next event, or
     * {@link #NOTHING_TO_RUN}.
     */
    long startIteration(long nowNs, long horizonNs) {
        if (!scheduler.form(batch, nowNs)) {
            return NOTHING_TO_RUN;
        }
        standbyGapNs += standbySince(nowNs);
        busy = true;
        return runner.start(batch, nowNs, horizonNs);
    }

    /** Retires the batch that just finished at {@code nowNs}. */
    void finishIteration(long nowNs, Scheduler.CompletionSink sink) {
        busy = false;
        busyNs += nowNs - batch.startNs;
        lastBatchEndNs = nowNs;
        computeNs += batch.computeNs;
        iterations++;
        scheduler.retire(batch, nowNs, sink);
    }

    /** Standby time since the last batch ended, up to {@code nowNs}: the gap capped at the window. */
    long standbySince(long nowNs) {
        return lastBatchEndNs < 0 ? 0 : Math.min(Math.max(0, nowNs - lastBatchEndNs), standbyWindowNs);
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
