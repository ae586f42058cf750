package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validate tool: its help, its output, its exit codes and its bad-input lines. */
class ValidateCommandTest {
    @TempDir
    Path dir;

    private static String root() {
        return CliRun.root().toString();
    }

    /** A serving case on the repository's example config and trace, gated on TPOT at {@code limit}%. */
    private Path servingCase(String name, String measuredCsv, double limit) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"title": "Example run against made-up numbers", "kind": "serving",
                 "cluster_config": "configs/cluster/single_node_single_instance.json",
                 "trace": "workloads/example-poisson-200.jsonl", "timing": "roofline",
                 "measured": {"format": "summary_csv", "file": "%s", "row": {"run": "a"},
                   "columns": {"tpot_mean": "tpot_ms"}, "unit": "ms"},
                 "gate": {"tpot_mean": %s}}
                """.formatted(measuredCsv, limit));
        return file;
    }

    private Path measured(String tpotMs) throws IOException {
        Path csv = dir.resolve("measured.csv");
        Files.writeString(csv, "run,tpot_ms\na," + tpotMs + "\n");
        return csv;
    }

    @Test
    void helpSaysWhatItPrintsAndItsExitCodes() {
        CliRun r = CliRun.run("validate", "--help");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.startsWith("Usage: validate [-hV] [--all] [--markdown] [--cases-dir=DIR]"), r.out);
        assertTrue(r.out.contains("[--errors-json=FILE] [--root=DIR]"), r.out);
        assertTrue(r.out.contains("  metric | measured | simulated | error %"), r.out);
        assertTrue(r.out.contains("'skipped: <file> not found'"), r.out);
        assertTrue(r.out.contains("3 a gated case outside its thresholds"), r.out);
    }

    @Test
    void theToolListNamesValidate() throws Exception {
        assertTrue(Tool.names().contains("validate"));
    }

    @Test
    void aCaseWithinItsGatePrintsItsTableAndExitsZero() throws IOException {
        CliRun loose = CliRun.run("validate", "--root", root(),
                servingCase("loose", measured("1.0").toString(), 1e6).toString());
        assertEquals(0, loose.exitCode, loose.err);
        String[] lines = loose.out.split("\\R");
        assertEquals("loose: Example run against made-up numbers", lines[0]);
        assertEquals("  metric         | measured | simulated | error %", lines[3]);
        assertEquals("  ---------------+----------+-----------+--------", lines[4]);
        assertTrue(lines[5].startsWith("  TPOT mean (ms) |    1.000 |"), lines[5]);
        assertTrue(lines[6].startsWith("  gate: TPOT mean within 1000000%: pass ("), lines[6]);
        assertEquals("1 case: 1 passed, 0 failed, 0 shown (not gated), 0 skipped", lines[lines.length - 1]);
    }

    @Test
    void aCaseOutsideItsGateExitsThree() throws IOException {
        CliRun tight = CliRun.run("validate", "--root", root(),
                servingCase("tight", measured("1.0").toString(), 1).toString());
        assertEquals(3, tight.exitCode, tight.err);
        assertTrue(tight.out.contains("=> FAIL"), tight.out);
    }

    @Test
    void aCaseWhoseFilesAreAbsentPrintsOneSkippedLineAndDoesNotFail() throws IOException {
        CliRun r = CliRun.run("validate", "--root", root(),
                servingCase("absent", "../shared/validation/not-there.csv", 10).toString());
        assertEquals(0, r.exitCode, r.err);
        assertEquals("absent: skipped: ../shared/validation/not-there.csv not found", r.out.split("\\R")[0]);
    }

    @Test
    void aBadCaseFileIsOneLineNamingTheFileAndJsonPathAndExitsTwo() throws IOException {
        Path file = servingCase("bad", measured("1.0").toString(), -5);
        CliRun r = CliRun.run("validate", "--root", root(), file.toString());
        assertEquals(2, r.exitCode);
        assertEquals(file + ": gate.tpot_mean: must be a number > 0, the largest |error %| that passes (got -5.0)",
                r.err.strip());
        assertEquals("", r.out);
    }

    @Test
    void noCasesOrBothAllAndNamesIsABadInvocation() {
        CliRun none = CliRun.run("validate", "--root", root());
        assertEquals(2, none.exitCode);
        assertEquals("validate: give --all or one or more case names (see 'validate --help')", none.err.strip());
        CliRun both = CliRun.run("validate", "--root", root(), "--all", "llmservingsim_example");
        assertEquals(2, both.exitCode);
        assertFalse(both.err.strip().contains("\n"));
    }

    @Test
    void anUnknownCaseNameSuggestsTheNearest() {
        CliRun r = CliRun.run("validate", "--root", root(), "llmservingsim_exampel");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.strip().endsWith("did you mean 'llmservingsim_example'?)"), r.err);
    }

    @Test
    void llmServingSimsExampleIsReproducedWithinOnePercentOnEveryRow() {
        assumeTrue(CliRun.shared() != null, "../shared is absent");
        CliRun r = CliRun.run("validate", "--root", root(), "llmservingsim_example");
        assertEquals(0, r.exitCode, r.out + r.err);
        assertTrue(r.out.contains("  E2E p99 (ms)   |"), r.out);
        assertTrue(r.out.contains("  gate: every row within 1%: pass"), r.out);
    }

    @Test
    void docsValidationMdAndTheRecordedErrorsAreWhatValidateAllWrites(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        assumeTrue(CliRun.shared() != null, "../shared is absent");
        Path errors = dir.resolve("errors.json");
        CliRun r = CliRun.run("validate", "--root", root(), "--all", "--markdown", "--errors-json", errors.toString());
        assertTrue(r.exitCode == 0 || r.exitCode == 3, r.err);
        String doc = Files.readString(CliRun.root().resolve("docs/validation.md"));
        assertEquals(doc, r.out.replace(System.lineSeparator(), "\n"),
                "docs/validation.md is stale: regenerate it with validate --all --markdown");
        // What simulate quotes (Fidelity) is what validate measures now; only the command line differs.
        String recorded = Files.readString(CliRun.root().resolve("configs/validation/recorded/errors.json"));
        assertEquals(recorded.substring(recorded.indexOf("\"cases\"")),
                Files.readString(errors).substring(Files.readString(errors).indexOf("\"cases\"")),
                "configs/validation/recorded/errors.json is stale: regenerate it with validate --all --errors-json");
    }
}
