package dev.memwall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelCatalogTest {
    private static final String WHERE = "cluster.json: nodes[0].instances[0].model_name";
    private static final List<String> SHIPPED = List.of(
            "Qwen/Qwen2.5-72B", "Qwen/Qwen3-30B-A3B-Instruct-2507", "Qwen/Qwen3-32B",
            "meta-llama/Llama-2-70b-hf", "meta-llama/Llama-2-7b-hf",
            "meta-llama/Llama-3.1-405B", "meta-llama/Llama-3.1-70B", "meta-llama/Llama-3.1-8B",
            "microsoft/Phi-mini-MoE-instruct", "mistralai/Mixtral-8x7B-v0.1");

    @TempDir
    Path tmp;

    @Test
    void theCatalogShipsExactlyTheTenModels() {
        assertEquals(SHIPPED, ModelCatalog.knownModels(RepoPaths.models()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Qwen/Qwen2.5-72B", "Qwen/Qwen3-30B-A3B-Instruct-2507", "Qwen/Qwen3-32B",
            "meta-llama/Llama-2-70b-hf", "meta-llama/Llama-2-7b-hf", "meta-llama/Llama-3.1-405B",
            "meta-llama/Llama-3.1-70B", "meta-llama/Llama-3.1-8B", "microsoft/Phi-mini-MoE-instruct",
            "mistralai/Mixtral-8x7B-v0.1"})
    void everyShippedModelLoadsAndShardsTwoWays(String name) {
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), name, WHERE);
        assertEquals(name, m.name());
        assertTrue(ModelShape.of(m, DType.BFLOAT16, DType.BFLOAT16, 2).totalWeightBytes() > 0);
    }

    @Test
    void llama31_8bReadsTheHfKeys() {
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), "meta-llama/Llama-3.1-8B", WHERE);
        assertEquals(new ModelConfig("meta-llama/Llama-3.1-8B", "llama", 4096, 32, 32, 8, 128,
                14336, 128256, 131072, false, "bfloat16", false, 0, 0), m);
    }

    @Test
    void qwen3KeepsItsExplicitHeadDimRatherThanHiddenOverHeads() {
        // 5120 / 64 = 80, but Qwen3-32B's head_dim is 128.
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), "Qwen/Qwen3-32B", WHERE);
        assertEquals(128, m.headDim());
    }

    @Test
    void headDimDefaultsToHiddenOverHeadsWhenAbsent() {
        // Llama-2-7b has no head_dim key: 4096 / 32 = 128.
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), "meta-llama/Llama-2-7b-hf", WHERE);
        assertEquals(128, m.headDim());
        assertEquals(32, m.numKeyValueHeads());
    }

    @Test
    void qwen2HasAQkvBiasThoughItsConfigNeverSaysSo() {
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), "Qwen/Qwen2.5-72B", WHERE);
        assertTrue(m.attentionBias());
    }

    @Test
    void mixtralRoutesEachTokenToTwoOfEightExperts() {
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), "mistralai/Mixtral-8x7B-v0.1", WHERE);
        assertTrue(m.isMoe());
        assertEquals(8, m.numExperts());
        assertEquals(2, m.numExpertsPerToken());
        assertEquals(14336, m.intermediateSize());
    }

    /**
     * The three MoE families name their expert count and width differently: Qwen3-MoE
     * {@code num_experts} and {@code moe_intermediate_size}, Mixtral and Phi-MoE
     * {@code num_local_experts} and {@code intermediate_size}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Qwen/Qwen3-30B-A3B-Instruct-2507, 128, 8, 768",
            "mistralai/Mixtral-8x7B-v0.1, 8, 2, 14336",
            "microsoft/Phi-mini-MoE-instruct, 16, 2, 960"})
    void moeModelsReadTheirExpertCountTopKAndExpertWidth(String name, int experts, int perToken, int width) {
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), name, WHERE);
        assertTrue(m.isMoe());
        assertEquals(experts, m.numExperts());
        assertEquals(perToken, m.numExpertsPerToken());
        assertEquals(width, m.intermediateSize());
    }

    /** Our shipped MoE files say what the HuggingFace configs LLMServingSim ships say, key for key. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Qwen/Qwen3-30B-A3B-Instruct-2507", "mistralai/Mixtral-8x7B-v0.1",
            "microsoft/Phi-mini-MoE-instruct"})
    void shippedMoeModelsReadAsTheHuggingFaceConfigs(String name) {
        Path hf = RepoPaths.sharedFile("llmservingsim-files/configs/model/" + name + ".json").getParent().getParent();
        assertEquals(ModelCatalog.load(hf, name, WHERE), ModelCatalog.load(RepoPaths.models(), name, WHERE));
    }

    @Test
    void unknownKeysAndNestedObjectsInARealHfConfigAreIgnored() throws IOException {
        write("org/M.json", minimal().replace("{", "{\"rope_scaling\": {\"factor\": 8.0},"
                + " \"transformers_version\": \"4.43\", \"use_cache\": true,"));
        ModelConfig m = ModelCatalog.load(tmp, "org/M", WHERE);
        assertEquals(64, m.hiddenSize());
        assertNull(m.torchDtype());
        assertFalse(m.tieWordEmbeddings());
    }

    @Test
    void qwen3MoeStyleConfigUsesNumExpertsAndMoeIntermediateSize() throws IOException {
        write("org/M.json", minimal().replace("{", "{\"num_experts\": 4, \"num_experts_per_tok\": 2,"
                + " \"moe_intermediate_size\": 32,"));
        ModelConfig m = ModelCatalog.load(tmp, "org/M", WHERE);
        assertEquals(4, m.numExperts());
        assertEquals(32, m.intermediateSize());
    }

    @Test
    void aMissingRequiredKeyNamesTheFileAndKey() throws IOException {
        Path file = write("org/M.json", minimal().replace("\"hidden_size\": 64,", ""));
        assertError(file + ": missing required key 'hidden_size'", "org/M");
    }

    @Test
    void aStringWhereAnIntegerBelongsNamesTheFileKeyAndValue() throws IOException {
        Path file = write("org/M.json", minimal().replace("\"num_hidden_layers\": 2",
                "\"num_hidden_layers\": \"2\""));
        assertError(file + ": num_hidden_layers: expected an integer (got \"2\")", "org/M");
    }

    @Test
    void aZeroDimensionIsAnError() throws IOException {
        Path file = write("org/M.json", minimal().replace("\"vocab_size\": 100", "\"vocab_size\": 0"));
        assertError(file + ": vocab_size: must be > 0 (got 0)", "org/M");
    }

    @Test
    void kvHeadsThatDoNotDivideTheHeadsAreAnError() throws IOException {
        Path file = write("org/M.json", minimal().replace("{", "{\"num_key_value_heads\": 3,"));
        assertError(file + ": num_key_value_heads: must divide num_attention_heads 4 (got 3)", "org/M");
    }

    @Test
    void truncatedJsonIsOneLineNamingFileLineAndColumn() throws IOException {
        String text = minimal();
        Path file = write("org/M.json", text.substring(0, text.length() / 2));
        InputException e = assertThrows(InputException.class,
                () -> ModelCatalog.load(tmp, "org/M", WHERE));
        assertTrue(e.getMessage().matches(
                java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: invalid JSON: .+"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("Source"), e.getMessage());
    }

    @Test
    void anUnknownModelListsTheKnownOnesSorted() throws IOException {
        write("org/B.json", minimal());
        write("org/A.json", minimal());
        write("other/C.json", minimal());
        assertError(WHERE + ": unknown model 'org/Z' (no " + tmp.resolve("org/Z.json")
                + "; known: org/A, org/B, other/C)", "org/Z");
    }

    @Test
    void aModelNameCannotEscapeTheModelsDirectory() {
        assertError(WHERE + ": invalid model name '../etc/passwd' (expected org/name, e.g."
                + " meta-llama/Llama-3.1-8B)", "../etc/passwd");
    }

    private void assertError(String expected, String modelName) {
        InputException e = assertThrows(InputException.class,
                () -> ModelCatalog.load(tmp, modelName, WHERE));
        assertEquals(expected, e.getMessage());
    }

    private Path write(String relative, String text) throws IOException {
        Path file = tmp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** A tiny but complete llama-style config. */
    private static String minimal() {
        return "{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_hidden_layers\": 2,"
                + " \"num_attention_heads\": 4, \"intermediate_size\": 128, \"vocab_size\": 100,"
                + " \"max_position_embeddings\": 512}";
    }
}
