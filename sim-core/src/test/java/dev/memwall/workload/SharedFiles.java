package dev.memwall.workload;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The data under {@code <repo>/../shared}; tests using it are skipped where it is absent. */
final class SharedFiles {
    private SharedFiles() {
    }

    /** {@code <repo>/../shared/<relative>}, or the calling test is skipped. */
    static Path require(String relative) {
        Path file = repoRoot().resolve("../shared").resolve(relative).normalize();
        assumeTrue(Files.isRegularFile(file), "shared data not present: " + file);
        return file;
    }

    private static Path repoRoot() {
        String root = System.getProperty("memwall.root");
        if (root != null && !root.isEmpty()) {
            return Path.of(root);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("sim-core"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
