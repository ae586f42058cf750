package dev.memwall.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;

/** Engine profiles: found beside the hardware folder, the newest by default, errors in one line. */
class EngineCatalogTest {
    @TempDir
    Path dir;

    private static Path engines() {
        return RepoPaths.configs().resolve("engines");
    }

    private void write(String name, String released, double sequenceUs) throws IOException {
        Files.writeString(dir.resolve(name + ".json"), """
                {"name": "%s", "description": "d", "released": "%s",
                 "iteration_overhead_us": {"value": 10, "source": "s"},
                 "sequence_overhead_us": {"value": %s, "source": "s"},
                 "eager_kernel_overhead_us": {"value": 2, "source": "s"},
                 "eager_allreduce_rank_us": {"value": 3, "source": "s"}}
                """.formatted(name, released, sequenceUs));
    }

    @Test
    void theShippedEnginesAreVllm06AndVllmV1AndTheNewestIsTheDefault() {
        assertEquals(List.of("vllm-0.6", "vllm-v1"), EngineCatalog.known(engines()));
        assertEquals("vllm-v1", EngineCatalog.load(engines(), null, "--engine").name());
        assertEquals(engines().toAbsolutePath().normalize(), EngineCatalog.enginesDirFor(RepoPaths.hardware()));
    }

    @Test
    void termsAreReadInNanoseconds() throws IOException {
        write("e", "2025-01", 0.5);
        EngineProfile e = EngineCatalog.load(dir, "e", "--engine");
        assertEquals(new EngineProfile("e", "d", "2025-01", 10_000, 500, 2_000, 3_000), e);
        // An eager all-reduce at TP4 pays the eager kernel cost and 3 us per rank beyond the first.
        assertEquals(2_000 + 3 * 3_000, e.eagerAllReduceNs(4));
        assertEquals(0, e.eagerAllReduceNs(1));
    }

    @Test
    void theNewestIsTheLatestRelease() throws IOException {
        write("old", "2024-09", 1);
        write("new", "2025-04", 2);
        assertEquals("new", EngineCatalog.load(dir, null, "--engine").name());
    }

    @Test
    void aJsonPathIsReadAsGiven() throws IOException {
        write("mine", "2025-01", 1);
        assertEquals("mine", EngineCatalog.load(engines(), dir.resolve("mine.json").toString(), "--engine").name());
    }

    @Test
    void anUnknownEngineSuggestsTheNearest() {
        InputException e = assertThrows(InputException.class, () -> EngineCatalog.load(engines(), "vllm-0.5",
                "--engine"));
        assertEquals("--engine: unknown engine 'vllm-0.5' (no " + engines().resolve("vllm-0.5.json")
                + "; did you mean 'vllm-0.6'?)", e.getMessage());
    }

    @Test
    void aBadReleaseNamesTheFileAndKey() throws IOException {
        write("e", "April 2025", 1);
        InputException e = assertThrows(InputException.class, () -> EngineCatalog.load(dir, "e", "--engine"));
        assertEquals(dir.resolve("e.json") + ": released: expected YYYY-MM (got \"April 2025\")", e.getMessage());
    }

    @Test
    void aNegativeTermIsAnError() throws IOException {
        write("e", "2025-01", -1);
        InputException e = assertThrows(InputException.class, () -> EngineCatalog.load(dir, "e", "--engine"));
        assertEquals(dir.resolve("e.json") + ": sequence_overhead_us.value: must be >= 0 (got -1.0)", e.getMessage());
    }

    @Test
    void noEngineFolderAtAllIsAnError() {
        InputException e = assertThrows(InputException.class, () -> EngineCatalog.load(dir.resolve("none"), null,
                "--engine"));
        assertEquals("--engine: no engine profiles in " + dir.resolve("none") + " (pass --engine FILE.json)",
                e.getMessage());
    }
}
