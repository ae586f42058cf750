package dev.memwall.model;

import dev.memwall.input.InputException;
import dev.memwall.input.JsonFiles;
import dev.memwall.input.ShippedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds and reads model configs laid out as {@code <modelsDir>/<org>/<name>.json}. */
public final class ModelCatalog {
    private static final String SUFFIX = ".json";

    private ModelCatalog() {
    }

    /**
     * Reads {@code <modelsDir>/<modelName>.json}.
     *
     * @param modelName an HF-style name such as {@code meta-llama/Llama-3.1-8B}
     * @param where the caller's context for a bad name, e.g.
     *     {@code cluster.json: nodes[0].instances[0].model_name}
     * @throws InputException naming {@code where} (unknown model, listing the known ones) or the
     *     model file and key (bad contents)
     */
    public static ModelConfig load(Path modelsDir, String modelName, String where) {
        Path file = resolve(modelsDir, modelName, where);
        if (!ShippedFiles.isFile(file)) {
            List<String> known = knownModels(ShippedFiles.directory(modelsDir));
            throw InputException.at(where, "unknown model '" + modelName + "' (no " + file
                    + "; known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        return ModelConfigReader.read(JsonFiles.readObject(file), modelName, file.toString());
    }

    /** The {@code org/name} of every model file under {@code modelsDir}, sorted; empty if none. */
    public static List<String> knownModels(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(modelsDir)) {
            return files.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(SUFFIX))
                    .map(p -> modelsDir.relativize(p).toString().replace('\\', '/'))
                    .map(s -> s.substring(0, s.length() - SUFFIX.length()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            throw InputException.at(modelsDir.toString(), "cannot list model files (" + e + ")");
        }
    }

    // Names come from user configs: keep them inside modelsDir.
    private static Path resolve(Path modelsDir, String modelName, String where) {
        boolean bad = modelName == null || modelName.isBlank() || modelName.startsWith("/")
                || modelName.contains("\\") || modelName.contains(":");
        if (!bad) {
            for (String part : modelName.split("/", -1)) {
                bad |= part.isEmpty() || part.equals(".") || part.equals("..");
            }
        }
        if (bad) {
            throw InputException.at(where, "invalid model name '" + modelName
                    + "' (expected org/name, e.g. meta-llama/Llama-3.1-8B)");
        }
        return modelsDir.resolve(modelName + SUFFIX);
    }
}
