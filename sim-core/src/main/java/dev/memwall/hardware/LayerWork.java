package dev.memwall.hardware;

import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelConfig;
import dev.memwall.model.ModelShape;

/**
 * What one layer of a {@link ModelShape} asks of the GPU, reduced to the quantities the
 * {@link KernelCosts} formulas take: a GEMM's {@code k x n} weight, an elementwise kernel's bytes
 * per token, attention's FLOPs per query-key pair and KV bytes per token. Shared by the roofline
 * and by {@code calibrate}, so that the fitted constants mean the same thing in both.
 *
 * @param kind the layer's kind
 * @param k GEMM input features (rows of the weight), 0 for other kinds
 * @param n GEMM output features per rank, 0 for other kinds
 * @param fixedBytes bytes read whatever the batch (a norm's weight; MoE gate and one expert)
 * @param bytesPerToken elementwise bytes per scheduled token (in and out)
 * @param flopsPerToken FLOPs per token (MoE: gate plus the experts one token reaches)
 */
public record LayerWork(LayerKind kind, double k, double n, double fixedBytes, double bytesPerToken,
        double flopsPerToken) {
    // ModelShape counts 4 FLOPs per element of an RMS norm and 3 per element of rotary.
    private static final double NORM_FLOPS_PER_ELEMENT = 4;
    private static final double ROTARY_FLOPS_PER_ELEMENT = 3;

    /** The work of layer {@code l} of {@code shape}. */
    public static LayerWork of(ModelShape shape, int l) {
        ModelConfig m = shape.config();
        double bpe = shape.weightDtype().bytesPerElement();
        double hidden = m.hiddenSize();
        int tp = shape.tpSize();
        LayerKind kind = shape.kind(l);
        double weightBytes = shape.weightBytes(l);
        switch (kind) {
            case LINEAR:
            case LM_HEAD: {
                double k = gemmInputs(shape, l);
                return new LayerWork(kind, k, weightBytes / bpe / k, 0, 0, shape.flopsPerToken(l));
            }
            case EMBEDDING:
                return new LayerWork(kind, 0, 0, 0, hidden * bpe, 0);
            case NORM:
                return new LayerWork(kind, 0, 0, weightBytes,
                        2 * shape.flopsPerToken(l) / NORM_FLOPS_PER_ELEMENT * bpe, shape.flopsPerToken(l));
            case ROTARY:
                return new LayerWork(kind, 0, 0, 0, 2 * shape.flopsPerToken(l) / ROTARY_FLOPS_PER_ELEMENT * bpe,
                        shape.flopsPerToken(l));
            case ACTIVATION:
                // Reads gate and up (2 x ffn / tp), writes ffn / tp.
                return new LayerWork(kind, 0, 0, 0, 3.0 * m.intermediateSize() / tp * bpe, shape.flopsPerToken(l));
            case MOE:
                return new LayerWork(kind, 0, 0, shape.moeGateBytes(), 0, shape.flopsPerToken(l));
            default: // ATTENTION
                return new LayerWork(kind, 0, 0, 0, 0, 0);
        }
    }

    /** A GEMM layer's input features: attention width into o_proj, FFN width into down_proj, else hidden. */
    private static double gemmInputs(ModelShape shape, int l) {
        ModelConfig m = shape.config();
        String name = shape.layerName(l);
        if ("o_proj".equals(name)) {
            return (double) m.numAttentionHeads() * m.headDim() / shape.tpSize();
        }
        if ("down_proj".equals(name)) {
            return (double) m.intermediateSize() / shape.tpSize();
        }
        return m.hiddenSize();
    }

    /**
     * The attention quantities of a batch for a model whose attention does {@code flopsPerPair}
     * FLOPs per query-key pair and stores {@code kvBytesPerToken} per token and layer, written
     * into {@code out}: prefill FLOPs, prefill KV bytes (prefix and new), decode KV bytes, decode FLOPs.
     */
    public static void attention(BatchShape b, double flopsPerPair, double kvBytesPerToken, double[] out) {
        double decodePairs = (double) b.decodeKvTokens + b.decodeSequences;
        double prefillPairs = Math.max(0, b.attentionTokenPairs - decodePairs);
        out[0] = prefillPairs * flopsPerPair;
        out[1] = kvBytesPerToken * ((double) b.prefillPriorKvTokens + b.prefillTokens);
        out[2] = kvBytesPerToken * decodePairs;
        out[3] = flopsPerPair * decodePairs;
    }
}
