package dev.memwall.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-rank layer table of a model under tensor parallelism: for each layer of one iteration,
 * in execution order, its name, kind, decoder block, weight bytes and FLOPs per token. Built once
 * at set-up; the accessors are array reads, safe for the hot path.
 *
 * <p>Sizes follow LLMServingSim's {@code calculate_sizes} (vLLM sharding): q/k/v, gate_up and
 * the vocabulary are split across ranks, o_proj and down_proj along their input, norms are
 * replicated, MoE experts are spread whole across ranks while the router gate is replicated.
 * KV bytes per token are {@code 2·kvHeads·headDim·kvBytes/tp} per layer, as LLMServingSim has
 * it (it does not model vLLM's KV-head replication when tp exceeds the KV head count).
 */
public final class ModelShape {
    // Elementwise FLOP counts per element; small next to the GEMMs, kept for the roofline.
    private static final int RMS_NORM_FLOPS = 4;   // square, accumulate, scale, weight multiply
    private static final int ROTARY_FLOPS = 3;     // x·cos + rotate(x)·sin
    private static final int SILU_MUL_FLOPS = 5;   // SiLU (~4) and the gate multiply

    private final ModelConfig config;
    private final DType weightDtype;
    private final DType kvDtype;
    private final int tpSize;
    private final String[] names;
    private final LayerKind[] kinds;
    private final int[] blocks;
    private final long[] weightBytes;
    private final double[] flopsPerToken;
    private final long totalWeightBytes;
    private final int headsPerRank;
    private final int kvHeadsPerRank;
    private final long kvBytesPerTokenPerLayer;
    private final int expertsPerRank;

    private ModelShape(ModelConfig m, DType weightDtype, DType kvDtype, int tpSize, int expertShards, Rows rows) {
        this.config = m;
        this.weightDtype = weightDtype;
        this.kvDtype = kvDtype;
        this.tpSize = tpSize;
        int n = rows.names.size();
        this.names = rows.names.toArray(new String[0]);
        this.kinds = rows.kinds.toArray(new LayerKind[0]);
        this.blocks = new int[n];
        this.weightBytes = new long[n];
        this.flopsPerToken = new double[n];
        long total = 0;
        for (int l = 0; l < n; l++) {
            blocks[l] = rows.blocks.get(l);
            weightBytes[l] = rows.elements.get(l) * weightDtype.bytesPerElement();
            flopsPerToken[l] = rows.flops.get(l);
            total += weightBytes[l];
        }
        this.totalWeightBytes = total;
        this.headsPerRank = m.numAttentionHeads() / tpSize;
        this.kvHeadsPerRank = Math.max(1, m.numKeyValueHeads() / tpSize);
        this.kvBytesPerTokenPerLayer =
                2L * m.numKeyValueHeads() * m.headDim() * kvDtype.bytesPerElement() / tpSize;
        this.expertsPerRank = m.numExperts() / expertShards;
    }

    /**
     * Builds the table for one rank of a {@code tpSize}-way tensor-parallel instance.
     *
     * @throws IllegalArgumentException when {@link #tpProblem} reports one
     */
    public static ModelShape of(ModelConfig m, DType weightDtype, DType kvDtype, int tpSize) {
        return of(m, weightDtype, kvDtype, tpSize, 1);
    }

    /**
     * Builds the table for one rank of a {@code tpSize}-way tensor-parallel instance that is one
     * of {@code dataParallelMembers} members of a data-parallel group sharing its MoE experts (each
     * member holds {@code 1 / dataParallelMembers} of them, spread over its ranks, as vLLM's expert
     * parallelism across data-parallel ranks does); 1 for an instance on its own.
     *
     * @throws IllegalArgumentException when {@link #tpProblem} reports one
     */
    public static ModelShape of(ModelConfig m, DType weightDtype, DType kvDtype, int tpSize, int dataParallelMembers) {
        String problem = tpProblem(m, tpSize);
        if (problem != null) {
            throw new IllegalArgumentException(m.name() + ": " + problem);
        }
        int expertShards = m.isMoe() ? tpSize * dataParallelMembers : tpSize;
        return new ModelShape(m, weightDtype, kvDtype, tpSize, expertShards, Rows.build(m, tpSize, expertShards));
    }

    /**
     * Why {@code m} cannot be split {@code tpSize} ways (vLLM's rules: heads, KV heads and MoE
     * experts must divide evenly, or KV heads be replicated whole), or null when it can. Lets
     * config validation report the problem at its own JSON path.
     */
    public static String tpProblem(ModelConfig m, int tpSize) {
        if (tpSize < 1) {
            return "tp size must be >= 1 (got " + tpSize + ")";
        }
        if (m.numAttentionHeads() % tpSize != 0) {
            return "tp size " + tpSize + " does not divide num_attention_heads "
                    + m.numAttentionHeads();
        }
        int kv = m.numKeyValueHeads();
        if (kv % tpSize != 0 && tpSize % kv != 0) {
            return "tp size " + tpSize + " neither divides nor is a multiple of num_key_value_heads "
                    + kv;
        }
        if (m.isMoe() && m.numExperts() % tpSize != 0) {
            return "tp size " + tpSize + " does not divide the " + m.numExperts() + " experts";
        }
        return null;
    }

    /** Rows of the table (embedding, every block's sub-layers, final norm, lm_head). */
    public int layerCount() {
        return names.length;
    }

    /** LLMServingSim's name for layer {@code l}, e.g. {@code qkv_proj}; repeats across blocks. */
    public String layerName(int l) {
        return names[l];
    }

    public LayerKind kind(int l) {
        return kinds[l];
    }

    /** The decoder block layer {@code l} belongs to, or -1 for embedding, final norm and lm_head. */
    public int blockIndex(int l) {
        return blocks[l];
    }

    /** Weight bytes of layer {@code l} held by one rank. */
    public long weightBytes(int l) {
        return weightBytes[l];
    }

    /**
     * FLOPs one rank spends on layer {@code l} per token: 2 per weight for GEMMs, small
     * elementwise counts for norms, rotary and activation, 0 for embedding and for attention
     * (see {@link #attentionFlopsPerTokenPair()}). MoE counts the gate plus, under balanced
     * routing, expertsPerToken/tp experts.
     */
    public double flopsPerToken(int l) {
        return flopsPerToken[l];
    }

    /** Sum of {@link #weightBytes} over all layers: one rank's weights. */
    public long totalWeightBytes() {
        return totalWeightBytes;
    }

    /** Decoder blocks ({@code num_hidden_layers}). */
    public int blockCount() {
        return config.numHiddenLayers();
    }

    /** KV-cache bytes one rank stores per token, all layers. */
    public long kvBytesPerToken() {
        return kvBytesPerTokenPerLayer * config.numHiddenLayers();
    }

    /** KV-cache bytes one rank stores per token in one layer (K and V). */
    public long kvBytesPerTokenPerLayer() {
        return kvBytesPerTokenPerLayer;
    }

    /**
     * Attention FLOPs per layer per rank for one query token against one context token:
     * {@code 4·headsPerRank·headDim} (2 for the QK^T dot product, 2 for the AV accumulate).
     */
    public double attentionFlopsPerTokenPair() {
        return 4.0 * headsPerRank * config.headDim();
    }

    public int attentionHeadsPerRank() {
        return headsPerRank;
    }

    /** KV heads one rank holds: kvHeads/tp, at least 1 (vLLM replicates when tp > kvHeads). */
    public int kvHeadsPerRank() {
        return kvHeadsPerRank;
    }

    public ModelConfig config() {
        return config;
    }

    public DType weightDtype() {
        return weightDtype;
    }

    public DType kvDtype() {
        return kvDtype;
    }

    public int tpSize() {
        return tpSize;
    }

    /** Routed experts per MoE layer in the whole model; 0 for dense models. */
    public int experts() {
        return config.numExperts();
    }

    /** Experts each token is routed to (top-k); 0 for dense models. */
    public int expertsPerToken() {
        return config.numExpertsPerToken();
    }

    /** Experts of each MoE layer held by one rank (experts are not split, they are spread). */
    public int expertsPerRank() {
        return expertsPerRank;
    }

    /** Bytes of one whole expert (gate, up and down matrices), which lives on one rank. */
    public long expertWeightBytes() {
        if (!config.isMoe()) {
            return 0;
        }
        return 3L * config.hiddenSize() * config.intermediateSize() * weightDtype.bytesPerElement();
    }

    /** Bytes of one MoE layer's router gate (hidden × experts), replicated on every rank. */
    public long moeGateBytes() {
        return (long) config.hiddenSize() * config.numExperts() * weightDtype.bytesPerElement();
    }

    /** Per-rank element and FLOP counts, row by row, before multiplying by the dtype size. */
    private static final class Rows {
        final List<String> names = new ArrayList<>();
        final List<LayerKind> kinds = new ArrayList<>();
        final List<Integer> blocks = new ArrayList<>();
        final List<Long> elements = new ArrayList<>();
        final List<Double> flops = new ArrayList<>();

        void add(String name, LayerKind kind, int block, long elementCount, double flopCount) {
            names.add(name);
            kinds.add(kind);
            blocks.add(block);
            elements.add(elementCount);
            flops.add(flopCount);
        }

        static Rows build(ModelConfig m, int tp, int expertShards) {
            long hidden = m.hiddenSize();
            long ffn = m.intermediateSize();
            long qDim = (long) m.numAttentionHeads() * m.headDim();
            long kvDim = (long) m.numKeyValueHeads() * m.headDim();
            long qPerRank = qDim / tp;
            long kPerRank = (long) Math.max(1, m.numKeyValueHeads() / tp) * m.headDim();
            long vocabPerRank = m.vocabSize() / tp;
            // Qwen3 normalises q and k per head (q_norm, k_norm) between qkv_proj and rotary.
            boolean qkNorm = m.modelType().startsWith("qwen3");

            Rows r = new Rows();
            r.add("embedding", LayerKind.EMBEDDING, -1, vocabPerRank * hidden, 0);
            for (int b = 0; b < m.numHiddenLayers(); b++) {
                r.add("layernorm", LayerKind.NORM, b, hidden, RMS_NORM_FLOPS * hidden);
                long qkv = hidden * (qDim + 2 * kvDim) / tp;
                long qkvBias = m.attentionBias() ? (qDim + 2 * kvDim) / tp : 0;
                r.add("qkv_proj", LayerKind.LINEAR, b, qkv + qkvBias, 2.0 * qkv + qkvBias);
                if (qkNorm) {
                    r.add("qk_norm", LayerKind.NORM, b, 2L * m.headDim(),
                            RMS_NORM_FLOPS * (qPerRank + kPerRank));
                }
                r.add("rotary_emb", LayerKind.ROTARY, b, 0, ROTARY_FLOPS * (qPerRank + kPerRank));
                r.add("attention", LayerKind.ATTENTION, b, 0, 0);
                long o = qDim / tp * hidden;
                r.add("o_proj", LayerKind.LINEAR, b, o, 2.0 * o);
                r.add("layernorm", LayerKind.NORM, b, hidden, RMS_NORM_FLOPS * hidden);
                if (m.isMoe()) {
                    long gate = hidden * m.numExperts();
                    long expert = 3 * hidden * ffn;
                    // Every rank holds its share of the experts' bytes (whole experts where the
                    // experts divide evenly, as they must over tp alone).
                    long experts = (long) m.numExperts() * expert / expertShards;
                    double activePerRank = (double) m.numExpertsPerToken() / tp;
                    double flops = 2.0 * gate
                            + activePerRank * (2.0 * expert + SILU_MUL_FLOPS * ffn);
                    r.add("moe", LayerKind.MOE, b, gate + experts, flops);
                } else {
                    long gateUp = 2 * hidden * ffn / tp;
                    long down = ffn / tp * hidden;
                    r.add("gate_up_proj", LayerKind.LINEAR, b, gateUp, 2.0 * gateUp);
                    r.add("act_fn", LayerKind.ACTIVATION, b, 0, SILU_MUL_FLOPS * (ffn / tp));
                    r.add("down_proj", LayerKind.LINEAR, b, down, 2.0 * down);
                }
            }
            r.add("final_layernorm", LayerKind.NORM, -1, hidden, RMS_NORM_FLOPS * hidden);
            // Counted in full even when tie_word_embeddings shares it with the embedding, as
            // LLMServingSim does: the matrix is read again for the logits either way.
            long lmHead = vocabPerRank * hidden;
            r.add("lm_head", LayerKind.LM_HEAD, -1, lmHead, 2.0 * lmHead);
            return r;
        }
    }
}
