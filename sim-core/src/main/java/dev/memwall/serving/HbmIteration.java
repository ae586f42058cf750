package dev.memwall.serving;

import dev.memwall.hardware.IterationTimeModel;

/** An unpipelined iteration with every weight and the KV cache in HBM: the time model's iteration time. */
final class HbmIteration implements IterationTiming {
    private final IterationTimeModel timeModel;
    private long computeNs;

    HbmIteration(IterationTimeModel timeModel) {
        this.timeModel = timeModel;
    }

    @Override
    public long start(Batch b, long startNs, long nowNs, long horizonNs) {
        computeNs = timeModel.iterationNs(b.shape);
        return startNs + computeNs;
    }

    @Override
    public long advance(long nowNs, long horizonNs) {
        throw new IllegalStateException("an iteration in HBM is never stepped");
    }

    @Override
    public boolean ended() {
        return true;
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
