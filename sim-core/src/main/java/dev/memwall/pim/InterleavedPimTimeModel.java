package dev.memwall.pim;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;

/**
 * Sub-batch interleaving ({@code --enable-sub-batch-interleaving}) on top of attention offload: a
 * batch of two or more sequences is cut in two halves of about as many scheduled tokens (the
 * sequences, longest first, each to the half with fewer tokens so far, the first half on a tie; a
 * single sequence is not cut) and the GPU runs both
 * halves' work one after the other while the PIM runs one half's decode attention during the
 * other half's GPU work. Layer by layer, a layer's time is the two halves' GPU times added; after
 * each attention layer, a half's PIM attention overlaps the other half's GPU work from that
 * attention layer up to the next one, and only what does not fit shows, added to the attention
 * layer. LLMServingSim's example_pim_sub_batch_run is reproduced with this within 0.001 % per
 * request (its iterations pin the token-balanced split: a scheduling-order split is 0.67 % off);
 * the halves' order inside its trace is not modelled, so a pickup inside an iteration (queuing
 * delay) can differ by a few hundred ns.
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
    /** The batch's sequences, most scheduled tokens first; grows by doubling only. */
    private int[] order = new int[64];
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
    public long gpuKvTokens(BatchShape batch) {
        return offload.gpuKvTokens(batch);
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
        split(batch);
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

    /** Deals the sequences, longest first, each to the half with fewer scheduled tokens so far. */
    private void split(BatchShape batch) {
        sortByTokensDescending(batch);
        first.clear();
        second.clear();
        for (int i = 0; i < batch.recordedSequences(); i++) {
            int k = order[i];
            BatchShape half = first.scheduledTokens <= second.scheduledTokens ? first : second;
            half.add(batch.sequenceNewTokens(k), batch.sequencePriorTokens(k), batch.sequencePromptTokens(k));
        }
    }

    /** Fills {@link #order} with the sequence indices, most new tokens first, ties in batch order (insertion sort: stable). */
    private void sortByTokensDescending(BatchShape batch) {
        int n = batch.recordedSequences();
        if (order.length < n) {
            order = new int[Math.max(n, order.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            int tokens = batch.sequenceNewTokens(i);
            int j = i - 1;
            while (j >= 0 && batch.sequenceNewTokens(order[j]) < tokens) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = i;
        }
    }

    @Override
    public long iterationNs(BatchShape batch) {
        return IterationTimeModel.sumOfLayerTimes(this, batch, scratchNs);
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
