package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class GateCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String REFERENCE = "dev.memwall.bench.reference.MachineReferenceBenchmark.sortInts";
    private static final String STEP = "dev.memwall.bench.serving.SchedulerStepBenchmark.step";
    private static final String HEAP = "dev.memwall.bench.engine.EventHeapBenchmark.popThenPush";

    @TempDir
    Path dir;

    /** A JMH JSON result of the reference and one scheduler step, 12 samples each, on JDK {@code jdk}. */
    private Path result(String name, String jdk, double stepNs) throws IOException {
        return result(name, jdk, spread(stepNs, 12, 0.02));
    }

    /** A JMH JSON result of the reference (12 samples) and one scheduler step with these samples. */
    private Path result(String name, String jdk, double[] stepNs) throws IOException {
        ArrayNode a = MAPPER.createArrayNode();
        add(a, REFERENCE, jdk, spread(900, 12, 0.02), "us/op", null);
        add(a, STEP, jdk, stepNs, "ns/op", "256");
        return write(name, a);
    }

    private Path write(String name, JsonNode results) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, MAPPER.writeValueAsString(results));
        return f;
    }

    /** {@code n} samples evenly over {@code center * (1 ± halfWidth)}, in a fixed shuffled order. */
    private static double[] spread(double center, int n, double halfWidth) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = center * (1 + halfWidth * (2.0 * ((i * 7) % n) / (n - 1) - 1));
        }
        return out;
    }

    private static void add(ArrayNode a, String benchmark, String jdk, double[] samples, String unit, String batch) {
        ObjectNode r = a.addObject();
        r.put("benchmark", benchmark);
        r.put("mode", "avgt");
        r.put("jdkVersion", jdk);
        r.put("vmName", "OpenJDK 64-Bit Server VM");
        if (batch != null) {
            r.putObject("params").put("batch", batch);
        }
        ObjectNode m = r.putObject("primaryMetric");
        m.put("score", Arrays.stream(samples).average().orElseThrow());
        m.put("scoreUnit", unit);
        ArrayNode fork = m.putArray("rawData").addArray();
        Arrays.stream(samples).forEach(fork::add);
    }

    /** The committed baseline, read as a tree. */
    private static ArrayNode committedBaseline() throws IOException {
        return (ArrayNode) MAPPER.readTree(CliRun.root().resolve("results/baseline/jmh.json").toFile());
    }

    /**
     * Multiplies the score and every raw sample of one benchmark's results in {@code results} by
     * {@code factor}, wall time and CPU time ({@code cpu.time}) alike, as a real slowdown would.
     */
    private static void scale(ArrayNode results, String benchmark, String param, String value, double factor) {
        for (JsonNode r : results) {
            JsonNode params = r.path("params");
            if (!r.get("benchmark").asText().equals(benchmark) || !params.path(param).asText().equals(value)) {
                continue;
            }
            scaleMetric((ObjectNode) r.get("primaryMetric"), factor);
            JsonNode cpu = r.path("secondaryMetrics").path("cpu.time");
            if (cpu.isObject()) {
                scaleMetric((ObjectNode) cpu, factor);
            }
        }
    }

    private static void scaleMetric(ObjectNode m, double factor) {
        m.put("score", m.get("score").asDouble() * factor);
        for (JsonNode fork : m.get("rawData")) {
            for (int i = 0; i < fork.size(); i++) {
                ((ArrayNode) fork).set(i, fork.get(i).asDouble() * factor);
            }
        }
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
    void theCommittedBaselineComparedWithItselfPasses() throws IOException {
        Path c = write("c.json", committedBaseline());
        CliRun r = CliRun.run("gate", "--candidate", c.toString());
        assertEquals(0, r.exitCode, r.out + r.err);
        assertTrue(r.out.contains("PASS: no benchmark significantly slower by more than 25%"), r.out);
        assertTrue(r.out.contains("engine.EventHeapBenchmark.popThenPush(size=1024)"), r.out);
        // The baseline was taken with the CPU-time profiler, so CPU time is what is compared.
        assertTrue(r.out.contains("Compared: CPU time per op of the benchmark thread and the processes it waited for (cpu.time)."), r.out);
        assertTrue(r.out.contains("(n=20)"), r.out);
    }

    @Test
    void theCommittedBaselineWithOneBenchmarksSamplesDoubledFailsWithExitThreeNamingIt() throws IOException {
        ArrayNode results = committedBaseline();
        scale(results, HEAP, "size", "1024", 2.0);
        CliRun r = CliRun.run("gate", "--candidate", write("c.json", results).toString());
        assertEquals(3, r.exitCode, r.out + r.err);
        assertTrue(r.out.contains("FAIL: 1 regression"), r.out);
        assertTrue(r.out.contains("  " + HEAP + "(size=1024) avgt: +100.0% slower (median, normalised by the"
                + " reference), Mann-Whitney p = "), r.out);
    }

    @ParameterizedTest(name = "threshold {0}: exit {1}")
    @CsvSource({"0.05, 3", "0.25, 0"})
    void aCandidateTenPercentSlowerWithTightSamplesFailsAtFivePercentAndPassesAtTwentyFive(String threshold,
            int exit) throws IOException {
        Path b = result("b.json", "17.0.15", 1500);
        CliRun r = CliRun.run("gate", "--candidate", result("c.json", "17.0.15", 1650).toString(),
                "--baseline", b.toString(), "--threshold", threshold);
        assertEquals(exit, r.exitCode, r.out + r.err);
        assertTrue(r.out.contains("serving.SchedulerStepBenchmark.step(batch=256)  avgt"), r.out);
        assertTrue(r.out.contains("+10.0%"), r.out);
    }

    @Test
    void aBaselineWithThreeSamplesIsRefusedSayingWhy() throws IOException {
        Path b = result("b.json", "17.0.15", spread(1500, 3, 0.02));
        CliRun r = CliRun.run("gate", "--candidate", result("c.json", "17.0.15", 1500).toString(),
                "--baseline", b.toString());
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.startsWith("gate: baseline " + b + ": " + STEP + "(batch=256) avgt has 3 samples; the sample"
                + " test needs at least 10 per benchmark"), r.err);
        assertEquals("", r.out);
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
    void resultsFromAnotherJdkAreRefusedAsBadInput() throws IOException {
        Path b = result("b.json", "17.0.15", 1500);
        CliRun r = CliRun.run("gate", "--candidate", result("c.json", "21.0.5", 1500).toString(),
                "--baseline", b.toString());
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.startsWith("gate: refusing to compare across JDK versions"), r.err);
    }

    @Test
    void anAbRunAgainstARefThatIsNoCommitIsABadInputNamingIt() throws IOException {
        Path jar = Files.createFile(dir.resolve("candidate.jar"));
        CliRun r = CliRun.run("gate", "--against", "no-such-ref-16", "--candidate-jar", jar.toString(),
                "--work-dir", dir.resolve("ab").toString());
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.startsWith("gate: --against no-such-ref-16: not a commit of the repository "), r.err);
    }

    @Test
    void anAbRunFromClassesWithoutACandidateJarIsABadInputSayingWhatToRun() {
        CliRun r = CliRun.run("gate", "--against", "HEAD", "--work-dir", dir.resolve("ab").toString());
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.contains("run it with java -jar benchmarks/target/benchmarks.jar, or give --candidate-jar"),
                r.err);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--rounds 5|gate: --rounds 5 is too few: a 95% interval of the median ratio needs at least 6 rounds",
        "--baseline-jar missing.jar|missing.jar: no such file (--baseline-jar)",
        "--against HEAD --baseline-jar missing.jar|gate: give --against REF or --baseline-jar FILE, not both",
        "--threshold 0|gate: --threshold must be > 0 (got 0.0)"})
    void badAbOptionsAreOneLineErrors(String args, String message) throws IOException {
        Path jar = Files.createFile(dir.resolve("candidate.jar"));
        List<String> a = new ArrayList<>(List.of(args.split(" ")));
        if (!a.contains("--baseline-jar")) {
            a.add(0, "--against");
        }
        a.addAll(List.of("--candidate-jar", jar.toString(), "--work-dir", dir.toString()));
        CliRun r = CliRun.run("gate", a.toArray(String[]::new));
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.startsWith(message), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
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
        assertEquals(3, bad.exitCode, bad.out + bad.err);
        assertTrue(bad.out.contains("h100-chat: completed: expected"), bad.out);
        assertTrue(bad.out.contains("h100-chat: tpot_ms.p99: expected"), bad.out);
        assertTrue(bad.out.contains("gate --update-golden"), bad.out);
    }
}
