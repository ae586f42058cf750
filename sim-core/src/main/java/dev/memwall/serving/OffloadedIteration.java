package dev.memwall.serving;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.memory.OffloadTimeline;

/**
 * An iteration whose weights or KV stream from off-GPU memory: layer compute times from the time
 * model, transfers and layer start times from the instance's {@link OffloadTimeline}. When its
 * transfers share a device or link with another instance's, it is {@link #stepwise}: each
 * transfer takes its place in the FIFO queues at its own issue time, one event each.
 */
final class OffloadedIteration implements IterationTiming {
    private final IterationTimeModel timeModel;
    private final OffloadTimeline timeline;
    private final long[] layerNs;
    private boolean stepwise;
    private boolean ended;
    private long computeNs;

    OffloadedIteration(IterationTimeModel timeModel, OffloadTimeline timeline, int layerCount) {
        this.timeModel = timeModel;
        this.timeline = timeline;
        this.layerNs = new long[layerCount];
    }

    /** Steps transfers one event at a time (set-up only: known once every instance is wired). */
    void makeStepwise() {
        stepwise = true;
    }

    OffloadTimeline timeline() {
        return timeline;
    }

    @Override
    public long start(BatchShape shape, long startNs, long nowNs, long horizonNs) {
        long fixedNs = timeModel.layerTimes(shape, layerNs);
        long compute = fixedNs;
        for (long ns : layerNs) {
            compute += ns;
        }
        computeNs = compute;
        if (stepwise) {
            timeline.begin(startNs, layerNs, fixedNs, shape.kvReadTokens);
            return advance(nowNs, horizonNs);
        }
        ended = true;
        return timeline.run(startNs, layerNs, fixedNs, shape.kvReadTokens);
    }

    @Override
    public long advance(long nowNs, long horizonNs) {
        long next = timeline.advance(nowNs, horizonNs);
        ended = timeline.done();
        return next;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public long computeNs() {
        return computeNs;
    }

    @Override
    public double hbmBytes() {
        return timeModel.lastHbmBytes();
    }
}
