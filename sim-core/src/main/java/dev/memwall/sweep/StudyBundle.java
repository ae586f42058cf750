package dev.memwall.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.memwall.input.InputException;

/**
 * Every file a study's points read, in memory: the trace, the model, hardware, engine and
 * profile folders, and the price book. Its digest goes into each point's input hash, so a changed model or hardware file is
 * never mistaken for a recorded point; a Hazelcast member unpacks it with {@link #unpack} and needs
 * nothing of the submitter's disk.
 */
public final class StudyBundle implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String TRACE = "trace/";
    private static final String MODELS = "models/";
    private static final String HARDWARE = "hardware/";
    /** Beside hardware/, where the roofline finds its engine profiles. */
    private static final String ENGINES = "engines/";
    private static final String PROFILES = "profiles/";
    private static final String PRICES = "prices/";

    private final String digest;
    private final String[] names;
    private final byte[][] contents;

    private StudyBundle(String[] names, byte[][] contents) {
        this.names = names;
        this.contents = contents;
        MessageDigest md = Canonical.sha256();
        for (int i = 0; i < names.length; i++) {
            md.update(names[i].getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Canonical.sha256().digest(contents[i]));
        }
        this.digest = Canonical.hex(md.digest(), 16);
    }

    /**
     * Reads the files.
     *
     * @throws InputException when one cannot be read
     */
    public static StudyBundle read(StudyFiles files) {
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        if (files.trace() != null) {
            names.add(TRACE + files.trace().getFileName());
            contents.add(readFile(files.trace()));
        }
        addTree(MODELS, files.modelsDir(), names, contents);
        addTree(HARDWARE, files.hardwareDir(), names, contents);
        Path engines = dev.memwall.hardware.EngineCatalog.enginesDirFor(files.hardwareDir());
        if (Files.isDirectory(engines)) {
            addTree(ENGINES, engines, names, contents);
        }
        if (files.profileDir() != null) {
            addTree(PROFILES, files.profileDir(), names, contents);
        }
        if (files.prices() != null) {
            names.add(PRICES + files.prices().getFileName());
            contents.add(readFile(files.prices()));
        }
        return new StudyBundle(names.toArray(new String[0]), contents.toArray(new byte[0][]));
    }

    /** Hex digest over every name and content. */
    public String digest() {
        return digest;
    }

    /** Total bytes of file content. */
    public long bytes() {
        long n = 0;
        for (byte[] c : contents) {
            n += c.length;
        }
        return n;
    }

    /** Writes the files under {@code dir} (which must be empty or absent) and says where they are. */
    public StudyFiles unpack(Path dir) {
        Path trace = null;
        Path prices = null;
        boolean profiles = false;
        try {
            Files.createDirectories(dir.resolve(MODELS));
            Files.createDirectories(dir.resolve(HARDWARE));
            for (int i = 0; i < names.length; i++) {
                Path p = dir.resolve(names[i]).normalize();
                if (!p.startsWith(dir)) {
                    throw new IllegalStateException("bundle entry outside its folder: " + names[i]);
                }
                Files.createDirectories(p.getParent());
                Files.write(p, contents[i]);
                if (names[i].startsWith(TRACE)) {
                    trace = p;
                }
                if (names[i].startsWith(PRICES)) {
                    prices = p;
                }
                profiles |= names[i].startsWith(PROFILES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack a study bundle into " + dir, e);
        }
        return new StudyFiles(trace, dir.resolve(MODELS), dir.resolve(HARDWARE), profiles ? dir.resolve(PROFILES) : null,
                prices);
    }

    private static void addTree(String prefix, Path given, List<String> names, List<byte[]> contents) {
        Path root = dev.memwall.input.ShippedFiles.directory(given); // on disk, or the jar's shipped copy
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InputException(root + ": cannot read (" + e.getMessage() + ")", e);
        }
        for (Path f : files) {
            StringBuilder rel = new StringBuilder(prefix);
            for (Path part : root.relativize(f)) {
                rel.append(part).append('/');
            }
            rel.setLength(rel.length() - 1);
            names.add(rel.toString());
            contents.add(readFile(f));
        }
    }

    private static byte[] readFile(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new InputException(f + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
