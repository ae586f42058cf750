package dev.memwall.serving;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and ../shared are, for tests run by Maven or an IDE. */
final class TestPaths {
    private TestPaths() {
    }

    static Path root() {
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

    /** {@code ../shared} beside the repository, or null when absent. */
    static Path shared() {
        Path s = root().resolveSibling("shared");
        return Files.isDirectory(s) ? s : null;
    }
}
