package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.hardware.EngineCatalog;
import dev.memwall.hardware.EngineProfile;

/** The calibrate tool: its help, its output, and one-line exit-2 errors on bad tables and flags. */
class CalibrateCommandTest {
    @TempDir
    Path dir;

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(CliRun.catalogs()));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    private static Path bundle() {
        return CliRun.shared().resolve("llmservingsim-files/profiler/perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16");
    }

    private static void assertOneLine(CliRun r, String expected) {
        assertEquals(2, r.exitCode, r.out + r.err);
        assertEquals(expected, r.err.strip());
        assertFalse(r.err.strip().contains("\n"), r.err);
    }

    @Test
    void helpFitsEightyColumnsAndShowsAnExampleOfEachInput() {
        CliRun r = CliRun.run("calibrate", "--help");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.lines().allMatch(l -> l.length() <= 80), r.out);
        assertTrue(r.out.contains("--engine-out configs/engines/vllm-v1.json"), r.out);
        assertTrue(r.out.contains("calibrate --cases apexplus_lmsys05_tp2"), r.out);
    }

    @Test
    void theToolListNamesCalibrate() {
        assertTrue(Tool.names().contains("calibrate"));
    }

    @Test
    void nothingToFitIsABadInput() {
        assertOneLine(CliRun.run("calibrate"), "calibrate: nothing to fit: give TABLES, --cases or --requests"
                + " (see --help)");
    }

    @Test
    void aTableWithAMissingColumnIsExitTwoNamingFileAndLine() throws IOException {
        Path variant = dir.resolve("bf16");
        Files.createDirectories(variant.resolve("tp1"));
        Files.writeString(variant.resolve("meta.yaml"), "hardware: RTXPRO6000\nmodel: meta-llama/Llama-3.1-8B\n");
        Files.writeString(variant.resolve("tp1/dense.csv"), "layer,tokens\nqkv_proj,1\n");
        assertOneLine(CliRun.run("calibrate", with(new String[] {variant.toString()})),
                variant.resolve("tp1/dense.csv") + ":1: time_us: missing column (header is 'layer,tokens', expected"
                        + " layer,tokens,time_us)");
    }

    @Test
    void aGpuWithNoHardwareFileIsExitTwo() throws IOException {
        // The RTXPRO6000 bundle's tables under a meta.yaml naming a GPU memwall has no file for.
        assumeTrue(CliRun.shared() != null, "../shared is absent");
        Path variant = dir.resolve("bf16");
        Files.createDirectories(variant.resolve("tp1"));
        for (String f : List.of("dense.csv", "per_sequence.csv", "attention.csv")) {
            Files.copy(bundle().resolve("tp1").resolve(f), variant.resolve("tp1").resolve(f));
        }
        Files.writeString(variant.resolve("meta.yaml"), "hardware: RTXPRO9000\nmodel: meta-llama/Llama-3.1-8B\n");
        CliRun r = CliRun.run("calibrate", with(new String[] {variant.toString()}));
        assertEquals(2, r.exitCode);
        assertTrue(r.err.startsWith("calibrate: " + variant + ": hardware: unknown hardware 'RTXPRO9000'"), r.err);
        assertFalse(r.err.strip().contains("\n"), r.err);
    }

    @Test
    void tablesOfAnotherGpuThanTheOneNamedAreExitTwo() {
        assumeTrue(CliRun.shared() != null, "../shared is absent");
        assertOneLine(CliRun.run("calibrate", with(new String[] {bundle().toString(), "--hardware", "H100"})),
                bundle() + ": measured on RTXPRO6000, not H100 (calibrate one GPU at a time)");
    }

    @Test
    void anUnknownEngineTermIsExitTwo() {
        assumeTrue(CliRun.shared() != null, "../shared is absent");
        CliRun r = CliRun.run("calibrate", with(new String[] {"--root", CliRun.root().toString(), "--cases",
            "llmservingsim_example", "--fit", "launch_us"}));
        assertEquals(2, r.exitCode);
        assertTrue(r.err.startsWith("calibrate: --fit: unknown term 'launch_us' (expected iteration_overhead_us,"), r.err);
    }

    @Test
    void theRtxpro6000BundlePrintsResidualsPerKernelClassAndTheConstants() {
        assumeTrue(CliRun.shared() != null, "../shared is absent");
        CliRun r = CliRun.run("calibrate", with(new String[] {bundle().toString()}));
        assertEquals(0, r.exitCode, r.err);
        for (String line : List.of("  gemm  ", "  attention mixed  ", "  sampler  ", "  memory_bandwidth  ",
                "  gemm_tile_m  ", "engine: iteration_overhead_us")) {
            assertTrue(r.out.contains(line), line + " in\n" + r.out);
        }
    }

    @Test
    void requestTimingsFitAnEngineTermBySimulating() {
        // LLMServingSim's own example run (10 requests, RTXPRO6000) as the measurement; the
        // roofline's per-sequence cost is fitted to it and written as an engine file.
        assumeTrue(CliRun.shared() != null, "../shared is absent");
        Path lss = CliRun.shared().resolve("llmservingsim-files");
        Path engine = dir.resolve("vllm-v1.json");
        CliRun r = CliRun.run("calibrate", with(new String[] {"--requests",
            lss.resolve("outputs/example_single_run.csv").toString(), "--cluster-config",
            lss.resolve("configs/cluster/single_node_single_instance.json").toString(), "--dataset",
            lss.resolve("workloads/example_trace.jsonl").toString(), "--fit", "sequence_overhead_us",
            "--engine-out", engine.toString()}));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("TTFT before"), r.out);
        EngineProfile fitted = EngineCatalog.load(dir, engine.toString(), "test");
        assertTrue(fitted.sequenceOverheadNs() >= 0 && fitted.sequenceOverheadNs() <= 2_000_000, fitted.toString());
    }
}
