package dev.memwall.hardware.profile;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelShape;

/**
 * Test inputs: the repository's model configs, and LLMServingSim's sample files in
 * {@code <root>/../shared/llmservingsim-files} (tests using those skip when it is absent).
 */
final class Samples {
    static final String LLAMA_8B = "meta-llama/Llama-3.1-8B";

    private Samples() {
    }

    /** The repository root: system property {@code memwall.root}, else the nearest dir with sim-core/. */
    static Path root() {
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

    /** {@code ../shared/llmservingsim-files/<relative>}; skips the calling test when absent. */
    static Path shared(String relative) {
        Path p = root().resolve("../shared/llmservingsim-files").resolve(relative).normalize();
        assumeTrue(Files.exists(p), "shared LLMServingSim sample not available: " + p);
        return p;
    }

    /** LLMServingSim's {@code profiler/perf}; skips the calling test when absent. */
    static Path perfRoot() {
        return shared("profiler/perf");
    }

    /** The RTXPRO6000 Llama-3.1-8B bf16 bundle folder; skips the calling test when absent. */
    static Path llamaBundleDir() {
        return shared("profiler/perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16");
    }

    private static ProfileBundle llamaBundle;

    /** The sample bundle at TP 1, loaded once (immutable); skips the calling test when absent. */
    static synchronized ProfileBundle llamaBundle() {
        Path dir = llamaBundleDir();
        if (llamaBundle == null) {
            llamaBundle = ProfileBundle.load(dir, 1);
        }
        return llamaBundle;
    }

    static ModelShape shape(String model, int tp) {
        return ModelShape.of(ModelCatalog.load(root().resolve("configs/models"), model, "test"),
                DType.BFLOAT16, DType.BFLOAT16, tp);
    }

    static ModelShape llama8b(int tp) {
        return shape(LLAMA_8B, tp);
    }
}
