package dev.memwall.hardware;

import dev.memwall.model.DType;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;

/**
 * Roofline iteration time (DESIGN.md, "The physics"): every layer takes
 * {@code max(flops / (F * eff_c), hbmBytes / (BW * eff_m)) + kernelOverhead}, layers run in
 * order, and each iteration pays a fixed time of {@code iterationOverhead + S * sequenceOverhead}
 * for its S scheduled sequences. Efficiencies and overheads come from the hardware file, each with
 * its source. Weights and KV are in HBM here.
 *
 * <p>Two engine terms model how vLLM runs an iteration rather than what the GPU does:
 * <ul>
 *   <li>{@code sequence_overhead_us}, charged once per scheduled sequence in the fixed part (what
 *       {@link #layerTimes} returns): the engine's per-sequence CPU work every step (scheduling,
 *       input preparation, sampling, detokenization), which more GPUs do not shorten;</li>
 *   <li>{@code prefill_kernel_overhead_us}, the per-kernel overhead of every layer of an iteration
 *       that schedules any prefill sequence (more than one new token), used there instead of
 *       {@code kernel_overhead_us}: vLLM captures CUDA graphs for pure decode batches only and
 *       launches prefill and mixed batches eagerly, paying Python dispatch and a launch per
 *       kernel. TP all-reduces are launched ops too: outside a CUDA graph vLLM's custom all-reduce
 *       is dispatched on its own (with a copy into its registered buffer), so each all-reduce of
 *       such an iteration pays the same difference,
 *       {@code prefill_kernel_overhead_us - kernel_overhead_us}, on top of its link time. An
 *       eager iteration thus costs that difference more per launched op than the same iteration
 *       as a graph, and a hardware file with equal values has no eager term at all.</li>
 * </ul>
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
 * Under tensor parallelism every rank computes its shard and a ring all-reduce of the layer's
 * output follows o_proj, down_proj and MoE layers, on the scale-up link.
 */
public final class RooflineTimeModel implements IterationTimeModel {
    private final LayerKind[] kinds;
    private final double[] weightBytes;
    private final double[] flopsPerToken;
    private final boolean[] allReduceAfter;
    private final double[] multiplicity;
    /** For every layer of the model, the index of the costed layer it equals. */
    private final int[] templateOf;
    private final long[] templateNs;
    private final int tp;
    private final double allReduceBytesPerSec;
    private final long allReduceLatencyNs;
    private final double flopsPerSec;
    private final double bytesPerSec;
    private final double kernelOverheadSec;
    private final double prefillKernelOverheadSec;
    private final long prefillAllReduceOverheadNs;
    private final long iterationOverheadNs;
    private final long sequenceOverheadNs;
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
        prefillKernelOverheadSec = hw.prefillKernelOverheadNs() * 1e-9;
        prefillAllReduceOverheadNs = hw.prefillKernelOverheadNs() - hw.kernelOverheadNs();
        iterationOverheadNs = hw.iterationOverheadNs();
        sequenceOverheadNs = hw.sequenceOverheadNs();

        tp = shape.tpSize();
        // TP all-reduces run on the scale-up link (NVLink, Infinity Fabric); GPUs without one
        // (L40S, RTX cards) reduce over their host link.
        allReduceBytesPerSec = allReduceBytesPerSec(hw);
        allReduceLatencyNs = allReduceLatencyNs(hw);
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
        allReduceAfter = new boolean[kept];
        multiplicity = new double[kept];
        templateOf = new int[n];
        templateNs = new long[kept];
        int k = 0;
        int block0Start = -1;
        int perBlock = 0;
        for (int l = 0; l < n; l++) {
            if (shape.blockIndex(l) == 0) {
                perBlock++;
            }
        }
        for (int l = 0; l < n; l++) {
            if (uniform && shape.blockIndex(l) > 0) {
                // Same position in block 0.
                templateOf[l] = templateOf[block0Start + (l - block0Start) % perBlock];
                continue;
            }
            if (shape.blockIndex(l) == 0 && block0Start < 0) {
                block0Start = l;
            }
            kinds[k] = shape.kind(l);
            weightBytes[k] = shape.weightBytes(l);
            flopsPerToken[k] = shape.flopsPerToken(l);
            String name = shape.layerName(l);
            allReduceAfter[k] = tp > 1 && ("o_proj".equals(name) || "down_proj".equals(name) || kinds[k] == LayerKind.MOE);
            multiplicity[k] = uniform && shape.blockIndex(l) == 0 ? shape.blockCount() : 1;
            templateOf[l] = k;
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
        costTemplates(batch);
        long total = fixedNs(batch);
        for (int k = 0; k < templateNs.length; k++) {
            total += templateNs[k] * (long) multiplicity[k];
        }
        return total;
    }

    @Override
    public long layerTimes(BatchShape batch, long[] layerNs) {
        if (batch.isEmpty()) {
            lastHbmBytes = 0;
            java.util.Arrays.fill(layerNs, 0, templateOf.length, 0L);
            return 0;
        }
        costTemplates(batch);
        for (int l = 0; l < templateOf.length; l++) {
            layerNs[l] = templateNs[templateOf[l]];
        }
        return fixedNs(batch);
    }

    /** The iteration's time outside its layers: the iteration overhead and each sequence's. */
    private long fixedNs(BatchShape batch) {
        return iterationOverheadNs + sequenceOverheadNs * batch.sequences;
    }

    /** Costs each distinct layer into {@link #templateNs} and totals the HBM bytes. */
    private void costTemplates(BatchShape batch) {
        final double tokens = batch.scheduledTokens;
        final double seqs = batch.sequences;
        // Any prefill makes the iteration eager (no CUDA graph): its own per-kernel overhead.
        final boolean eager = batch.prefillSequences > 0;
        final double kernelSec = eager ? prefillKernelOverheadSec : kernelOverheadSec;
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
            double seconds = Math.max(flops / flopsPerSec, bytes / bytesPerSec) + kernelSec;
            long ns = Math.round(seconds * 1e9);
            if (allReduceAfter[l]) {
                ns += allReduceNs(tokens * hiddenBytes) + (eager ? prefillAllReduceOverheadNs : 0);
            }
            templateNs[l] = ns;
            bytesTotal += bytes * multiplicity[l];
        }
        lastHbmBytes = bytesTotal;
    }

    private long allReduceNs(double bytes) {
        return ringAllReduceNs(tp, bytes, allReduceBytesPerSec, allReduceLatencyNs);
    }

    /**
     * Ring all-reduce of {@code bytes} over {@code ranks}: {@code 2 (p - 1)} steps, each paying
     * the link latency and moving {@code bytes / p}.
     */
    public static long ringAllReduceNs(int ranks, double bytes, double linkBytesPerSec, long linkLatencyNs) {
        if (ranks <= 1) {
            return 0;
        }
        int steps = 2 * (ranks - 1);
        return steps * linkLatencyNs + Math.round(steps * (bytes / ranks) / linkBytesPerSec * 1e9);
    }

    /** The link TP all-reduces run on: the scale-up link, or the host link on GPUs without one. */
    public static double allReduceBytesPerSec(HardwareSpec hw) {
        return hw.scaleUpLink().present() ? hw.scaleUpLink().bytesPerSec() : hw.hostLink().achievableBytesPerSec();
    }

    /** Latency of the link {@link #allReduceBytesPerSec} names. */
    public static long allReduceLatencyNs(HardwareSpec hw) {
        return hw.scaleUpLink().present() ? hw.scaleUpLink().latencyNs() : hw.hostLink().latencyNs();
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
