package dev.memwall.hardware;

import dev.memwall.model.DType;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;

/**
 * Roofline iteration time (DESIGN.md, "The physics"): every layer takes
 * {@code max(flops / (F * eff_c), hbmBytes / (BW * eff_m)) + kernelOverhead}, layers run in
 * order, and each iteration pays a fixed overhead. Efficiencies and overheads come from the
 * hardware file, each with its source. Weights and KV are in HBM here.
 *
 * <p>What each layer moves and computes, for a batch of T new tokens over S sequences:
 * <ul>
 *   <li>linear layers and lm_head: their weights once; 2 FLOPs per parameter per token (lm_head
 *       only for the S sampled positions);</li>
 *   <li>embedding: a gather of T rows;</li>
 *   <li>norms, rotary, activation: elementwise, their activations in and out;</li>
 *   <li>attention: the KV of every sequence's context read, the new tokens' KV written; the
 *       causal QK^T and AV FLOPs;</li>
 *   <li>MoE: the gate plus the experts the batch touches, expected
 *       {@code E (1 - (1 - k/E)^T)} of E for top-k routing.</li>
 * </ul>
 * Decoder blocks are identical, so one block is costed and multiplied by the block count.
 */
public final class RooflineTimeModel implements IterationTimeModel {
    private final LayerKind[] kinds;
    private final double[] weightBytes;
    private final double[] flopsPerToken;
    private final double[] multiplicity;
    private final double flopsPerSec;
    private final double bytesPerSec;
    private final double kernelOverheadSec;
    private final long iterationOverheadNs;
    private final double hiddenBytes;
    private final double activationFnBytes;
    private final double kvBytesPerTokenPerLayer;
    private final double attentionFlopsPerPair;
    private final int experts;
    private final int expertsPerToken;
    private final double expertBytes;
    private final double moeGateBytes;
    private double lastHbmBytes;

    /**
     * @param where context for errors, e.g. {@code cluster.json: nodes[0].instances[0]}
     */
    public RooflineTimeModel(ModelShape shape, HardwareSpec hw, DType dtype, String where) {
        boolean eightBit = dtype == DType.FP8 || dtype == DType.INT8;
        double peak;
        if (eightBit) {
            if (!hw.hasFp8()) {
                throw new dev.memwall.input.InputException(where + ": dtype " + dtype.cliName()
                        + ": hardware " + hw.name() + " has no FP8 tensor cores; use bfloat16 or float16");
            }
            peak = hw.fp8FlopsPerSec();
        } else if (dtype == DType.FLOAT32) {
            throw new dev.memwall.input.InputException(where + ": dtype float32: the roofline backend has no FP32"
                    + " tensor rate for " + hw.name() + "; use bfloat16, float16, fp8 or int8");
        } else {
            peak = hw.bf16FlopsPerSec();
        }
        flopsPerSec = peak * hw.computeEfficiency();
        bytesPerSec = hw.memoryBandwidthBytesPerSec() * hw.memoryEfficiency();
        kernelOverheadSec = hw.kernelOverheadNs() * 1e-9;
        iterationOverheadNs = hw.iterationOverheadNs();

        int tp = shape.tpSize();
        hiddenBytes = (double) shape.config().hiddenSize() * dtype.bytesPerElement();
        // act_fn reads gate and up (2 x ffn / tp) and writes ffn / tp.
        activationFnBytes = 3.0 * shape.config().intermediateSize() / tp * dtype.bytesPerElement();
        kvBytesPerTokenPerLayer = shape.kvBytesPerTokenPerLayer();
        attentionFlopsPerPair = shape.attentionFlopsPerTokenPair();
        experts = shape.config().numExperts();
        expertsPerToken = shape.config().numExpertsPerToken();
        expertBytes = experts > 0 ? shape.expertWeightBytes() : 0;
        moeGateBytes = experts > 0 ? shape.moeGateBytes() : 0;

        // Keep the layers outside decoder blocks and those of block 0, the latter weighted by the
        // block count, when every block matches block 0 (true of every shipped model).
        boolean uniform = blocksAreUniform(shape);
        int n = shape.layerCount();
        int kept = 0;
        for (int l = 0; l < n; l++) {
            if (!uniform || shape.blockIndex(l) <= 0) {
                kept++;
            }
        }
        kinds = new LayerKind[kept];
        weightBytes = new double[kept];
        flopsPerToken = new double[kept];
        multiplicity = new double[kept];
        int k = 0;
        for (int l = 0; l < n; l++) {
            if (uniform && shape.blockIndex(l) > 0) {
                continue;
            }
            kinds[k] = shape.kind(l);
            weightBytes[k] = shape.weightBytes(l);
            flopsPerToken[k] = shape.flopsPerToken(l);
            multiplicity[k] = uniform && shape.blockIndex(l) == 0 ? shape.blockCount() : 1;
            k++;
        }
    }

    private static boolean blocksAreUniform(ModelShape shape) {
        int n = shape.layerCount();
        int perBlock = 0;
        int firstOfBlock0 = -1;
        for (int l = 0; l < n; l++) {
            if (shape.blockIndex(l) == 0) {
                if (firstOfBlock0 < 0) {
                    firstOfBlock0 = l;
                }
                perBlock++;
            }
        }
        if (perBlock == 0) {
            return false;
        }
        for (int l = 0; l < n; l++) {
            int b = shape.blockIndex(l);
            if (b > 0) {
                int twin = firstOfBlock0 + (l - firstOfBlock0) % perBlock;
                if (shape.kind(l) != shape.kind(twin) || shape.weightBytes(l) != shape.weightBytes(twin)
                        || shape.flopsPerToken(l) != shape.flopsPerToken(twin)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public long iterationNs(BatchShape batch) {
        if (batch.isEmpty()) {
            lastHbmBytes = 0;
            return 0;
        }
        final double tokens = batch.scheduledTokens;
        final double seqs = batch.sequences;
        double seconds = 0;
        double bytesTotal = 0;
        for (int l = 0; l < kinds.length; l++) {
            double flops;
            double bytes;
            switch (kinds[l]) {
                case EMBEDDING:
                    flops = 0;
                    bytes = tokens * hiddenBytes;
                    break;
                case LM_HEAD:
                    flops = flopsPerToken[l] * seqs;
                    bytes = weightBytes[l];
                    break;
                case ATTENTION:
                    flops = attentionFlopsPerPair * batch.attentionTokenPairs;
                    bytes = kvBytesPerTokenPerLayer * (batch.kvReadTokens + tokens);
                    break;
                case MOE:
                    flops = flopsPerToken[l] * tokens;
                    bytes = moeGateBytes + expertsTouched(tokens) * expertBytes;
                    break;
                case NORM:
                case ROTARY:
                    flops = flopsPerToken[l] * tokens;
                    bytes = weightBytes[l] + 2 * tokens * hiddenBytes;
                    break;
                case ACTIVATION:
                    flops = flopsPerToken[l] * tokens;
                    bytes = tokens * activationFnBytes;
                    break;
                default: // LINEAR
                    flops = flopsPerToken[l] * tokens;
                    bytes = weightBytes[l];
                    break;
            }
            double t = Math.max(flops / flopsPerSec, bytes / bytesPerSec) + kernelOverheadSec;
            seconds += t * multiplicity[l];
            bytesTotal += bytes * multiplicity[l];
        }
        lastHbmBytes = bytesTotal;
        return Math.round(seconds * 1e9) + iterationOverheadNs;
    }

    private double expertsTouched(double tokens) {
        if (experts == 0) {
            return 0;
        }
        double missOne = 1.0 - (double) expertsPerToken / experts;
        return experts * (1.0 - Math.pow(missOne, tokens));
    }

    @Override
    public double lastHbmBytes() {
        return lastHbmBytes;
    }
}
