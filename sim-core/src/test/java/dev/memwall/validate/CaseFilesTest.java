package dev.memwall.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;
import dev.memwall.serving.TimingBackend;
import dev.memwall.testing.RepoPaths;

/** Case files: the shipped ones read; a bad one is one line naming the file and JSON path. */
class CaseFilesTest {
    private static final String SERVING = """
            {"title": "t", "kind": "serving", "cluster_config": "c.json", "trace": "t.csv",
             "timing": "roofline",
             "measured": {"format": "summary_csv", "file": "m.csv", "row": {"trace": "lmsys_05"},
                          "columns": {"ttft_mean": "ttft_mean_s", "tpot_mean": "tpot_mean_s"}, "unit": "s"},
             "gate": {"ttft_mean": 25, "tpot_mean": 10}}
            """;
    private static final String ITERATIONS = """
            {"title": "t", "kind": "iteration_times", "model": "meta-llama/Llama-2-70b-hf", "hardware": "H100",
             "tp_size": 8,
             "measured": {"format": "splitwise_csv", "file": "s.csv", "row": {"hardware": "h100-80gb"}},
             "prompt_sizes": [128, 512], "batch_sizes": [1, 2], "reference_prompt_size": 512, "token_size": 128}
            """;

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        return file;
    }

    private String error(String json) throws IOException {
        Path file = write(json);
        InputException e = assertThrows(InputException.class, () -> CaseFiles.read(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void everyShippedCaseReads() {
        List<Path> files = CaseFiles.list(RepoPaths.configs().resolve("validation"));
        assertEquals(25, files.size());
        for (Path f : files) {
            ValidationCase c = CaseFiles.read(f);
            assertEquals(f.getFileName().toString(), c.id() + ".json");
            assertFalse(c.title().isBlank());
        }
    }

    @Test
    void aServingCaseReadsIntoItsParts() throws IOException {
        ValidationCase c = CaseFiles.read(write(SERVING));
        assertEquals("bad", c.id());
        assertEquals(Map.of("ttft_mean", 25.0, "tpot_mean", 10.0), c.gatePct());
        ValidationCase.Serving s = (ValidationCase.Serving) c.spec();
        assertEquals(TimingBackend.ROOFLINE, s.timing());
        ValidationCase.SummaryRow m = (ValidationCase.SummaryRow) s.measured();
        assertEquals(1e9, m.nsPerUnit());
        assertEquals(Map.of("trace", "lmsys_05"), m.row());
    }

    @Test
    void anUnknownKeySuggestsTheNearestOne() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": unknown key 'trcae' (did you mean 'trace'?)",
                error(SERVING.replace("\"trace\":", "\"trcae\":")));
    }

    @Test
    void aMissingKeyIsNamed() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": missing required key 'cluster_config'",
                error(SERVING.replace("\"cluster_config\": \"c.json\",", "")));
    }

    @Test
    void anUnknownKindListsTheKinds() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": kind: expected one of serving, iteration_times, kernel_table (got \"servng\")",
                error(SERVING.replace("\"serving\"", "\"servng\"")));
    }

    @Test
    void aKernelTableCaseReadsItsGpuFitAndCheckTables() throws IOException {
        ValidationCase c = CaseFiles.read(write("""
                {"title": "t", "kind": "kernel_table", "hardware": "H100", "fit": ["a", "b"], "tables": ["c"],
                 "gate": {"overall": 10, "gemm": 8}}
                """));
        assertEquals(new ValidationCase.KernelTable("H100", List.of("a", "b"), List.of("c"), null), c.spec());
        assertEquals(java.util.Map.of("overall", 10.0, "gemm", 8.0), c.gatePct());
    }

    @Test
    void aKernelTableGateOnALatencyIsAnError() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": gate: unknown key 'ttft_mean' (allowed: all, gemm, lm_head,"
                + " elementwise, activation, attention_prefill, attention_decode, attention_mixed, overall)",
                error("""
                        {"title": "t", "kind": "kernel_table", "hardware": "H100", "tables": ["c"],
                         "gate": {"ttft_mean": 10}}
                        """));
    }

    @Test
    void aSkippedCaseSaysWhyAndIsNotRun() throws IOException {
        ValidationCase c = CaseFiles.read(write(SERVING.replace("\"kind\": \"serving\",",
                "\"kind\": \"serving\", \"skip\": \"needs MoE/EP support\",")));
        assertEquals("needs MoE/EP support", c.skip());
        CaseResult r = new Validator(RepoPaths.root()).run(c);
        assertEquals(CaseResult.Status.SKIPPED, r.status());
        assertEquals("needs MoE/EP support", r.skipped());
    }

    @Test
    void anUnknownUnitNamesItsPath() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": measured.unit: expected one of s, ms, us, ns (got \"min\")",
                error(SERVING.replace("\"unit\": \"s\"", "\"unit\": \"min\"")));
    }

    @Test
    void anUnknownMeasuredFormatNamesItsPath() throws IOException {
        assertEquals(dir.resolve("bad.json")
                + ": measured.format: expected summary_csv or per_request_csv (got \"csv\")",
                error(SERVING.replace("\"summary_csv\"", "\"csv\"")));
    }

    @Test
    void aGateOnAMetricThatIsNotMeasuredIsAnError() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": gate: unknown key 'ttft_p50' (allowed: all, ttft_mean,"
                + " tpot_mean)",
                error(SERVING.replace("\"ttft_mean\": 25", "\"ttft_p50\": 25")));
    }

    @Test
    void aGateLimitMustBePositive() throws IOException {
        assertEquals(dir.resolve("bad.json")
                + ": gate.tpot_mean: must be a number > 0, the largest |error %| that passes (got -10)",
                error(SERVING.replace("\"tpot_mean\": 10", "\"tpot_mean\": -10")));
    }

    @Test
    void aMetricColumnMustBeAKnownMetric() throws IOException {
        assertTrue(error(SERVING.replace("\"tpot_mean\": \"tpot_mean_s\"", "\"tpot_avg\": \"tpot_mean_s\""))
                .startsWith(dir.resolve("bad.json") + ": measured.columns: unknown key 'tpot_avg'"));
    }

    @Test
    void aBadTimingBackendIsNamed() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": timing: expected auto, profile or roofline (got 'rooflin')",
                error(SERVING.replace("\"roofline\"", "\"rooflin\"")));
    }

    @Test
    void aBadListElementNamesItsIndex() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": prompt_sizes[1]: must be >= 1 (got 0)",
                error(ITERATIONS.replace("[128, 512]", "[128, 0]")));
    }

    @Test
    void theReferencePromptSizeMustBeShown() throws IOException {
        assertEquals(dir.resolve("bad.json") + ": reference_prompt_size: must be one of prompt_sizes [128, 512]"
                + " (got 256)", error(ITERATIONS.replace("\"reference_prompt_size\": 512", "\"reference_prompt_size\": 256")));
    }

    @Test
    void invalidJsonNamesLineAndColumn() throws IOException {
        assertTrue(error("{\"title\": \"t\",\n \"kind\" \"serving\"}").startsWith(dir.resolve("bad.json") + ":2:"));
    }

    @Test
    void anUnknownCaseNameSuggestsTheNearest() {
        InputException e = assertThrows(InputException.class,
                () -> CaseFiles.find(RepoPaths.configs().resolve("validation"), "apexplus_lmsys05_tp9"));
        assertTrue(e.getMessage().endsWith("did you mean 'apexplus_lmsys05_tp2'?)"), e.getMessage());
    }
}
