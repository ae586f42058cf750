package dev.memwall.pim;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;

/**
 * Attention offload to PIM ({@code --enable-attn-offloading}): decode sequences' attention runs on
 * the PIM device, the rest of every layer on the GPU. Each attention layer takes the GPU's time
 * for the batch's prefill part only (nothing without prefills) plus the PIM's time for its decode
 * part, one after the other, as LLMServingSim's trace puts the PIM block ahead of the GPU kernel;
 * every other layer is the GPU model's, over the whole batch.
 *
 * <p>Built once per instance; calls do not allocate.
 */
public final class PimAttentionTimeModel implements IterationTimeModel {
    private final IterationTimeModel gpu;
    private final PimAttentionCost pim;
    private final boolean[] attention;
    private final int attentionLayers;
    private final BatchShape prefillPart = new BatchShape();
    private final long[] scratchNs;
    private final long[] wholeBatchNs;
    private final PimTotals totals = new PimTotals();
    private double lastHbmBytes;
    private double lastPimKvBytes;

    public PimAttentionTimeModel(IterationTimeModel gpu, PimAttentionCost pim, ModelShape shape) {
        this.gpu = gpu;
        this.pim = pim;
        attention = new boolean[shape.layerCount()];
        int count = 0;
        for (int l = 0; l < attention.length; l++) {
            attention[l] = shape.kind(l) == LayerKind.ATTENTION;
            count += attention[l] ? 1 : 0;
        }
        attentionLayers = count;
        scratchNs = new long[attention.length];
        wholeBatchNs = new long[attention.length];
    }

    /** The run's PIM totals, which every {@link #layerTimes} call adds to. */
    public PimTotals totals() {
        return totals;
    }

    @Override
    public long layerTimes(BatchShape batch, long[] layerNs) {
        long fixed = gpuLayerTimes(batch, layerNs);
        long pimNs = pimNs(batch);
        totals.gpuAttentionMovedNs += movedAttentionNs(batch, layerNs);
        totals.busyNs += pimNs * attentionLayers;
        totals.kvBytesRead += lastPimKvBytes;
        for (int l = 0; l < attention.length; l++) {
            if (attention[l]) {
                layerNs[l] += pimNs;
            }
        }
        return fixed;
    }

    /**
     * The GPU's attention time over the whole of {@code batch} minus {@code gpuShareNs}'s (its
     * prefill part): what the offload took off the GPU, all attention layers.
     */
    long movedAttentionNs(BatchShape batch, long[] gpuShareNs) {
        if (batch.decodeSequences == 0) {
            return 0;
        }
        gpu.layerTimes(batch, wholeBatchNs);
        long moved = 0;
        for (int l = 0; l < attention.length; l++) {
            if (attention[l]) {
                moved += wholeBatchNs[l] - gpuShareNs[l];
            }
        }
        return moved;
    }

    @Override
    public long iterationNs(BatchShape batch) {
        return IterationTimeModel.sumOfLayerTimes(this, batch, scratchNs);
    }

    @Override
    public double lastHbmBytes() {
        return lastHbmBytes;
    }

    /** KV bytes the PIM device read in the last call, all layers. */
    public double lastPimKvBytes() {
        return lastPimKvBytes;
    }

    /** Layers of the model that are attention layers (each runs once on the PIM per iteration). */
    int attentionLayers() {
        return attentionLayers;
    }

    boolean isAttention(int layer) {
        return attention[layer];
    }

    /**
     * The GPU's share of {@code batch}: every layer's time with attention over the prefill
     * sequences only (0 without prefills); returns the fixed time.
     */
    long gpuLayerTimes(BatchShape batch, long[] layerNs) {
        prefillOnly(batch);
        long fixed = gpu.layerTimes(prefillPart, layerNs);
        lastHbmBytes = gpu.lastHbmBytes();
        if (prefillPart.prefillSequences == 0) {
            for (int l = 0; l < attention.length; l++) {
                if (attention[l]) {
                    layerNs[l] = 0;
                }
            }
        }
        return fixed;
    }

    /**
     * The decode sequences' cached KV is read by the PIM where it lives; the GPU still writes
     * each decode sequence's new token's K and V, and reads and writes the prefill sequences' KV.
     */
    @Override
    public long gpuKvTokens(BatchShape batch) {
        return batch.kvReadTokens - batch.decodeKvTokens;
    }

    /** One attention layer's PIM time for {@code batch}'s decode sequences, ns; records the KV it read. */
    long pimNs(BatchShape batch) {
        lastPimKvBytes = pim.decodeKvBytes(batch) * attentionLayers;
        return pim.decodeAttentionNs(batch);
    }

    /** Fills {@link #prefillPart}: the prefill sequences, with the whole batch's token and sequence counts. */
    private void prefillOnly(BatchShape batch) {
        prefillPart.clear();
        for (int k = 0; k < batch.recordedSequences(); k++) {
            if (batch.sequenceNewTokens(k) > 1) {
                prefillPart.add(batch.sequenceNewTokens(k), batch.sequencePriorTokens(k), batch.sequencePromptTokens(k));
            }
        }
        prefillPart.sequences = batch.sequences;
        prefillPart.scheduledTokens = batch.scheduledTokens;
    }
}
