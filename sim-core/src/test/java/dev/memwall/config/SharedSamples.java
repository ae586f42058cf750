package dev.memwall.config;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** LLMServingSim's sample cluster configs in {@code <root>/../shared}; tests skip without them. */
final class SharedSamples {
    private SharedSamples() {
    }

    /** The sample's path; skips the calling test when the shared folder is absent. */
    static Path clusterConfig(String name) {
        Path file = root().resolve("../shared/llmservingsim-files/configs/cluster").resolve(name).normalize();
        assumeTrue(Files.isRegularFile(file), "shared sample not available: " + file);
        return file;
    }

    /** The repository root: system property {@code memwall.root}, else the nearest dir with sim-core/. */
    private static Path root() {
        String property = System.getProperty("memwall.root");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("sim-core"))) {
            dir = dir.getParent();
        }
        return dir != null ? dir : Paths.get("").toAbsolutePath();
    }
}
