package dev.memwall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.memwall.input.Range;
import dev.memwall.testing.RepoPaths;

/**
 * The JSON Schemas under docs/schemas (what editors complete from) describe what memwall
 * accepts: every shipped config validates against them with a schema library, their number
 * ranges are those of {@link Limits}, and a value memwall refuses fails the schema too.
 */
class SchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMAS = RepoPaths.root().resolve("docs/schemas");

    private static JsonSchema schema(String name) throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        return factory.getSchema(JSON.readTree(SCHEMAS.resolve(name).toFile()));
    }

    static Stream<Path> shippedClusterConfigs() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("configs/cluster", "configs/validation/clusters")) {
            try (Stream<Path> s = Files.list(RepoPaths.root().resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    static Stream<Path> shippedStudies() throws IOException {
        try (Stream<Path> s = Files.list(RepoPaths.configs().resolve("studies"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedClusterConfigs")
    void everyShippedClusterConfigValidates(Path file) throws IOException {
        Set<ValidationMessage> errors = schema("cluster-config.schema.json").validate(JSON.readTree(file.toFile()));
        assertTrue(errors.isEmpty(), file + ": " + errors);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedStudies")
    void everyShippedStudyValidates(Path file) throws IOException {
        Set<ValidationMessage> errors = schema("study.schema.json").validate(JSON.readTree(file.toFile()));
        assertTrue(errors.isEmpty(), file + ": " + errors);
    }

    @Test
    void llmServingSimsOwnConfigsValidateToo() throws IOException {
        Path dir = RepoPaths.shared() == null ? null
                : RepoPaths.shared().resolve("llmservingsim-files/configs/cluster");
        assumeTrue(dir != null && Files.isDirectory(dir), "../shared is absent");
        JsonSchema schema = schema("cluster-config.schema.json");
        int n = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Set<ValidationMessage> errors = schema.validate(JSON.readTree(f.toFile()));
                assertTrue(errors.isEmpty(), f + ": " + errors);
                n++;
            }
        }
        assertTrue(n >= 20, "configs checked: " + n);
    }

    @Test
    void aValueMemwallRefusesFailsTheSchemaToo() throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(RepoPaths.configs().resolve("cluster/two_instance_h100_cxl.json")
                .toFile());
        ((ObjectNode) config.get("cxl_mem")).put("mem_latency", 1e15);
        assertFalse(schema("cluster-config.schema.json").validate(config).isEmpty());
        ((ObjectNode) config.get("cxl_mem")).put("mem_latency", 250).put("num_devcies", 4);
        assertFalse(schema("cluster-config.schema.json").validate(config).isEmpty(), "a misspelt key");
    }

    @Test
    void everyNumberRangeOfTheSchemaIsTheOneMemwallChecks() throws IOException {
        JsonNode root = JSON.readTree(SCHEMAS.resolve("cluster-config.schema.json").toFile());
        for (Map.Entry<String, Range> e : Limits.clusterConfig().entrySet()) {
            JsonNode n = at(root, root, e.getKey());
            assertNotNull(n, "no schema for " + e.getKey());
            Range r = e.getValue();
            String lowKey = r.minInclusive() ? "minimum" : "exclusiveMinimum";
            assertEquals(r.min(), n.path(lowKey).asDouble(Double.NaN), e.getKey() + " " + lowKey);
            String highKey = r.maxInclusive() ? "maximum" : "exclusiveMaximum";
            assertEquals(r.max(), n.path(highKey).asDouble(Double.POSITIVE_INFINITY), e.getKey() + " " + highKey);
        }
    }

    /** The schema of the value at a {@link Limits} path ({@code []} any index, {@code *} any key). */
    private static JsonNode at(JsonNode root, JsonNode schema, String path) {
        JsonNode n = resolve(root, schema);
        for (String step : path.split("\\.")) {
            String key = step.replaceAll("\\[.*", "");
            if (key.equals("*")) {
                n = resolve(root, n.get("additionalProperties"));
            } else {
                n = resolve(root, n.path("properties").get(key));
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\d*)\\]").matcher(step);
            while (m.find() && n != null) {
                n = m.group(1).isEmpty() ? resolve(root, n.get("items")) : resolve(root,
                        n.path("prefixItems").get(Integer.parseInt(m.group(1))));
            }
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** Follows {@code $ref}s and, in an {@code anyOf}, takes the first branch with a single number. */
    private static JsonNode resolve(JsonNode root, JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.has("$ref")) {
            return resolve(root, root.at(n.get("$ref").asText().substring(1)));
        }
        if (n.has("anyOf")) {
            return resolve(root, n.get("anyOf").get(0));
        }
        return n;
    }
}
