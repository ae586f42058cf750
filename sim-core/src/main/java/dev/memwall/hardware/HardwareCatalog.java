package dev.memwall.hardware;

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

/** Finds and reads GPU specs laid out as {@code <hardwareDir>/<NAME>.json}. */
public final class HardwareCatalog {
    private static final String SUFFIX = ".json";

    private HardwareCatalog() {
    }

    /**
     * Reads {@code <hardwareDir>/<name>.json}, validating every field: numbers positive,
     * efficiencies in (0, 1], every number with a {@code source}, no unknown keys.
     *
     * @param name a GPU name such as {@code H100}
     * @param where the caller's context for a bad name, e.g.
     *     {@code cluster.json: nodes[0].instances[0].hardware}
     * @throws InputException naming {@code where} (unknown hardware, listing the known ones) or
     *     the hardware file and JSON path (bad contents)
     */
    public static HardwareSpec load(Path hardwareDir, String name, String where) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")
                || name.startsWith(".")) {
            throw InputException.at(where, "invalid hardware name '" + name + "' (expected e.g. H100)");
        }
        Path file = hardwareDir.resolve(name + SUFFIX);
        if (!ShippedFiles.isFile(file)) {
            List<String> known = knownHardware(ShippedFiles.directory(hardwareDir));
            throw InputException.at(where, "unknown hardware '" + name + "' (no " + file
                    + "; known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        return HardwareReader.read(JsonFiles.readObject(file), name, file.toString());
    }

    /** The name of every hardware file in {@code hardwareDir}, sorted; empty if none. */
    public static List<String> knownHardware(Path hardwareDir) {
        if (!Files.isDirectory(hardwareDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(hardwareDir)) {
            return files.filter(p -> Files.isRegularFile(p))
                    .map(p -> p.getFileName().toString())
                    .filter(s -> s.endsWith(SUFFIX))
                    .map(s -> s.substring(0, s.length() - SUFFIX.length()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            throw InputException.at(hardwareDir.toString(), "cannot list hardware files (" + e + ")");
        }
    }
}
