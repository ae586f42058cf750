package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class GateCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String REFERENCE = "dev.memwall.bench.reference.MachineReferenceBenchmark.sortInts";
    private static final String STEP = "dev.memwall.bench.serving.SchedulerStepBenchmark.step";

    @TempDir
    Path dir;

    /** A JMH JSON result of the reference and one scheduler step, on JDK {@code jdk}. */
    private Path result(String name, String jdk, double stepNs) throws IOException {
        ArrayNode a = MAPPER.createArrayNode();
        add(a, REFERENCE, jdk, 900, 20, "us/op", null);
        add(a, STEP, jdk, stepNs, 40, "ns/op", "256");
        Path f = dir.resolve(name);
        Files.writeString(f, MAPPER.writeValueAsString(a));
        return f;
    }

    private static void add(ArrayNode a, String benchmark, String jdk, double score, double error, String unit,
            String batch) {
        ObjectNode r = a.addObject();
        r.put("benchmark", benchmark);
        r.put("mode", "avgt");
        r.put("jdkVersion", jdk);
        r.put("vmName", "OpenJDK 64-Bit Server VM");
        if (batch != null) {
            r.putObject("params").put("batch", batch);
        }
        ObjectNode m = r.putObject("primaryMetric");
        m.put("score", score);
        m.put("scoreError", error);
        m.put("scoreUnit", unit);
    }

    @Test
    void theAllocationGatePassesOnThisBuild() {
        // Runs the probe interpreted in a child JVM: two scenarios, each a warmed run of 300 requests.
        CliRun r = CliRun.run("gate", "--allocation");
        assertEquals(0, r.exitCode, r.out + r.err);
        assertTrue(r.out.contains("0 bytes allocated by a warmed run: weights and KV in HBM"), r.out);
        assertTrue(r.out.contains("0 bytes allocated by a warmed run: weights striped over shared CXL devices"), r.out);
        assertTrue(r.out.contains("PASS: a warmed simulation allocates 0 bytes"), r.out);
    }

    @Test
    void twoResultsOfOneBuildPass() throws IOException {
        Path b = result("b.json", "17.0.15", 1500);
        CliRun r = CliRun.run("gate", "--candidate", result("c.json", "17.0.15", 1520).toString(),
                "--baseline", b.toString());
        assertEquals(0, r.exitCode, r.out + r.err);
        assertTrue(r.out.contains("PASS"), r.out);
        assertTrue(r.out.contains("serving.SchedulerStepBenchmark.step(batch=256)"), r.out);
    }

    @Test
    void aDoubledScoreFailsWithExitOneAndNamesTheBenchmark() throws IOException {
        Path b = result("b.json", "17.0.15", 1500);
        CliRun r = CliRun.run("gate", "--candidate", result("c.json", "17.0.15", 3000).toString(),
                "--baseline", b.toString());
        assertEquals(1, r.exitCode, r.out + r.err);
        assertTrue(r.out.contains("FAIL: 1 regression"), r.out);
        assertTrue(r.out.contains(STEP + "(batch=256) avgt: +100.0% slower"), r.out);
    }

    @Test
    void advisoryModePrintsTheRegressionButExitsZero() throws IOException {
        Path b = result("b.json", "17.0.15", 1500);
        CliRun r = CliRun.run("gate", "--candidate", result("c.json", "17.0.15", 3000).toString(),
                "--baseline", b.toString(), "--advisory");
        assertEquals(0, r.exitCode, r.out + r.err);
        assertTrue(r.out.contains("REGRESSION") && r.out.contains("(advisory: not failing)"), r.out);
    }

    @Test
    void aHigherThresholdToleratesMore() throws IOException {
        Path b = result("b.json", "17.0.15", 1500);
        CliRun r = CliRun.run("gate", "--candidate", result("c.json", "17.0.15", 3000).toString(),
                "--baseline", b.toString(), "--threshold", "1.5");
        assertEquals(0, r.exitCode, r.out + r.err);
    }

    @Test
    void resultsFromAnotherJdkAreRefusedAsBadInput() throws IOException {
        Path b = result("b.json", "17.0.15", 1500);
        CliRun r = CliRun.run("gate", "--candidate", result("c.json", "21.0.5", 1500).toString(),
                "--baseline", b.toString());
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.startsWith("gate: refusing to compare across JDK versions"), r.err);
    }

    @Test
    void updateBaselineCopiesTheCandidate() throws IOException {
        Path c = result("c.json", "17.0.15", 1500);
        Path b = dir.resolve("baseline/jmh.json");
        CliRun r = CliRun.run("gate", "--update-baseline", "--candidate", c.toString(), "--baseline", b.toString());
        assertEquals(0, r.exitCode, r.out + r.err);
        assertArrayEquals(Files.readAllBytes(c), Files.readAllBytes(b));
    }

    @Test
    void updateBaselineWithoutACandidateIsABadInput() {
        CliRun r = CliRun.run("gate", "--update-baseline");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--update-baseline needs --candidate"), r.err);
    }

    @Test
    void nothingToDoIsABadInput() {
        CliRun r = CliRun.run("gate");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.startsWith("gate: nothing to do"), r.err);
    }

    @Test
    void goldenFilesWrittenByThisBuildMatchAndAChangedOneFailsNamingScenarioAndKey() throws IOException {
        Path golden = dir.resolve("golden");
        CliRun w = CliRun.run("gate", "--update-golden", "--golden-dir", golden.toString());
        assertEquals(0, w.exitCode, w.out + w.err);
        CliRun ok = CliRun.run("gate", "--golden", "--golden-dir", golden.toString());
        assertEquals(0, ok.exitCode, ok.out + ok.err);
        assertTrue(ok.out.contains("PASS: 7 golden scenarios match"), ok.out);

        Path file = golden.resolve("h100-chat.json");
        ObjectNode json = (ObjectNode) MAPPER.readTree(file.toFile());
        JsonNode tpot = json.get("tpot_ms");
        ((ObjectNode) tpot).put("p99", tpot.get("p99").asDouble() * 1.001);
        json.put("completed", json.get("completed").asLong() - 1);
        Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        CliRun bad = CliRun.run("gate", "--golden", "--golden-dir", golden.toString());
        assertEquals(1, bad.exitCode, bad.out + bad.err);
        assertTrue(bad.out.contains("h100-chat: completed: expected"), bad.out);
        assertTrue(bad.out.contains("h100-chat: tpot_ms.p99: expected"), bad.out);
        assertTrue(bad.out.contains("gate --update-golden"), bad.out);
    }
}
