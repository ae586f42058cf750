package dev.memwall.serving;

import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.memory.OffloadTimeline;

/**
 * A stage (the whole model, unpipelined) whose weights or KV stream from off-GPU memory: layer
 * compute times from the time model, transfers and layer start times from the stage's
 * {@link OffloadTimeline}. When its transfers share a device or link with another instance's,
 * it is {@link #makeStepwise stepwise}: each transfer takes its place in the FIFO queues at its
 * own issue time, one event each.
 */
final class OffloadedIteration implements IterationTiming {
    private final IterationTimeModel timeModel;
    private final OffloadTimeline timeline;
    private final int firstLayer;
    private final int endLayer;
    private final boolean last;
    /** The off-GPU experts this stage fetches per step, or null. */
    private ExpertStreaming experts;
    private boolean stepwise;
    private boolean ended;
    private long computeNs;
    private double hbmBytes;

    /** Times layers {@code [firstLayer, endLayer)}; the last stage adds the iteration's fixed time. */
    OffloadedIteration(IterationTimeModel timeModel, OffloadTimeline timeline, int firstLayer, int endLayer,
            boolean last) {
        this.timeModel = timeModel;
        this.timeline = timeline;
        this.firstLayer = firstLayer;
        this.endLayer = endLayer;
        this.last = last;
    }

    /** Steps transfers one event at a time (set-up only: known once every instance is wired). */
    void makeStepwise() {
        stepwise = true;
    }

    /** Fetches only the activated off-GPU experts of each MoE layer (set-up only). */
    void streamExperts(ExpertStreaming streaming) {
        this.experts = streaming;
    }

    /** The expert fetches of this stage, or null. */
    ExpertStreaming experts() {
        return experts;
    }

    OffloadTimeline timeline() {
        return timeline;
    }

    /** The next layer end or weight load after {@code t} of the current part, or {@link Long#MAX_VALUE}. */
    long nextEventAfter(long t) {
        return timeline.nextEventAfter(t);
    }

    @Override
    public long start(Batch b, long startNs, long nowNs, long horizonNs) {
        b.layerTimes(timeModel);
        if (experts != null) {
            experts.prepare(b.shape.scheduledTokens, timeline);
        }
        long fixedNs = last ? b.fixedNs : 0;
        long total = b.fixedNs;
        long compute = fixedNs;
        for (int l = 0; l < b.layerNs.length; l++) {
            total += b.layerNs[l];
            if (l >= firstLayer && l < endLayer) {
                compute += b.layerNs[l];
            }
        }
        computeNs = compute;
        hbmBytes = compute == total ? b.hbmBytes : total == 0 ? 0 : b.hbmBytes * compute / total;
        if (stepwise) {
            timeline.begin(startNs, b.layerNs, firstLayer, fixedNs, timeModel.gpuKvTokens(b.shape));
            return advance(nowNs, horizonNs);
        }
        ended = true;
        return timeline.run(startNs, b.layerNs, firstLayer, fixedNs, timeModel.gpuKvTokens(b.shape));
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
        return hbmBytes;
    }
}
