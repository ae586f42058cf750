package dev.memwall.hardware;

/**
 * The roofline's time of one kernel class on one GPU, from its spec and its
 * {@link RooflineConstants}: the formulas {@link RooflineTimeModel} sums per layer and
 * {@code calibrate} fits to measured kernel tables, so that both use the same model. Times are
 * in ns, not rounded. Immutable; no method allocates.
 */
public final class KernelCosts {
    private final RooflineConstants c;
    private final double peakFlopsPerSec;
    private final double bandwidthBytesPerSec;
    private final int sms;

    /**
     * @param peakFlopsPerSec dense tensor peak of the dtype the kernels run in
     * @param bandwidthBytesPerSec spec memory bandwidth
     * @param sms streaming multiprocessors (compute units) that GEMM tiles are spread over
     */
    public KernelCosts(RooflineConstants c, double peakFlopsPerSec, double bandwidthBytesPerSec, int sms) {
        this.c = c;
        this.peakFlopsPerSec = peakFlopsPerSec;
        this.bandwidthBytesPerSec = bandwidthBytesPerSec;
        this.sms = sms;
    }

    /** For a hardware spec at its BF16 peak, or its FP8 peak for 8-bit weights. */
    public static KernelCosts of(HardwareSpec hw, boolean eightBit) {
        return new KernelCosts(hw.roofline(), eightBit ? hw.fp8FlopsPerSec() : hw.bf16FlopsPerSec(),
                hw.memoryBandwidthBytesPerSec(), hw.smCount());
    }

    public RooflineConstants constants() {
        return c;
    }

    /**
     * A GEMM of {@code tokens} rows through a {@code k x n} weight:
     * {@code sqrt(compute^2 + memory^2) + kernelOverhead}, a roofline whose corner is rounded
     * (a kernel near the ridge point is neither purely bound by one nor overlaps them perfectly).
     * Compute pads the rows to whole tiles of {@code gemmTileM} and, once the
     * {@code ceil(tokens / tileM) * ceil(n / tileN)} output tiles fill the SMs, divides by the
     * share of the last wave that has work: a GEMM of 189 tiles on 188 SMs takes two waves. Below
     * one wave, small-M kernels split K and fill the GPU, so there is no quantisation there. Memory
     * is the weights plus the activations in and out.
     */
    public double gemmNs(double tokens, double k, double n, double bytesPerElement) {
        double computeSec = gemmComputeSec(tokens, k, n);
        double memorySec = gemmMemorySec(tokens, k, n, bytesPerElement);
        return Math.sqrt(computeSec * computeSec + memorySec * memorySec) * 1e9 + c.kernelOverheadNs();
    }

    /** The compute side of {@link #gemmNs}, seconds. */
    public double gemmComputeSec(double tokens, double k, double n) {
        double mTiles = Math.ceil(tokens / c.gemmTileM());
        double tiles = mTiles * Math.ceil(n / c.gemmTileN());
        double occupancy = 1.0;
        if (tiles >= sms) {
            occupancy = tiles / (Math.ceil(tiles / sms) * sms);
        }
        return 2.0 * mTiles * c.gemmTileM() * n * k / (peakFlopsPerSec * c.computeEfficiency() * occupancy);
    }

    /** The memory side of {@link #gemmNs}, seconds. */
    public double gemmMemorySec(double tokens, double k, double n, double bytesPerElement) {
        return (k * n + tokens * (k + n)) * bytesPerElement / (bandwidthBytesPerSec * c.memoryEfficiency());
    }

    /** FLOPs and bytes of a kernel that is neither a dense GEMM nor attention (MoE experts). */
    public double rooflineNs(double flops, double bytes) {
        double computeSec = flops / (peakFlopsPerSec * c.computeEfficiency());
        double memorySec = bytes / (bandwidthBytesPerSec * c.memoryEfficiency());
        return Math.max(computeSec, memorySec) * 1e9 + c.kernelOverheadNs();
    }

    /** A norm, rotary embedding or embedding gather moving {@code bytes}. */
    public double elementwiseNs(double bytes) {
        return bytes / (bandwidthBytesPerSec * c.elementwiseEfficiency()) * 1e9 + c.kernelOverheadNs();
    }

    /** The activation function (SiLU and multiply) moving {@code bytes}. */
    public double activationNs(double bytes) {
        return bytes / (bandwidthBytesPerSec * c.activationEfficiency()) * 1e9 + c.kernelOverheadNs();
    }

    /**
     * One attention layer of a batch. Beside a prefill, decodes run in the prefill's varlen kernel,
     * one query tile per sequence and query head, so their time follows their FLOPs (query heads x
     * context), padded: the fitted efficiency is the real FLOPs' share of peak. Alone, a split-KV
     * decode kernel reads their KV at bandwidth.
     *
     * @param prefillFlops causal QK^T and AV FLOPs of the prefill sequences
     * @param prefillKvBytes KV bytes of the prefill sequences, cached prefix and new tokens
     * @param decodeKvBytes KV bytes the decode sequences read (their context and new token)
     * @param decodeSequences decode sequences
     * @param decodeFlops QK^T and AV FLOPs of the decode sequences
     * @param withPrefill whether the batch holds a prefill, so that decodes share its kernel
     */
    public double attentionNs(double prefillFlops, double prefillKvBytes, double decodeKvBytes, double decodeSequences,
            double decodeFlops, boolean withPrefill) {
        double ns = c.attentionOverheadNs();
        if (withPrefill) {
            ns += prefillFlops / (peakFlopsPerSec * c.attentionPrefillComputeEfficiency()) * 1e9
                    + prefillKvBytes / (bandwidthBytesPerSec * c.attentionPrefillKvEfficiency()) * 1e9
                    + decodeFlops / (peakFlopsPerSec * c.attentionMixedDecodeEfficiency()) * 1e9
                    + decodeSequences * c.attentionMixedDecodeSequenceNs();
        } else {
            ns += decodeKvBytes / (bandwidthBytesPerSec * c.attentionDecodeEfficiency()) * 1e9
                    + decodeSequences * c.attentionDecodeSequenceNs();
        }
        return ns;
    }

    /** Dense peak of the kernels' dtype, FLOP/s. */
    public double peakFlopsPerSec() {
        return peakFlopsPerSec;
    }

    /** Spec memory bandwidth, bytes/s. */
    public double bandwidthBytesPerSec() {
        return bandwidthBytesPerSec;
    }

    public int sms() {
        return sms;
    }
}
