package dev.memwall.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memwall.input.InputException;

/**
 * The checks a tool makes on the files it will write, before it does any work: no output may be
 * one of its inputs or another output (compared by real path, so {@code dir/../dir/x},
 * symbolic links and {@code ./x} are the same file as {@code x}), and every output's folder must
 * be creatable and writable. A failure is one line naming the option and the path, e.g.
 * {@code simulate: --summary-json results/a.json is the same file as --cluster-config; refusing to
 * overwrite an input}.
 */
public final class OutputPaths {
    private final String tool;
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();

    private OutputPaths(String tool) {
        this.tool = tool;
    }

    /** Checks for {@code tool}, e.g. {@code simulate}. */
    public static OutputPaths of(String tool) {
        return new OutputPaths(tool);
    }

    /** An input file, named by its option; ignored when null. */
    public OutputPaths input(String option, Path file) {
        if (file != null) {
            inputs.put(option, file);
        }
        return this;
    }

    /** An output file, named by its option; ignored when null. */
    public OutputPaths output(String option, Path file) {
        if (file != null) {
            outputNames.add(option);
            outputs.add(file);
        }
        return this;
    }

    /**
     * Refuses overlaps and unwritable places, creating the outputs' folders.
     *
     * @throws InputException naming the option and the path of the first problem
     */
    public void check() {
        Map<Path, String> inputByPath = new LinkedHashMap<>();
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            inputByPath.putIfAbsent(real(in.getValue()), in.getKey());
        }
        Map<Path, String> outputByPath = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            Path real = real(outputs.get(i));
            String start = tool + ": " + outputNames.get(i) + " " + outputs.get(i) + " is the same file as ";
            if (inputByPath.containsKey(real)) {
                throw new InputException(start + inputByPath.get(real) + "; refusing to overwrite an input");
            }
            if (outputByPath.containsKey(real)) {
                throw new InputException(start + outputByPath.get(real) + "; give each output its own file");
            }
            outputByPath.put(real, outputNames.get(i));
        }
        for (int i = 0; i < outputs.size(); i++) {
            requireWritable(tool + ": " + outputNames.get(i), outputs.get(i));
        }
    }

    /**
     * Checks that {@code file} can be written through a temporary sibling: it is not a folder (nor
     * read-only), and its folder exists or can be created and takes new files.
     *
     * @param where the start of the message, e.g. {@code simulate: --output}
     */
    public static void requireWritable(String where, Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(where + ": " + file + " is a folder, not a file");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new InputException(where + ": " + file + " is read-only");
        }
        Path dir = file.toAbsolutePath().getParent();
        requireWritableFolder(where, dir, file);
    }

    /**
     * Checks that {@code dir} exists as a folder, or can be created, and takes new files, by
     * creating it and a probe file in it (then deleted).
     *
     * @param shown the path to name in the message, as the user gave it
     */
    public static void requireWritableFolder(String where, Path dir, Path shown) {
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new InputException(where + ": cannot write " + shown + ": " + e.getFile() + " is a file, not a folder",
                    e);
        } catch (IOException e) {
            throw new InputException(where + ": cannot write " + shown + ": cannot create folder " + dir + " ("
                    + reason(e) + ")", e);
        }
        Path probe = null;
        try {
            probe = Files.createTempFile(dir, ".memwall-probe-", ".tmp");
        } catch (IOException e) {
            throw new InputException(where + ": cannot write " + shown + ": cannot create files in " + dir + " ("
                    + reason(e) + ")", e);
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a leftover empty probe file is harmless
                }
            }
        }
    }

    /** Why a file operation failed, in words: {@code permission denied}, {@code read-only file system}. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * The real path of {@code file}: the real path of its longest existing ancestor (links and
     * {@code ..} resolved), then the rest of the path, normalized.
     */
    static Path real(Path file) {
        // Not normalized first: "link/.." must go where the link's target's parent is.
        Path abs = file.toAbsolutePath();
        Path existing = abs;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs.normalize();
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest).normalize();
        } catch (IOException e) {
            return abs.normalize();
        }
    }
}
