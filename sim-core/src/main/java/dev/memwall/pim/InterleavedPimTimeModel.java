package dev.memwall.pim;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;

/**
 * Sub-batch interleaving ({@code --enable-sub-batch-interleaving}) on top of attention offload: a
 * batch of two or more sequences is cut in two halves in scheduling order (the first
 * {@code ceil(n/2)} sequences, then the rest; a single sequence is not cut) and the GPU runs both
 * halves' work one after the other while the PIM runs one half's decode attention during the
 * other half's GPU work. Layer by layer, a layer's time is the two halves' GPU times added; after
 * each attention layer, a half's PIM attention overlaps the other half's GPU work from that
 * attention layer up to the next one, and only what does not fit shows, added to the attention
 * layer. LLMServingSim's example_pim_sub_batch_run is reproduced with this within 0.7 % per
 * request; the halves' order inside its trace is not modelled, so pickups inside an iteration
 * (queuing delays) can differ by a layer or two.
 *
 * <p>Built once per instance; calls do not allocate.
 */
public final class InterleavedPimTimeModel implements IterationTimeModel {
    private final PimAttentionTimeModel offload;
    private final BatchShape first = new BatchShape();
    private final BatchShape second = new BatchShape();
    private final long[] firstNs;
    private final long[] secondNs;
    private final long[] scratchNs;
    private final long[] prefillPartNs;
    private double lastHbmBytes;
    private double lastPimKvBytes;
    private long lastHiddenPimNs;

    public InterleavedPimTimeModel(PimAttentionTimeModel offload, int layers) {
        this.offload = offload;
        firstNs = new long[layers];
        secondNs = new long[layers];
        scratchNs = new long[layers];
        prefillPartNs = new long[layers];
    }

    @Override
    public long layerTimes(BatchShape batch, long[] layerNs) {
        int n = batch.recordedSequences();
        if (n < 2) {
            long fixed = offload.layerTimes(batch, layerNs);
            lastHbmBytes = offload.lastHbmBytes();
            lastPimKvBytes = offload.lastPimKvBytes();
            lastHiddenPimNs = 0;
            return fixed;
        }
        offload.totals().gpuAttentionMovedNs += offload.movedAttentionNs(batch, prefillAttention(batch));
        split(batch, (n + 1) / 2);
        long fixed = offload.gpuLayerTimes(first, firstNs);
        double hbm = offload.lastHbmBytes();
        fixed += offload.gpuLayerTimes(second, secondNs);
        lastHbmBytes = hbm + offload.lastHbmBytes();
        long firstPimNs = offload.pimNs(first);
        double pimBytes = offload.lastPimKvBytes();
        long secondPimNs = offload.pimNs(second);
        lastPimKvBytes = pimBytes + offload.lastPimKvBytes();
        for (int l = 0; l < layerNs.length; l++) {
            layerNs[l] = firstNs[l] + secondNs[l];
        }
        overlap(firstPimNs, secondPimNs, layerNs);
        PimTotals totals = offload.totals();
        totals.busyNs += (firstPimNs + secondPimNs) * offload.attentionLayers();
        totals.kvBytesRead += lastPimKvBytes;
        totals.hiddenNs += lastHiddenPimNs;
        return fixed;
    }

    /**
     * Adds to each attention layer the PIM time its other half's GPU work up to the next attention
     * layer does not hide; remembers how much was hidden.
     */
    private void overlap(long firstPimNs, long secondPimNs, long[] layerNs) {
        long hidden = 0;
        for (int l = 0; l < layerNs.length; l++) {
            if (!offload.isAttention(l)) {
                continue;
            }
            long firstWindow = 0;
            long secondWindow = 0;
            for (int m = l; m < layerNs.length && (m == l || !offload.isAttention(m)); m++) {
                firstWindow += firstNs[m];
                secondWindow += secondNs[m];
            }
            long shownFirst = Math.max(0, firstPimNs - secondWindow);
            long shownSecond = Math.max(0, secondPimNs - firstWindow);
            layerNs[l] += shownFirst + shownSecond;
            hidden += firstPimNs - shownFirst + secondPimNs - shownSecond;
        }
        lastHiddenPimNs = hidden;
    }

    /** The GPU's layer times for the whole batch's prefill part (what stays on the GPU). */
    private long[] prefillAttention(BatchShape batch) {
        offload.gpuLayerTimes(batch, prefillPartNs);
        return prefillPartNs;
    }

    private void split(BatchShape batch, int firstCount) {
        first.clear();
        second.clear();
        for (int k = 0; k < batch.recordedSequences(); k++) {
            (k < firstCount ? first : second).add(batch.sequenceNewTokens(k), batch.sequencePriorTokens(k),
                    batch.sequencePromptTokens(k));
        }
    }

    @Override
    public long iterationNs(BatchShape batch) {
        long total = layerTimes(batch, scratchNs);
        for (long ns : scratchNs) {
            total += ns;
        }
        return total;
    }

    /** The run's PIM totals, which every {@link #layerTimes} call adds to. */
    public PimTotals totals() {
        return offload.totals();
    }

    @Override
    public double lastHbmBytes() {
        return lastHbmBytes;
    }

    /** KV bytes the PIM device read in the last call, all layers. */
    public double lastPimKvBytes() {
        return lastPimKvBytes;
    }

    /** PIM time the last call hid behind GPU work, ns. */
    public long lastHiddenPimNs() {
        return lastHiddenPimNs;
    }
}
