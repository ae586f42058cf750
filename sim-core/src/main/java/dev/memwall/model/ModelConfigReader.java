package dev.memwall.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.InputException;

/**
 * Validates an HF {@code config.json} tree into a {@link ModelConfig}. Unknown keys are ignored
 * because users drop real HF configs in; missing or mistyped keys we need are errors naming the
 * file and key.
 */
final class ModelConfigReader {
    private final JsonNode root;
    private final String file;

    private ModelConfigReader(JsonNode root, String file) {
        this.root = root;
        this.file = file;
    }

    /** Reads {@code root} (the top-level object of {@code file}) as model {@code name}. */
    static ModelConfig read(JsonNode root, String name, String file) {
        return new ModelConfigReader(root, file).read(name);
    }

    private ModelConfig read(String name) {
        String modelType = requiredString("model_type");
        int hidden = requiredPositiveInt("hidden_size");
        int layers = requiredPositiveInt("num_hidden_layers");
        int heads = requiredPositiveInt("num_attention_heads");
        int kvHeads = optionalPositiveInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw error("num_key_value_heads", "must divide num_attention_heads " + heads
                    + " (got " + kvHeads + ")");
        }
        int headDim = optionalPositiveInt("head_dim", 0);
        if (headDim == 0) {
            if (hidden % heads != 0) {
                throw error("head_dim", "missing, and hidden_size " + hidden
                        + " is not divisible by num_attention_heads " + heads);
            }
            headDim = hidden / heads;
        }
        int vocab = requiredPositiveInt("vocab_size");
        int maxPositions = requiredPositiveInt("max_position_embeddings");
        boolean tie = optionalBoolean("tie_word_embeddings", false);
        String torchDtype = optionalString(root.has("torch_dtype") ? "torch_dtype" : "dtype");
        // Qwen2 has a q/k/v bias but its config.json has no attention_bias key.
        boolean bias = optionalBoolean("attention_bias", modelType.startsWith("qwen2"));

        // Mixtral calls it num_local_experts, Qwen-MoE num_experts.
        String expertsKey = root.has("num_local_experts") ? "num_local_experts" : "num_experts";
        int experts = optionalNonNegativeInt(expertsKey, 0);
        int perToken = 0;
        int ffn;
        if (experts > 0) {
            perToken = requiredPositiveInt("num_experts_per_tok");
            if (perToken > experts) {
                throw error("num_experts_per_tok", "must be <= " + expertsKey + " " + experts
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

    private InputException error(String key, String what) {
        return InputException.at(file, key + ": " + what);
    }

    private JsonNode present(String key) {
        JsonNode n = root.get(key);
        if (n == null) {
            throw error(key, "missing required key");
        }
        return n;
    }

    private String requiredString(String key) {
        JsonNode n = present(key);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw error(key, "must be a non-empty string (got " + n + ")");
        }
        return n.asText();
    }

    private String optionalString(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw error(key, "must be a string (got " + n + ")");
        }
        return n.asText();
    }

    private int requiredPositiveInt(String key) {
        return positive(key, integer(key, present(key)));
    }

    private int optionalPositiveInt(String key, int fallback) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? fallback : positive(key, integer(key, n));
    }

    private int optionalNonNegativeInt(String key, int fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        int v = integer(key, n);
        if (v < 0) {
            throw error(key, "must be >= 0 (got " + v + ")");
        }
        return v;
    }

    private int integer(String key, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw error(key, "must be an integer (got " + n + ")");
        }
        return n.intValue();
    }

    private int positive(String key, int v) {
        if (v <= 0) {
            throw error(key, "must be > 0 (got " + v + ")");
        }
        return v;
    }

    private boolean optionalBoolean(String key, boolean fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw error(key, "must be true or false (got " + n + ")");
        }
        return n.booleanValue();
    }
}
