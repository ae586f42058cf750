package dev.memwall.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.options.RunOption;
import dev.memwall.serving.SimulationOptions;

/**
 * A study's {@code options} object: the {@code simulate} options of {@link RunOption} (all but the
 * seed, which comes from the study's seeds) under their names ({@code max_num_seqs},
 * {@code request_routing_policy}, {@code memory_model}, ...), each defaulting as {@code simulate}
 * does. Folder options are resolved against the study file's folder and cannot be axes.
 */
final class StudyOptions {
    static final List<String> KEYS = keys(false);
    /** Options naming folders: read once per study, never per point. */
    static final List<String> DIR_KEYS = keys(true);

    private StudyOptions() {
    }

    private static List<String> keys(boolean directoriesOnly) {
        List<String> keys = new ArrayList<>();
        for (RunOption o : RunOption.values()) {
            if (o.inStudies() && (!directoriesOnly || o.kind() == RunOption.Kind.DIRECTORY)) {
                keys.add(o.key());
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The simulation options {@code node} sets (seed and folders left at their defaults).
     *
     * @param path the JSON path of {@code node}, e.g. {@code options}
     * @throws InputException naming {@code file} and the JSON path of the first bad value
     */
    static SimulationOptions parse(JsonNode node, String file, String path) {
        if (!node.isObject()) {
            throw InputException.at(file, path + ": must be an object (got " + node + ")");
        }
        JsonFields f = JsonFields.closed(node, path, file, KEYS);
        SimulationOptions.Builder b = SimulationOptions.defaults().toBuilder();
        for (String key : KEYS) {
            RunOption o = RunOption.byKey(key);
            if (o.kind() == RunOption.Kind.DIRECTORY) {
                if (!f.isNull(key)) {
                    f.string(key);
                }
                continue;
            }
            o.applyJson(b, node.get(key), file + ": " + f.pathOf(key));
        }
        return b.build();
    }

    /**
     * A folder option resolved against {@code baseDir}, or {@code fallback} when absent; the
     * folder must exist.
     */
    static Path dir(JsonNode node, String file, String path, String key, Path baseDir, Path fallback) {
        JsonFields f = JsonFields.closed(node, path, file, KEYS);
        if (f.isNull(key)) {
            return fallback;
        }
        Path p = baseDir.resolve(f.string(key)).normalize();
        if (!java.nio.file.Files.isDirectory(p)) {
            throw f.error(key, "no such folder: " + p + " (paths are relative to the study file)");
        }
        return p;
    }
}
