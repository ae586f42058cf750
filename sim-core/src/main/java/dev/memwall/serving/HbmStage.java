package dev.memwall.serving;

import dev.memwall.hardware.IterationTimeModel;

/**
 * One pipeline stage with its weights and KV in HBM: the sum of its layers' compute times, plus
 * the iteration's fixed time (sampling) on the last stage. Its HBM traffic is the iteration's, in
 * proportion to the stage's share of the compute.
 */
final class HbmStage implements IterationTiming {
    private final IterationTimeModel timeModel;
    private final int firstLayer;
    private final int endLayer;
    private final boolean last;
    private long computeNs;
    private double hbmBytes;

    HbmStage(IterationTimeModel timeModel, int firstLayer, int endLayer, boolean last) {
        this.timeModel = timeModel;
        this.firstLayer = firstLayer;
        this.endLayer = endLayer;
        this.last = last;
    }

    @Override
    public long start(Batch b, long startNs, long nowNs, long horizonNs) {
        b.layerTimes(timeModel);
        long total = b.fixedNs;
        long mine = last ? b.fixedNs : 0;
        for (int l = 0; l < b.layerNs.length; l++) {
            total += b.layerNs[l];
            if (l >= firstLayer && l < endLayer) {
                mine += b.layerNs[l];
            }
        }
        computeNs = mine;
        hbmBytes = mine == total ? b.hbmBytes : total == 0 ? 0 : b.hbmBytes * mine / total;
        return startNs + mine;
    }

    @Override
    public long advance(long nowNs, long horizonNs) {
        throw new IllegalStateException("a stage in HBM is never stepped");
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
        return hbmBytes;
    }
}
