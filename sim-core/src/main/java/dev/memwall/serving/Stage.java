package dev.memwall.serving;

import dev.memwall.memory.MemorySystem;

/**
 * One pipeline stage of an instance (an unpipelined instance has one): its GPUs run its layers of
 * one batch at a time. Stage 0 first moves the KV its batch needs (swap out, swap in, second-tier
 * prefix loads) before the model may start; each stage books the HBM traffic of its part on its
 * own HBM. Batches whose activations have reached a busy stage wait in its queue, in order.
 */
final class Stage {
    final int index;
    private final InstanceMemory mem;
    private final int hbmDevice;
    private final double hbmBytesPerSec;
    private final IterationTiming timing;
    private final NodeClock clock;
    /** How long the stage waits before its layers for host-memory loads (LLMServingSim's model). */
    private java.util.function.ToLongFunction<Batch> headNs = b -> 0L;
    /** Batches whose activations arrived while the stage was busy, first come first served. */
    private final Batch[] queue;
    private int queueHead;
    private int queueSize;

    boolean busy;
    Batch current;
    private long startNs;
    /** When the current part's layers may start (after stage 0's KV moves). */
    private long modelStartNs;
    private long sendingNs;
    /** When the current part ends, once its timing has ended (stepwise parts learn it last). */
    private long partEndNs;
    long busyNs;
    long computeNs;
    /** How long its GPUs stay in standby after a batch (the power model's standby duration). */
    long standbyWindowNs;
    /** Time between batches spent in standby: each gap after a batch, capped at the window. */
    long standbyGapNs;
    /** When its last batch ended, or -1 before the first. */
    private long lastEndNs = -1;

    /**
     * @param queueCapacity most batches that can wait for it: the instance's batches in flight
     */
    Stage(int index, InstanceMemory mem, int hbmDevice, double hbmBytesPerSec, IterationTiming timing, NodeClock clock,
            int queueCapacity) {
        this.index = index;
        this.mem = mem;
        this.hbmDevice = hbmDevice;
        this.hbmBytesPerSec = hbmBytesPerSec;
        this.timing = timing;
        this.clock = clock;
        this.queue = new Batch[queueCapacity];
    }

    /** Delays each part's layers by {@code head} (set-up only). */
    void headNs(java.util.function.ToLongFunction<Batch> head) {
        this.headNs = head;
    }

    void reset() {
        busy = false;
        current = null;
        queueHead = 0;
        queueSize = 0;
        busyNs = 0;
        computeNs = 0;
        standbyGapNs = 0;
        lastEndNs = -1;
        if (timing instanceof OffloadedIteration offloaded && offloaded.experts() != null) {
            offloaded.experts().reset();
        }
    }

    IterationTiming timing() {
        return timing;
    }

    /**
     * Starts batch {@code b} at {@code nowNs}.
     *
     * @param horizonNs the next time anything else in the simulation can act: transfers due
     *                  before it may be issued at once
     * @param sendingNs how long the stage stays busy after its compute, sending the batch on
     * @return the time of the stage's next event: its end ({@link #ended()}), or, when its
     *         transfers share devices or links with other instances, when its next transfer is due
     */
    long start(Batch b, long nowNs, long horizonNs, long sendingNs) {
        standbyGapNs += standbySince(nowNs);
        busy = true;
        current = b;
        startNs = nowNs;
        modelStartNs = (index == 0 ? afterKvMoves(b, nowNs) : nowNs) + headNs.applyAsLong(b);
        this.sendingNs = sendingNs;
        long next = timing.start(b, modelStartNs, nowNs, horizonNs);
        if (sendingNs > 0) {
            if (!timing.ended()) {
                throw new IllegalStateException("a stepwise stage cannot also serialise its send");
            }
            next += sendingNs;
        }
        partEndNs = timing.ended() ? next : Long.MAX_VALUE;
        computeNs += timing.computeNs();
        double hbm = timing.hbmBytes();
        mem.memory().recordTraffic(hbmDevice, hbm, Math.round(hbm / hbmBytesPerSec * 1e9));
        return next;
    }

    /** Swapped KV must be out and back in, and second-tier prefix hits loaded, before the model runs. */
    private long afterKvMoves(Batch b, long nowNs) {
        final MemorySystem memory = mem.memory();
        long readyNs = nowNs;
        if (b.swapOutBytes > 0) {
            readyNs = Math.max(readyNs, memory.transfer(mem.swapPath(), b.swapOutBytes, mem.ranks(), nowNs));
        }
        if (b.swapInBytes > 0) {
            readyNs = Math.max(readyNs, memory.transfer(mem.swapPath(), b.swapInBytes, mem.ranks(), nowNs));
        }
        if (b.prefixLoadBytes > 0) {
            readyNs = Math.max(readyNs, memory.transfer(mem.prefixPath(), b.prefixLoadBytes, mem.ranks(), nowNs));
        }
        return readyNs;
    }

    /**
     * The next event after {@code t} inside the current part as LLMServingSim's ASTRA-Sim would
     * have it (a layer's end, a collective's step, the send's end); the stage must be busy.
     */
    long nextEventAfter(long t) {
        long next = timing instanceof OffloadedIteration offloaded ? offloaded.nextEventAfter(t)
                : clock.nextEventAfter(current, modelStartNs, sendingNs, t);
        return partEndNs > t ? Math.min(next, partEndNs) : next;
    }

    /**
     * The current part ends at {@code endNs} instead of when its own timing said: its EP
     * collectives waited for (or were spared by) other data-parallel members'.
     */
    void moveEnd(long endNs) {
        partEndNs = endNs;
    }

    /** When the current part's layers start (after stage 0's KV moves and the host loads). */
    long modelStartNs() {
        return modelStartNs;
    }

    /**
     * The current part's end is not known yet: its EP collectives wait for data-parallel members
     * whose parts of the same wave have not started ({@link StageRendezvous}); {@link #moveEnd} sets it.
     */
    void awaitPartners() {
        partEndNs = Long.MAX_VALUE;
    }

    /** Steps a stepwise part at {@code nowNs}; returns the time of its next event. */
    long advance(long nowNs, long horizonNs) {
        long next = timing.advance(nowNs, horizonNs);
        if (timing.ended()) {
            partEndNs = next;
        }
        return next;
    }

    /** Whether the time last returned is the end of the stage's part. */
    boolean ended() {
        return timing.ended();
    }

    /** Ends the current part at {@code nowNs} and returns its batch; the stage is free again. */
    Batch finish(long nowNs) {
        busy = false;
        busyNs += nowNs - startNs;
        lastEndNs = nowNs;
        Batch b = current;
        current = null;
        return b;
    }

    /** Standby time since its last batch ended, up to {@code nowNs}: the gap capped at the window; 0 while busy. */
    long standbySince(long nowNs) {
        return busy || lastEndNs < 0 ? 0 : Math.min(Math.max(0, nowNs - lastEndNs), standbyWindowNs);
    }

    /** Queues a batch whose activations have arrived while the stage is busy. */
    void enqueue(Batch b) {
        queue[(queueHead + queueSize) % queue.length] = b;
        queueSize++;
    }

    boolean hasQueued() {
        return queueSize > 0;
    }

    Batch dequeue() {
        Batch b = queue[queueHead];
        queue[queueHead] = null;
        queueHead = (queueHead + 1) % queue.length;
        queueSize--;
        return b;
    }
}
