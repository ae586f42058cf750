package dev.memwall.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;

class WallTimeGateTest {
    @TempDir
    Path dir;

    private WallTimeGate.Report compare(JmhJson baseline, JmhJson candidate) {
        return compare(baseline, candidate, WallTimeGate.DEFAULT_THRESHOLD);
    }

    private WallTimeGate.Report compare(JmhJson baseline, JmhJson candidate, double threshold) {
        return WallTimeGate.compare(JmhResult.read(baseline.write(dir.resolve("b.json"))), "b.json",
                JmhResult.read(candidate.write(dir.resolve("c.json"))), "c.json", JmhJson.REFERENCE, threshold);
    }

    private static WallTimeGate.Row row(WallTimeGate.Report report, String benchmark, String params) {
        return report.rows().stream()
                .filter(r -> r.name().startsWith(benchmark + params + " "))
                .findFirst().orElseThrow();
    }

    private static String printed(WallTimeGate.Report report) {
        StringWriter s = new StringWriter();
        report.print(new PrintWriter(s));
        return s.toString();
    }

    /** The typical run with the scheduler step's samples replaced. */
    private static JmhJson withStep(double[] stepNs) {
        return new JmhJson()
                .add(JmhJson.REFERENCE, "avgt", 900, "us/op")
                .add(JmhJson.STEP, "avgt", stepNs, "ns/op", "batch", "256");
    }

    @Test
    void aResultComparedWithItselfPasses() {
        WallTimeGate.Report report = compare(JmhJson.typical(1), JmhJson.typical(1));
        assertTrue(report.passed());
        assertTrue(report.normalised());
        assertTrue(report.rows().stream().allMatch(r -> r.status() == WallTimeGate.Status.OK
                || r.status() == WallTimeGate.Status.REFERENCE));
        assertTrue(row(report, JmhJson.STEP, "(batch=256)").pValue() > 0.4, printed(report));
    }

    @Test
    void doubledSamplesAreARegressionNamingTheBenchmark() {
        JmhJson candidate = new JmhJson()
                .add(JmhJson.HEAP, "avgt", 120, "ns/op", "size", "16")
                .add(JmhJson.HEAP, "avgt", 90, "ns/op", "size", "65536")
                .add(JmhJson.REFERENCE, "avgt", 900, "us/op");
        WallTimeGate.Report report = compare(JmhJson.typical(1), candidate);
        assertEquals(1, report.regressions().size());
        assertEquals(1.0, report.regressions().get(0).change(), 1e-12);
        // 12 samples each side, all apart: the exact one-sided p is 1 / C(24, 12).
        assertEquals(1 / 2704156.0, report.regressions().get(0).pValue(), 1e-12);
        String text = printed(report);
        assertTrue(text.contains("FAIL: 1 regression"), text);
        assertTrue(text.contains(JmhJson.HEAP + "(size=16) avgt: +100.0% slower (median, normalised by the reference),"
                + " Mann-Whitney p = 3.7e-07"), text);
    }

    @Test
    void aHalvedThroughputIsARegressionAndADoubledOneIsFaster() {
        WallTimeGate.Report report = compare(JmhJson.typical(1),
                new JmhJson().add(JmhJson.REFERENCE, "avgt", 900, "us/op").add(JmhJson.TOKENS, "thrpt", 20, "ops/s"));
        assertEquals(WallTimeGate.Status.REGRESSION, row(report, JmhJson.TOKENS, "").status());
        assertEquals(1.0, row(report, JmhJson.TOKENS, "").change(), 1e-12);
        report = compare(JmhJson.typical(1),
                new JmhJson().add(JmhJson.REFERENCE, "avgt", 900, "us/op").add(JmhJson.TOKENS, "thrpt", 80, "ops/s"));
        assertEquals(WallTimeGate.Status.FASTER, row(report, JmhJson.TOKENS, "").status());
        assertTrue(report.passed());
    }

    @Test
    void aMachineTwiceAsSlowEverywhereIsNoRegressionOnceNormalised() {
        WallTimeGate.Report report = compare(JmhJson.typical(1), JmhJson.typical(0.5));
        assertTrue(report.passed(), printed(report));
        assertEquals(2.0, report.machineFactor(), 1e-12);
        assertEquals(0.0, row(report, JmhJson.STEP, "(batch=256)").change(), 1e-12);
        assertEquals(WallTimeGate.Status.REFERENCE, row(report, JmhJson.REFERENCE, "").status());
    }

    @Test
    void aSignificantSlowdownWithinTheThresholdPasses() {
        WallTimeGate.Row r = row(compare(JmhJson.typical(1), withStep(JmhJson.spread(1800, 12, 0.02))), JmhJson.STEP,
                "(batch=256)");
        assertEquals(0.2, r.change(), 1e-12);
        assertTrue(r.pValue() < WallTimeGate.SIGNIFICANCE);
        assertEquals(WallTimeGate.Status.OK, r.status());
    }

    @Test
    void aLargeMedianSlowdownAmongOverlappingNoisySamplesIsNotSignificant() {
        // Candidate samples from 0.6x to 2.6x the baseline's median: median +60%, but they straddle it.
        double[] noisy = JmhJson.spread(1500 * 1.6, 12, 0.625);
        WallTimeGate.Row r = row(compare(JmhJson.typical(1), withStep(noisy)), JmhJson.STEP, "(batch=256)");
        assertTrue(r.change() > 0.25, "change " + r.change());
        assertTrue(r.pValue() >= WallTimeGate.SIGNIFICANCE, "p " + r.pValue());
        assertEquals(WallTimeGate.Status.OK, r.status());
    }

    @Test
    void aBaselineWithThreeSamplesPerBenchmarkIsRefusedSayingWhy() {
        JmhJson base = new JmhJson()
                .add(JmhJson.REFERENCE, "avgt", JmhJson.spread(900, 12, 0.02), "us/op")
                .add(JmhJson.STEP, "avgt", JmhJson.spread(1500, 3, 0.02), "ns/op", "batch", "256");
        InputException e = assertThrows(InputException.class, () -> compare(base, JmhJson.typical(1)));
        assertEquals("gate: baseline b.json: " + JmhJson.STEP + "(batch=256) avgt has 3 samples; the sample test needs"
                + " at least 10 per benchmark (with 3 against a short candidate run no difference can reach p < 0.01):"
                + " retake it with more forks and iterations, as in the README's wall-time gate section",
                e.getMessage());
    }

    @Test
    void aCandidateOfOneSampleIsTooFewToJudgeAndNeverFails() {
        WallTimeGate.Report report = compare(JmhJson.typical(1), withStep(new double[] {3000}));
        WallTimeGate.Row r = row(report, JmhJson.STEP, "(batch=256)");
        assertEquals(WallTimeGate.Status.TOO_FEW, r.status());
        assertEquals(1.0, r.change(), 1e-12);
        assertTrue(report.passed());
        assertTrue(printed(report).contains("1 with too few samples"), printed(report));
    }

    @Test
    void theSmallestPValueOfARankTestIsOneOverTheNumberOfOrderings() {
        assertEquals(0.05, WallTimeGate.smallestPValue(3, 3), 1e-15);
        assertEquals(1 / 286.0, WallTimeGate.smallestPValue(10, 3), 1e-15);
        assertEquals(1 / 21.0, WallTimeGate.smallestPValue(20, 1), 1e-15);
    }

    @Test
    void withoutTheReferenceInEitherFileRawSamplesAreComparedAndTheTableSaysSo() {
        JmhJson base = new JmhJson().add(JmhJson.HEAP, "avgt", 60, "ns/op", "size", "16");
        JmhJson cand = new JmhJson().add(JmhJson.HEAP, "avgt", 61, "ns/op", "size", "16");
        WallTimeGate.Report report = compare(base, cand);
        assertFalse(report.normalised());
        assertTrue(printed(report).contains("Raw samples compared: neither file holds the reference benchmark "
                + JmhJson.REFERENCE), printed(report));
        assertTrue(report.passed());
    }

    @Test
    void withTheReferenceInOnlyOneFileRawSamplesAreComparedAndTheTableNamesWhichLacksIt() {
        JmhJson cand = new JmhJson().add(JmhJson.HEAP, "avgt", 60, "ns/op", "size", "16");
        WallTimeGate.Report report = compare(JmhJson.typical(1), cand);
        assertFalse(report.normalised());
        assertTrue(printed(report).contains("Raw samples compared: the candidate lacks the reference"), printed(report));
    }

    @Test
    void resultsFromDifferentJdkReleasesAreRefused() {
        InputException e = assertThrows(InputException.class,
                () -> compare(JmhJson.typical(1), JmhJson.typical(1, "21.0.5")));
        assertTrue(e.getMessage().contains("refusing to compare across JDK versions"), e.getMessage());
        assertTrue(e.getMessage().contains("17.0.15") && e.getMessage().contains("21.0.5"), e.getMessage());
    }

    @Test
    void aPatchReleaseOfTheSameJdkStillCompares() {
        WallTimeGate.Report report = compare(JmhJson.typical(1), new JmhJson().jdk("17.0.16")
                .add(JmhJson.REFERENCE, "avgt", 900, "us/op"));
        assertTrue(report.jdk().contains("17.0.15") && report.jdk().contains("17.0.16"), report.jdk());
    }

    @Test
    void benchmarksOnOneSideOnlyAreListedAsNewOrMissingAndNeverFail() {
        JmhJson cand = new JmhJson()
                .add(JmhJson.REFERENCE, "avgt", 900, "us/op")
                .add(JmhJson.HEAP, "avgt", 500, "ns/op", "size", "1024");
        WallTimeGate.Report report = compare(JmhJson.typical(1), cand);
        assertEquals(WallTimeGate.Status.NEW, row(report, JmhJson.HEAP, "(size=1024)").status());
        assertEquals(WallTimeGate.Status.MISSING, row(report, JmhJson.HEAP, "(size=16)").status());
        assertTrue(report.passed());
    }

    @Test
    void samplesInDifferentUnitsCompareAsTimes() {
        JmhJson cand = new JmhJson()
                .add(JmhJson.REFERENCE, "avgt", 0.9, "ms/op")
                .add(JmhJson.STEP, "avgt", 1.5, "us/op", "batch", "256");
        WallTimeGate.Row r = row(compare(JmhJson.typical(1), cand), JmhJson.STEP, "(batch=256)");
        assertEquals(0.0, r.change(), 1e-12);
    }

    @Test
    void parametersAreKeyedWhateverTheirOrderInTheFile() {
        JmhJson a = new JmhJson().add("x.B.m", "avgt", 1, "ns/op", "p", "1", "q", "2");
        JmhJson b = new JmhJson().add("x.B.m", "avgt", 1, "ns/op", "q", "2", "p", "1");
        List<JmhResult> ra = JmhResult.read(a.write(dir.resolve("a.json")));
        List<JmhResult> rb = JmhResult.read(b.write(dir.resolve("b2.json")));
        assertEquals(ra.get(0).key(), rb.get(0).key());
        assertEquals("x.B.m(p=1, q=2) avgt", ra.get(0).key());
        assertEquals(JmhJson.SAMPLES, ra.get(0).samples().length);
    }

    @Test
    void filesWithCpuTimeInEveryResultAreComparedOnItAndOthersOnWallTime() {
        // Wall time doubled by a busy machine, CPU time the same: no regression on CPU time.
        JmhJson base = new JmhJson()
                .add(JmhJson.REFERENCE, "avgt", 900, "us/op").secondary("cpu.time", JmhJson.spread(9e5, 12, 0.02), "ns/op")
                .add(JmhJson.HEAP, "avgt", 60, "ns/op", "size", "16")
                .secondary("cpu.time", JmhJson.spread(30, 12, 0.02), "ns/op");
        JmhJson busy = new JmhJson()
                .add(JmhJson.REFERENCE, "avgt", 900, "us/op").secondary("cpu.time", JmhJson.spread(9e5, 12, 0.02), "ns/op")
                .add(JmhJson.HEAP, "avgt", 120, "ns/op", "size", "16")
                .secondary("cpu.time", JmhJson.spread(30, 12, 0.02), "ns/op");
        Path b = base.write(dir.resolve("b.json"));
        WallTimeGate.Report cpu = WallTimeGate.compareFiles(b, busy.write(dir.resolve("c.json")), JmhJson.REFERENCE,
                0.25);
        assertTrue(cpu.passed(), printed(cpu));
        assertTrue(printed(cpu).contains("Compared: CPU time per op of the benchmark thread and the processes it waited for (cpu.time)."),
                printed(cpu));
        JmhJson wallOnly = new JmhJson()
                .add(JmhJson.REFERENCE, "avgt", 900, "us/op")
                .add(JmhJson.HEAP, "avgt", 120, "ns/op", "size", "16");
        WallTimeGate.Report wall = WallTimeGate.compareFiles(b, wallOnly.write(dir.resolve("w.json")),
                JmhJson.REFERENCE, 0.25);
        assertFalse(wall.passed(), printed(wall));
        assertTrue(printed(wall).contains("Compared: JMH's score, wall time per op"), printed(wall));
    }

    @Test
    void aProfilersSecondaryResultReadsInPlaceOfThePrimaryOne() {
        Path f = new JmhJson()
                .add(JmhJson.HEAP, "avgt", new double[] {60, 90, 61}, "ns/op", "size", "16")
                .secondary("cpu.time", new double[] {30, 31, 29}, "ns/op")
                .write(dir.resolve("cpu.json"));
        JmhResult r = JmhResult.readSecondary(f, "cpu.time").get(0);
        assertEquals(JmhJson.HEAP + "(size=16) avgt", r.key());
        assertEquals(30, r.score(), 1e-12);
        assertEquals(List.of(30.0, 31.0, 29.0), java.util.Arrays.stream(r.samples()).boxed().toList());
        assertEquals(60, JmhResult.read(f).get(0).samples()[0], 1e-12);
        InputException e = assertThrows(InputException.class, () -> JmhResult.readSecondary(f, "gc.alloc.rate"));
        assertEquals(f + ": [0].secondaryMetrics.gc.alloc.rate: missing (was the run made with the profiler that"
                + " reports it?)", e.getMessage());
    }

    @Test
    void aFileThatIsNotAJmhResultIsABadInputNamingIt() throws Exception {
        Path f = dir.resolve("x.json");
        java.nio.file.Files.writeString(f, "{\"benchmark\": 1}");
        InputException e = assertThrows(InputException.class, () -> JmhResult.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not a JMH JSON result"), e.getMessage());
        java.nio.file.Files.writeString(f, "[{\"benchmark\": \"a.B.m\", \"mode\": \"avgt\"}]");
        e = assertThrows(InputException.class, () -> JmhResult.read(f));
        assertEquals(f + ": [0].primaryMetric: missing (not a JMH JSON result?)", e.getMessage());
        java.nio.file.Files.writeString(f, "[{\"benchmark\": \"a.B.m\", \"mode\": \"avgt\", \"jdkVersion\": \"17\","
                + " \"primaryMetric\": {\"score\": 1, \"scoreUnit\": \"ns/op\", \"rawData\": [[1, \"x\"]]}}]");
        e = assertThrows(InputException.class, () -> JmhResult.read(f));
        assertEquals(f + ": [0].primaryMetric.rawData[0][1]: expected a number (got \"x\")", e.getMessage());
    }
}
