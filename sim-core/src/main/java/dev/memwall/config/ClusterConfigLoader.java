package dev.memwall.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.JsonFields;
import dev.memwall.input.JsonFiles;
import java.nio.file.Path;

/**
 * Reads an LLMServingSim cluster-config JSON and validates all of it: types, ranges, unknown keys
 * (with a suggestion), counts, parallelism, placement values and block lists. Nothing downstream
 * sees an unvalidated config. What memwall parses but does not simulate yet is refused separately,
 * by {@link SupportCheck}.
 */
public final class ClusterConfigLoader {
    private ClusterConfigLoader() {
    }

    /**
     * Loads and validates a cluster config.
     *
     * @param file the config; messages name it by its file name, e.g. {@code cluster.json}
     * @return the validated config
     * @throws InputException with a one-line message naming the file and the JSON path (or line and
     *     column for malformed JSON) of the first problem
     */
    public static ClusterConfig load(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return ClusterParser.parse(JsonFields.root(name, JsonFiles.parse(name, JsonFiles.read(file))));
    }

    /**
     * Validates a config already parsed into a tree, e.g. a base config with sweep values set.
     *
     * @param fileName what messages name the config by
     */
    public static ClusterConfig load(JsonNode tree, String fileName) {
        return ClusterParser.parse(JsonFields.root(fileName, tree));
    }
}
