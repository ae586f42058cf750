package dev.memwall.model;

import java.util.Objects;

/**
 * The architecture facts memwall needs from a HuggingFace {@code config.json}. Read by
 * {@link ModelCatalog}; every field has been validated there.
 *
 * @param name the catalog name, e.g. {@code meta-llama/Llama-3.1-8B}
 * @param modelType HF {@code model_type}, e.g. {@code llama}, {@code qwen3}, {@code mixtral}
 * @param headDim HF {@code head_dim}, or hiddenSize / numAttentionHeads when the file has none
 * @param intermediateSize FFN width; for MoE models the width of one expert
 *     ({@code moe_intermediate_size} when present, else {@code intermediate_size} as Mixtral has it)
 * @param torchDtype HF {@code torch_dtype} (or newer {@code dtype}) as written, or null
 * @param attentionBias whether q/k/v projections carry a bias (HF {@code attention_bias}; Qwen2
 *     configs omit the key but always have the bias, so it defaults to true for {@code qwen2*})
 * @param numExperts routed experts per MoE layer, 0 for dense models
 * @param numExpertsPerToken experts each token is routed to (top-k), 0 for dense models
 */
public record ModelConfig(
        String name,
        String modelType,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int intermediateSize,
        int vocabSize,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        String torchDtype,
        boolean attentionBias,
        int numExperts,
        int numExpertsPerToken) {

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modelType, "modelType");
    }

    /** True when the FFN of every block is a mixture of experts. */
    public boolean isMoe() {
        return numExperts > 0;
    }
}
