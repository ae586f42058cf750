package dev.memwall.hardware;

import dev.memwall.input.InputException;
import dev.memwall.model.DType;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;

/**
 * Roofline iteration time (DESIGN.md, "The physics"): layers run in order, each timed by its
 * kernel class's formula in {@link KernelCosts} with the GPU's fitted {@link RooflineConstants}
 * (GEMMs with wave quantisation over the SMs, elementwise kernels by their bytes, attention by its
 * prefill FLOPs and the KV it reads, separately for pure-decode and mixed batches), and each
 * iteration pays the serving engine's fixed time, {@code iterationOverhead + S * sequenceOverhead}
 * for its S scheduled sequences ({@link EngineProfile}). Weights and KV are in HBM here.
 *
 * <p>An iteration that schedules any prefill (more than one new token) pays the engine's eager
 * launch cost, {@code eagerKernelOverhead}, on every layer: engines that capture CUDA graphs for
 * pure decode only (vLLM 0.6) launch prefill and mixed batches kernel by kernel. TP all-reduces
 * are launched ops too; outside a graph each pays that cost plus {@code eagerAllReduceRank} per
 * rank beyond the first, the wait for the slowest rank's CPU.
 *
 * <p>What each layer moves and computes, for a batch of T new tokens over S sequences
 * ({@link LayerWork}):
 * <ul>
 *   <li>linear layers and lm_head: GEMMs of T (lm_head: S) rows through their weights;</li>
 *   <li>embedding: a gather of T rows; norms, rotary, activation: their activations in and out;</li>
 *   <li>attention: the prefills' causal QK^T and AV FLOPs and their KV (cached prefix and new),
 *       the decodes' KV reads;</li>
 *   <li>MoE: the gate plus the experts the batch touches, expected
 *       {@code E (1 - (1 - k/E)^T)} of E for top-k routing.</li>
 * </ul>
 * Decoder blocks are identical, so one block is costed and multiplied by the block count. Under
 * tensor parallelism every rank computes its shard and a ring all-reduce of the layer's output
 * follows o_proj, down_proj and MoE layers, on the scale-up link, or on the PCIe collective link
 * of GPUs without one.
 */
public final class RooflineTimeModel implements IterationTimeModel {
    private final LayerWork[] work;
    private final boolean[] allReduceAfter;
    private final double[] multiplicity;
    /** For every layer of the model, the index of the costed layer it equals. */
    private final int[] templateOf;
    private final long[] templateNs;
    /** Per template, the HBM bytes it moved in the last costed batch. */
    private final double[] templateBytes;
    /** The templates that are attention layers (costed every iteration). */
    private final int[] attentionTemplates;
    /** Sum over the other templates of their time times their multiplicity, as last costed. */
    private long otherTemplatesNs;
    /**
     * The token and sequence counts and eagerness {@link #templateNs} of every template but
     * attention were last costed for: they depend on nothing else, and consecutive decode
     * iterations mostly repeat them, so only attention (whose KV grows every iteration) is
     * costed again.
     */
    private double costedTokens = -1;
    private double costedSequences = -1;
    private boolean costedEager;
    private final KernelCosts costs;
    private final double bytesPerElement;
    private final int tp;
    private final double allReduceBytesPerSec;
    private final long allReduceLatencyNs;
    private final long iterationOverheadNs;
    private final long sequenceOverheadNs;
    private final double eagerKernelNs;
    private final long eagerAllReduceNs;
    private final double hiddenBytes;
    private final double kvBytesPerTokenPerLayer;
    private final double attentionFlopsPerPair;
    private final int experts;
    private final int expertsPerToken;
    private final double expertBytes;
    private final double[] attention = new double[4];
    /**
     * Per GEMM template (null for the others), its kernel time by row count, filled as batches
     * need them: a serving run repeats a few hundred batch sizes millions of times, and the GEMM
     * formula (tile counts, wave quantisation, a square root) is the iteration's costliest part.
     */
    private final double[][] gemmNsByRows;
    private double lastHbmBytes;

    /** Marks a row count whose GEMM time is not known yet. */
    private static final double NOT_COSTED = -1.0;
    /** Row counts cached per GEMM template; bigger batches are costed every time. */
    private static final int MAX_CACHED_ROWS = 1 << 14;
    private static final int FIRST_CACHED_ROWS = 256;

    /**
     * @param where context for errors, e.g. {@code cluster.json: nodes[0].instances[0]}
     */
    public RooflineTimeModel(ModelShape shape, HardwareSpec hw, EngineProfile engine, DType dtype, String where) {
        boolean eightBit = dtype == DType.FP8 || dtype == DType.INT8;
        if (eightBit && !hw.hasFp8()) {
            throw new InputException(where + ": dtype " + dtype.cliName() + ": hardware " + hw.name()
                    + " has no FP8 tensor cores; use bfloat16 or float16");
        }
        if (dtype == DType.FLOAT32) {
            throw new InputException(where + ": dtype float32: the roofline backend has no FP32"
                    + " tensor rate for " + hw.name() + "; use bfloat16, float16, fp8 or int8");
        }
        costs = KernelCosts.of(hw, eightBit);
        bytesPerElement = dtype.bytesPerElement();
        iterationOverheadNs = engine.iterationOverheadNs();
        sequenceOverheadNs = engine.sequenceOverheadNs();
        eagerKernelNs = engine.eagerKernelOverheadNs();
        tp = shape.tpSize();
        eagerAllReduceNs = engine.eagerAllReduceNs(tp);
        allReduceBytesPerSec = hw.collectiveBytesPerSec();
        allReduceLatencyNs = hw.collectiveLatencyNs();
        hiddenBytes = (double) shape.config().hiddenSize() * dtype.bytesPerElement();
        kvBytesPerTokenPerLayer = shape.kvBytesPerTokenPerLayer();
        attentionFlopsPerPair = shape.attentionFlopsPerTokenPair();
        experts = shape.config().numExperts();
        expertsPerToken = shape.config().numExpertsPerToken();
        expertBytes = experts > 0 ? shape.expertWeightBytes() : 0;

        // Keep the layers outside decoder blocks and those of block 0, the latter weighted by the
        // block count, when every block matches block 0 (true of every shipped model).
        boolean uniform = blocksAreUniform(shape);
        int n = shape.layerCount();
        int kept = 0;
        int perBlock = 0;
        for (int l = 0; l < n; l++) {
            kept += !uniform || shape.blockIndex(l) <= 0 ? 1 : 0;
            perBlock += shape.blockIndex(l) == 0 ? 1 : 0;
        }
        work = new LayerWork[kept];
        allReduceAfter = new boolean[kept];
        multiplicity = new double[kept];
        templateOf = new int[n];
        templateNs = new long[kept];
        templateBytes = new double[kept];
        gemmNsByRows = new double[kept][];
        int k = 0;
        int block0Start = -1;
        for (int l = 0; l < n; l++) {
            if (uniform && shape.blockIndex(l) > 0) {
                // Same position in block 0.
                templateOf[l] = templateOf[block0Start + (l - block0Start) % perBlock];
                continue;
            }
            if (shape.blockIndex(l) == 0 && block0Start < 0) {
                block0Start = l;
            }
            work[k] = LayerWork.of(shape, l);
            String name = shape.layerName(l);
            allReduceAfter[k] = tp > 1
                    && ("o_proj".equals(name) || "down_proj".equals(name) || work[k].kind() == LayerKind.MOE);
            multiplicity[k] = uniform && shape.blockIndex(l) == 0 ? shape.blockCount() : 1;
            templateOf[l] = k;
            if (work[k].kind() == LayerKind.LINEAR || work[k].kind() == LayerKind.LM_HEAD) {
                gemmNsByRows[k] = notCosted(FIRST_CACHED_ROWS);
            }
            k++;
        }
        attentionTemplates = attentionTemplates(work);
    }

    private static int[] attentionTemplates(LayerWork[] work) {
        return java.util.stream.IntStream.range(0, work.length).filter(t -> work[t].kind() == LayerKind.ATTENTION)
                .toArray();
    }

    private static double[] notCosted(int rows) {
        double[] a = new double[rows];
        java.util.Arrays.fill(a, NOT_COSTED);
        return a;
    }

    /** The GEMM time of template {@code t} for {@code rows} rows, from its cache where it fits. */
    private double gemmNs(int t, double rows) {
        LayerWork w = work[t];
        if (rows >= MAX_CACHED_ROWS) {
            return costs.gemmNs(rows, w.k(), w.n(), bytesPerElement);
        }
        int r = (int) rows;
        double[] cache = gemmNsByRows[t];
        if (r >= cache.length) {
            double[] grown = notCosted(Math.min(MAX_CACHED_ROWS, Integer.highestOneBit(r) << 1));
            System.arraycopy(cache, 0, grown, 0, cache.length);
            gemmNsByRows[t] = grown;
            cache = grown;
        }
        double ns = cache[r];
        if (ns == NOT_COSTED) {
            ns = costs.gemmNs(rows, w.k(), w.n(), bytesPerElement);
            cache[r] = ns;
        }
        return ns;
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
        long total = fixedNs(batch) + otherTemplatesNs;
        for (int t : attentionTemplates) {
            total += templateNs[t] * (long) multiplicity[t];
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

    /** The iteration's time outside its layers: the engine's per-iteration and per-sequence CPU time. */
    private long fixedNs(BatchShape batch) {
        return iterationOverheadNs + sequenceOverheadNs * batch.sequences;
    }

    /**
     * Costs each distinct layer into {@link #templateNs} and totals the HBM bytes; only attention
     * when the batch's token and sequence counts and eagerness are those last costed.
     */
    private void costTemplates(BatchShape batch) {
        final double tokens = batch.scheduledTokens;
        final double seqs = batch.sequences;
        // Any prefill makes the iteration eager where the engine launches those kernel by kernel.
        final boolean eager = batch.prefillSequences > 0;
        LayerWork.attention(batch, attentionFlopsPerPair, kvBytesPerTokenPerLayer, attention);
        if (tokens == costedTokens && seqs == costedSequences && eager == costedEager) {
            for (int t : attentionTemplates) {
                costTemplate(t, batch, tokens, seqs, eager);
            }
        } else {
            long others = 0;
            for (int l = 0; l < work.length; l++) {
                costTemplate(l, batch, tokens, seqs, eager);
                others += work[l].kind() == LayerKind.ATTENTION ? 0 : templateNs[l] * (long) multiplicity[l];
            }
            otherTemplatesNs = others;
        }
        costedTokens = tokens;
        costedSequences = seqs;
        costedEager = eager;
        double bytesTotal = 0;
        for (int l = 0; l < work.length; l++) {
            bytesTotal += templateBytes[l] * multiplicity[l];
        }
        lastHbmBytes = bytesTotal;
    }

    /** Costs template {@code l} into {@link #templateNs} and {@link #templateBytes}. */
    private void costTemplate(int l, BatchShape batch, double tokens, double seqs, boolean eager) {
        LayerWork w = work[l];
        double ns;
        double bytes;
        switch (w.kind()) {
            case LINEAR:
            case LM_HEAD: {
                double rows = w.kind() == LayerKind.LM_HEAD ? seqs : tokens;
                ns = gemmNs(l, rows);
                bytes = (w.k() * w.n() + rows * (w.k() + w.n())) * bytesPerElement;
                break;
            }
            case ATTENTION:
                ns = costs.attentionNs(attention[0], attention[1], attention[2], batch.decodeSequences,
                        attention[3], batch.prefillSequences > 0);
                bytes = attention[1] + attention[2];
                break;
            case MOE:
                bytes = w.fixedBytes() + expertsTouched(tokens) * expertBytes;
                ns = costs.rooflineNs(w.flopsPerToken() * tokens, bytes);
                break;
            case ACTIVATION:
                bytes = tokens * w.bytesPerToken();
                ns = costs.activationNs(bytes);
                break;
            default: // EMBEDDING, NORM, ROTARY
                bytes = w.fixedBytes() + tokens * w.bytesPerToken();
                ns = costs.elementwiseNs(bytes);
                break;
        }
        if (eager) {
            ns += eagerKernelNs;
        }
        long whole = Math.round(ns);
        if (allReduceAfter[l]) {
            whole += allReduceNs(tokens * hiddenBytes) + (eager ? eagerAllReduceNs : 0);
        }
        templateNs[l] = whole;
        templateBytes[l] = bytes;
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

    /** The link TP all-reduces run on: the scale-up link, else the PCIe collective link or host link. */
    public static double allReduceBytesPerSec(HardwareSpec hw) {
        return hw.collectiveBytesPerSec();
    }

    /** Latency of the link {@link #allReduceBytesPerSec} names. */
    public static long allReduceLatencyNs(HardwareSpec hw) {
        return hw.collectiveLatencyNs();
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
