package dev.memwall.hardware;

/**
 * The fitted part of a GPU's roofline (the {@code efficiency} block of a hardware file), in SI
 * units. Each kernel class has its own terms, because each runs a different kind of kernel:
 * <ul>
 *   <li>GEMMs (the projections, lm_head): {@code max(compute, memory) + kernelOverhead}, where
 *       compute is the FLOPs of the token count padded to whole {@code gemmTileM}-row tiles at
 *       {@code computeEfficiency} of dense peak, divided by the share of the last wave of tiles
 *       that has work (wave quantisation over the SMs), and memory is weights plus activations at
 *       {@code memoryEfficiency} of spec bandwidth;</li>
 *   <li>elementwise kernels (norms, rotary, embedding gather) and the activation function:
 *       their bytes at {@code elementwiseEfficiency} or {@code activationEfficiency} of spec
 *       bandwidth (above 1 where the tensors stay in L2) plus {@code kernelOverhead};</li>
 *   <li>attention: {@code attentionOverhead} plus the prefill's causal FLOPs and its KV (prefix
 *       and new) at their efficiencies, plus the decode sequences' KV reads and a cost per decode
 *       sequence in a pure-decode batch (a split-KV decode kernel, bound by bandwidth), or the
 *       decodes' FLOPs and a cost per decode sequence in a batch that also holds a prefill (one
 *       varlen kernel for both, bound by padded query tiles).</li>
 * </ul>
 *
 * @param memoryEfficiency fraction of spec bandwidth GEMMs stream weights at, in (0, 1]
 * @param computeEfficiency fraction of dense peak full GEMM waves reach, in (0, 1]
 * @param gemmTileM rows (tokens) of one GEMM output tile
 * @param gemmTileN columns of one GEMM output tile
 * @param kernelOverheadNs fixed GPU time of every non-attention kernel (launch and tail)
 * @param elementwiseEfficiency effective bandwidth of norms, rotary and embedding over spec
 * @param activationEfficiency effective bandwidth of the activation function over spec
 * @param attentionOverheadNs fixed time of one attention layer
 * @param attentionPrefillComputeEfficiency fraction of dense peak prefill attention FLOPs reach
 * @param attentionPrefillKvEfficiency fraction of spec bandwidth a prefill's KV (prefix and new) is read at
 * @param attentionDecodeEfficiency fraction of spec bandwidth decode KV is read at in a pure-decode batch
 * @param attentionDecodeSequenceNs time per decode sequence in a pure-decode batch
 * @param attentionMixedDecodeEfficiency fraction of dense peak decode attention FLOPs reach beside a prefill
 *     (a decode fills one padded query tile per head, so this is small)
 * @param attentionMixedDecodeSequenceNs time per decode sequence beside a prefill
 */
public record RooflineConstants(double memoryEfficiency, double computeEfficiency, int gemmTileM, int gemmTileN,
        double kernelOverheadNs, double elementwiseEfficiency, double activationEfficiency,
        double attentionOverheadNs, double attentionPrefillComputeEfficiency, double attentionPrefillKvEfficiency,
        double attentionDecodeEfficiency, double attentionDecodeSequenceNs, double attentionMixedDecodeEfficiency,
        double attentionMixedDecodeSequenceNs) {

    /** The JSON keys of the {@code efficiency} block, in file order. */
    public static final java.util.List<String> KEYS = java.util.List.of("memory_bandwidth", "compute",
            "gemm_tile_m", "gemm_tile_n", "kernel_overhead_us", "elementwise_bandwidth", "activation_bandwidth",
            "attention_overhead_us", "attention_prefill_compute", "attention_prefill_kv_bandwidth",
            "attention_decode_bandwidth", "attention_decode_sequence_us", "attention_mixed_decode_compute",
            "attention_mixed_decode_sequence_us");

    /** This record's value of {@code key} (one of {@link #KEYS}) in the file's unit (us for times). */
    public double fileValue(String key) {
        switch (key) {
            case "memory_bandwidth":
                return memoryEfficiency;
            case "compute":
                return computeEfficiency;
            case "gemm_tile_m":
                return gemmTileM;
            case "gemm_tile_n":
                return gemmTileN;
            case "kernel_overhead_us":
                return kernelOverheadNs / 1e3;
            case "elementwise_bandwidth":
                return elementwiseEfficiency;
            case "activation_bandwidth":
                return activationEfficiency;
            case "attention_overhead_us":
                return attentionOverheadNs / 1e3;
            case "attention_prefill_compute":
                return attentionPrefillComputeEfficiency;
            case "attention_prefill_kv_bandwidth":
                return attentionPrefillKvEfficiency;
            case "attention_decode_bandwidth":
                return attentionDecodeEfficiency;
            case "attention_decode_sequence_us":
                return attentionDecodeSequenceNs / 1e3;
            case "attention_mixed_decode_compute":
                return attentionMixedDecodeEfficiency;
            case "attention_mixed_decode_sequence_us":
                return attentionMixedDecodeSequenceNs / 1e3;
            default:
                throw new IllegalArgumentException("unknown efficiency key " + key);
        }
    }

    /** A copy with {@code key} (one of {@link #KEYS}) set to {@code value} in the file's unit. */
    public RooflineConstants with(String key, double value) {
        double[] v = new double[KEYS.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = fileValue(KEYS.get(i));
        }
        int at = KEYS.indexOf(key);
        if (at < 0) {
            throw new IllegalArgumentException("unknown efficiency key " + key);
        }
        v[at] = value;
        return fromFileValues(v);
    }

    /** Builds the record from values in {@link #KEYS} order and the file's units. */
    public static RooflineConstants fromFileValues(double[] v) {
        return new RooflineConstants(v[0], v[1], (int) Math.round(v[2]), (int) Math.round(v[3]), v[4] * 1e3, v[5],
                v[6], v[7] * 1e3, v[8], v[9], v[10], v[11] * 1e3, v[12], v[13] * 1e3);
    }
}
