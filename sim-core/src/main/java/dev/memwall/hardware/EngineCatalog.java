package dev.memwall.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.input.JsonFiles;
import dev.memwall.input.KeySuggestions;
import dev.memwall.input.ShippedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and reads serving-engine profiles, {@code <enginesDir>/<name>.json}. The engines folder
 * sits beside the hardware folder ({@code configs/engines} next to {@code configs/hardware}), so
 * {@code --hardware-dir} moves both.
 */
public final class EngineCatalog {
    private static final String SUFFIX = ".json";
    private static final List<String> KEYS = List.of("name", "description", "released", "iteration_overhead_us",
            "sequence_overhead_us", "eager_kernel_overhead_us", "eager_allreduce_rank_us");

    private EngineCatalog() {
    }

    /** The engines folder that goes with a hardware folder: its sibling {@code engines}. */
    public static Path enginesDirFor(Path hardwareDir) {
        // Relative stays relative, so that configs/engines is found in the jar when not on disk.
        Path parent = hardwareDir.normalize().getParent();
        return parent == null ? hardwareDir.toAbsolutePath().normalize().resolveSibling("engines")
                : parent.resolve("engines");
    }

    /**
     * The engine {@code nameOrFile}: a path ending in {@code .json} is read as given, any other
     * name as {@code <enginesDir>/<name>.json}; null picks the newest (latest {@code released}).
     *
     * @param where the caller's context for a bad name, e.g. {@code --engine}
     */
    public static EngineProfile load(Path enginesDir, String nameOrFile, String where) {
        if (nameOrFile != null && nameOrFile.endsWith(SUFFIX)) {
            Path file = Path.of(nameOrFile);
            if (!ShippedFiles.isFile(file)) {
                throw InputException.at(where, "no engine file " + file);
            }
            String stem = file.getFileName().toString();
            return read(JsonFiles.readObject(file), stem.substring(0, stem.length() - SUFFIX.length()), file.toString());
        }
        List<String> known = known(enginesDir);
        String name = nameOrFile == null ? newest(enginesDir, known, where) : nameOrFile;
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                || !known.contains(name)) {
            String nearest = KeySuggestions.nearest(name, known);
            throw InputException.at(where, "unknown engine '" + name + "' (no " + enginesDir.resolve(name + SUFFIX)
                    + (nearest != null ? "; did you mean '" + nearest + "'?" : "; known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known))) + ")");
        }
        Path file = enginesDir.resolve(name + SUFFIX);
        return read(JsonFiles.readObject(file), name, file.toString());
    }

    /** The name of every engine file in {@code enginesDir}, sorted; empty if none. */
    public static List<String> known(Path enginesDir) {
        Path dir = ShippedFiles.directory(enginesDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(s -> s.endsWith(SUFFIX)).map(s -> s.substring(0, s.length() - SUFFIX.length()))
                    .sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw InputException.at(enginesDir.toString(), "cannot list engine profiles (" + e + ")");
        }
    }

    /** The engine with the latest {@code released} (ties: the last name in order). */
    private static String newest(Path enginesDir, List<String> known, String where) {
        if (known.isEmpty()) {
            throw InputException.at(where, "no engine profiles in " + enginesDir + " (pass --engine FILE.json)");
        }
        String best = null;
        String bestReleased = "";
        for (String name : known) {
            Path file = enginesDir.resolve(name + SUFFIX);
            EngineProfile e = read(JsonFiles.readObject(file), name, file.toString());
            if (best == null || e.released().compareTo(bestReleased) >= 0) {
                best = name;
                bestReleased = e.released();
            }
        }
        return best;
    }

    /** Validates {@code root}, which must be named {@code name}. */
    static EngineProfile read(JsonNode root, String name, String file) {
        JsonFields top = JsonFields.closed(root, "", file, KEYS);
        String declared = top.string("name");
        if (!declared.equals(name)) {
            throw top.error("name", "must match the file name '" + name + "' (got '" + declared + "')");
        }
        String description = top.string("description");
        String released = top.string("released");
        if (!released.matches("\\d{4}-\\d{2}")) {
            throw top.error("released", "expected YYYY-MM (got \"" + released + "\")");
        }
        List<Long> ns = new ArrayList<>();
        for (String key : KEYS.subList(3, KEYS.size())) {
            ns.add(Math.round(top.sourcedNonNegative(key) * 1_000));
        }
        return new EngineProfile(declared, description, released, ns.get(0), ns.get(1), ns.get(2), ns.get(3));
    }
}
