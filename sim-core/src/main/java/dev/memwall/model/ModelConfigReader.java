package dev.memwall.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.JsonFields;

/**
 * Validates an HF {@code config.json} tree into a {@link ModelConfig}. Unknown keys are ignored
 * because users drop real HF configs in; missing or mistyped keys we need are errors naming the
 * file and key.
 */
final class ModelConfigReader {
    private final JsonFields root;

    private ModelConfigReader(JsonNode root, String file) {
        this.root = JsonFields.open(root, file);
    }

    /** Reads {@code root} (the top-level object of {@code file}) as model {@code name}. */
    static ModelConfig read(JsonNode root, String name, String file) {
        return new ModelConfigReader(root, file).read(name);
    }

    private ModelConfig read(String name) {
        String modelType = root.string("model_type");
        int hidden = requiredPositiveInt("hidden_size");
        int layers = requiredPositiveInt("num_hidden_layers");
        int heads = requiredPositiveInt("num_attention_heads");
        int kvHeads = optionalPositiveInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw root.error("num_key_value_heads", "must divide num_attention_heads " + heads
                    + " (got " + kvHeads + ")");
        }
        int headDim = optionalPositiveInt("head_dim", 0);
        if (headDim == 0) {
            if (hidden % heads != 0) {
                throw root.error("head_dim", "missing, and hidden_size " + hidden
                        + " is not divisible by num_attention_heads " + heads);
            }
            headDim = hidden / heads;
        }
        int vocab = requiredPositiveInt("vocab_size");
        int maxPositions = requiredPositiveInt("max_position_embeddings");
        boolean tie = root.optionalBoolean("tie_word_embeddings", false);
        String torchDtype = root.optionalString(root.has("torch_dtype") ? "torch_dtype" : "dtype");
        // Qwen2 has a q/k/v bias but its config.json has no attention_bias key.
        boolean bias = root.optionalBoolean("attention_bias", modelType.startsWith("qwen2"));

        // Mixtral calls it num_local_experts, Qwen-MoE num_experts.
        String expertsKey = root.has("num_local_experts") ? "num_local_experts" : "num_experts";
        int experts = optionalNonNegativeInt(expertsKey, 0);
        int perToken = 0;
        int ffn;
        if (experts > 0) {
            perToken = requiredPositiveInt("num_experts_per_tok");
            if (perToken > experts) {
                throw root.error("num_experts_per_tok", "must be <= " + expertsKey + " " + experts
                        + " (got " + perToken + ")");
            }
            ffn = root.has("moe_intermediate_size")
                    ? requiredPositiveInt("moe_intermediate_size")
                    : requiredPositiveInt("intermediate_size");
        } else {
            ffn = requiredPositiveInt("intermediate_size");
        }
        return new ModelConfig(name, modelType, hidden, layers, heads, kvHeads, headDim, ffn,
                vocab, maxPositions, tie, torchDtype, bias, experts, perToken);
    }

    private int requiredPositiveInt(String key) {
        return positive(key, root.integer(key));
    }

    private int optionalPositiveInt(String key, int fallback) {
        return root.isNull(key) ? fallback : positive(key, root.integer(key));
    }

    private int optionalNonNegativeInt(String key, int fallback) {
        if (root.isNull(key)) {
            return fallback;
        }
        int v = root.integer(key);
        if (v < 0) {
            throw root.error(key, "must be >= 0 (got " + v + ")");
        }
        return v;
    }

    private int positive(String key, int v) {
        if (v <= 0) {
            throw root.error(key, "must be > 0 (got " + v + ")");
        }
        return v;
    }
}
