package dev.memwall.pim;

import java.util.Arrays;
import java.util.Map;

import dev.memwall.hardware.BatchShape;
import dev.memwall.input.InputException;
import dev.memwall.model.ModelShape;

/**
 * LLMServingSim's PIM attention latency ({@code pim_model.py}, its docs' "PIM attention latency
 * model"): a line in the sequence length {@code L} calibrated per device on Llama-3.1-8B's head
 * shape (32 heads, 8 KV heads, head_dim 128) and rescaled to the model,
 * {@code (slope x gqa_ratio x L + intercept x kv_scale) / channel_split} ns, plus the device's
 * read latency, truncated to whole ns.
 *
 * <p>What its example outputs pin down (example_pim_run reproduced with this, all requests within
 * 0.0001 %): {@code L} is the request's <em>prompt</em> length (not its current KV length), the
 * channel split is 8 on a 64-channel node for a model with 8 KV heads, and a layer with 1 to 7
 * decode sequences takes as long as its slowest sequence. memwall reads the split as one channel per
 * KV head, so {@code channels / kv_heads} sequences run side by side; more are dealt out greedily
 * to the least-loaded channel group and the busiest group sets the time (beyond 8 sequences the
 * examples say nothing: an inference, not a reproduction).
 */
public final class LinearPimAttention implements PimAttentionCost {
    /** Calibrated {slope, intercept} per device, from LLMServingSim's docs (PIM config reference). */
    private static final Map<String, double[]> FITS = Map.of(
            "LPDDR4X_2GB_4266_pim", new double[] {432.4458, 33918.1734},
            "DDR4_8GB_3200_pim", new double[] {333.2538, 30675.2739},
            "LPDDR5_2GB_6400_pim", new double[] {282.4338, 15996.7018},
            "HBM2_1GB_2000_pim", new double[] {242.0548, 14513.5015});

    private final double slopeNs;
    private final double interceptNs;
    private final double channelSplit;
    private final double readLatencyNs;
    private final double kvBytesPerTokenPerLayer;
    /** Busy time of each channel group, ns; scratch. */
    private final double[] groupLoadNs;

    /**
     * @param where names the config entry in errors
     * @throws InputException when LLMServingSim has no calibration for the device
     */
    public LinearPimAttention(PimSpec spec, double memSizeGb, ModelShape shape, String where) {
        double[] fit = FITS.get(spec.name());
        if (fit == null) {
            throw InputException.at(where, "no calibrated PIM attention latency for '" + spec.name()
                    + "' (LLMServingSim's lss model knows " + String.join(", ", FITS.keySet().stream().sorted().toList())
                    + "; the physical memory model times any PIM device)");
        }
        int heads = shape.config().numAttentionHeads();
        int kvHeads = shape.config().numKeyValueHeads();
        double gqaRatio = ((double) heads / kvHeads) / (32.0 / 8.0);
        double kvScale = (double) heads * shape.config().headDim() / (32.0 * 128.0);
        slopeNs = fit[0] * gqaRatio;
        interceptNs = fit[1] * kvScale;
        channelSplit = kvHeads;
        readLatencyNs = spec.readLatencyNs();
        int groups = Math.max(1, spec.channels(memSizeGb) / kvHeads);
        groupLoadNs = new double[groups];
        kvBytesPerTokenPerLayer = (double) shape.kvBytesPerTokenPerLayer() * shape.tpSize();
    }

    @Override
    public long decodeAttentionNs(BatchShape b) {
        if (b.decodeSequences == 0) {
            return 0;
        }
        Arrays.fill(groupLoadNs, 0);
        double busiest = 0;
        for (int k = 0; k < b.recordedSequences(); k++) {
            if (b.sequenceNewTokens(k) > 1) {
                continue;
            }
            int g = leastLoaded();
            groupLoadNs[g] += (slopeNs * b.sequencePromptTokens(k) + interceptNs) / channelSplit;
            busiest = Math.max(busiest, groupLoadNs[g]);
        }
        return (long) (readLatencyNs + busiest);
    }

    private int leastLoaded() {
        int best = 0;
        for (int g = 1; g < groupLoadNs.length; g++) {
            if (groupLoadNs[g] < groupLoadNs[best]) {
                best = g;
            }
        }
        return best;
    }

    @Override
    public double decodeKvBytes(BatchShape b) {
        return (b.decodeKvTokens + b.decodeSequences) * kvBytesPerTokenPerLayer;
    }
}
