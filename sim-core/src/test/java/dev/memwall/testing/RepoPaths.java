package dev.memwall.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository and {@code ../shared} are, for tests run by Maven or an IDE. Maven sets
 * the system property {@code memwall.root}; elsewhere the root is the nearest directory above the
 * working directory that holds {@code configs/}. (benchmarks' tests have their own copy in
 * {@code CliRun}: test classes do not cross modules.)
 */
public final class RepoPaths {
    private RepoPaths() {
    }

    /** The repository root, the directory holding {@code configs/}; absolute. */
    public static Path root() {
        String prop = System.getProperty("memwall.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "configs"))) {
            return Path.of(prop).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("configs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (a directory holding configs/)");
        }
        return p;
    }

    /** {@code <root>/configs}. */
    public static Path configs() {
        return root().resolve("configs");
    }

    /** {@code <root>/configs/models}, the model catalog. */
    public static Path models() {
        return configs().resolve("models");
    }

    /** {@code <root>/configs/hardware}, the hardware catalog. */
    public static Path hardware() {
        return configs().resolve("hardware");
    }

    /** {@code ../shared} beside the repository, or null when absent. */
    public static Path shared() {
        Path s = root().resolveSibling("shared");
        return Files.isDirectory(s) ? s : null;
    }

    /**
     * {@code ../shared/<relative>}; skips the calling test (a JUnit assumption) when that file is
     * not there.
     */
    public static Path sharedFile(String relative) {
        Path file = root().resolveSibling("shared").resolve(relative).normalize();
        assumeTrue(Files.isRegularFile(file), "shared file not available: " + file);
        return file;
    }
}
