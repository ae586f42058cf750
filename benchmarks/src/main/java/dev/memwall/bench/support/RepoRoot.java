package dev.memwall.bench.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memwall repository the benchmarks and the gate read configs from and write results to: the
 * system property {@code memwall.root} when set, else the nearest directory at or above the
 * working directory that holds {@code configs/models}.
 */
public final class RepoRoot {
    private RepoRoot() {
    }

    /** The repository root, absolute. */
    public static Path get() {
        String prop = System.getProperty("memwall.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "configs", "models"))) {
            return Path.of(prop).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("configs").resolve("models"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the memwall repository (a directory holding configs/models)"
                    + " at or above " + Path.of("").toAbsolutePath()
                    + ": run from the repository root or pass -Dmemwall.root=DIR");
        }
        return p;
    }
}
