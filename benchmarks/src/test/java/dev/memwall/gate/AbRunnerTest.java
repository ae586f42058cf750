package dev.memwall.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.memwall.input.InputException;

/** The interleaving and pairing of the A/B gate, with a fake JMH that returns made-up samples: no timing. */
class AbRunnerTest {
    private static final String HEAP = "dev.memwall.bench.engine.EventHeapBenchmark.popThenPush";
    private static final String SIM = "dev.memwall.bench.simulation.DecodeHeavyBenchmark.throughput";
    private static final AbRunner.Build BASE = new AbRunner.Build("baseline", "REF", Path.of("a.jar"), Path.of("."));
    private static final AbRunner.Build CAND = new AbRunner.Build("candidate", "this", Path.of("b.jar"), Path.of("."));

    /**
     * A JMH stand-in: the baseline's heap takes 100 ns/op and its simulation runs at 40 ops/s; the
     * candidate's heap takes {@code heapFactor} times as long, its simulation the same. The whole
     * machine is slower in odd rounds (drift), which the pairing must cancel.
     */
    private static final class FakeJmh implements AbRunner.Launcher {
        final List<String> calls = new ArrayList<>();
        final Map<String, List<String>> benchmarks;
        final double heapFactor;
        int round;

        FakeJmh(double heapFactor, List<String> inBase, List<String> inCandidate) {
            this.heapFactor = heapFactor;
            this.benchmarks = Map.of("baseline", inBase, "candidate", inCandidate);
        }

        @Override
        public List<String> list(AbRunner.Build build, String include) {
            return benchmarks.get(build.label()).stream().filter(b -> b.matches(".*(" + include + ").*")).toList();
        }

        @Override
        public List<JmhResult> run(AbRunner.Build build, String benchmark, String stem) {
            calls.add(stem);
            int r = Integer.parseInt(stem.substring(6, 8));
            double drift = r % 2 == 1 ? 1.5 : 1.0;
            boolean cand = build.label().equals("candidate");
            if (benchmark.equals(HEAP)) {
                double ns = 100 * drift * (cand ? heapFactor : 1);
                return List.of(result(HEAP, "avgt", "ns/op", ns, ns * 1.01, ns * 0.99, ns * 3, ns * 0.5));
            }
            double rate = 40 / drift;
            return List.of(result(SIM, "thrpt", "ops/s", rate, rate * 1.01, rate * 0.99));
        }
    }

    private static JmhResult result(String benchmark, String mode, String unit, double... samples) {
        return new JmhResult(benchmark, mode, Map.of(), samples[0], Double.NaN, unit, "17.0.15", "OpenJDK 64-Bit Server VM",
                samples);
    }

    private static String printed(AbComparison.Report report) {
        StringWriter s = new StringWriter();
        report.print(new PrintWriter(s));
        return s.toString();
    }

    private static AbComparison.Report run(FakeJmh jmh, int rounds) {
        AbRunner.Outcome o = AbRunner.run(BASE, CAND, "EventHeap|DecodeHeavy", rounds, jmh,
                new PrintWriter(new StringWriter()));
        return o.comparison().compare("REF", "this", "time per op", rounds, 0.05, 0.95, o.onlyOneSide());
    }

    @Test
    void buildsAlternateWhichGoesFirstRoundByRoundAndBenchmarkByBenchmark() {
        FakeJmh jmh = new FakeJmh(1, List.of(HEAP, SIM), List.of(HEAP, SIM));
        run(jmh, 6);
        assertEquals(24, jmh.calls.size());
        assertEquals(List.of(
                "round-01-engine.EventHeapBenchmark.popThenPush-baseline",
                "round-01-engine.EventHeapBenchmark.popThenPush-candidate",
                "round-01-simulation.DecodeHeavyBenchmark.throughput-baseline",
                "round-01-simulation.DecodeHeavyBenchmark.throughput-candidate",
                "round-02-engine.EventHeapBenchmark.popThenPush-candidate",
                "round-02-engine.EventHeapBenchmark.popThenPush-baseline"), jmh.calls.subList(0, 6));
    }

    @Test
    void aCandidateTwentyPercentSlowerOnADriftingMachineIsARegressionOfThatBenchmarkOnly() {
        AbComparison.Report report = run(new FakeJmh(1.2, List.of(HEAP, SIM), List.of(HEAP, SIM)), 10);
        assertEquals(1, report.regressions().size(), printed(report));
        AbComparison.Row heap = report.regressions().get(0);
        assertEquals(HEAP + " avgt", heap.key());
        assertEquals(1.2, heap.ratio().median(), 1e-12);
        assertEquals(1.2, heap.ratio().low(), 1e-12);
        // The table shows each build's median fork score in the benchmark's unit: the median
        // iteration of each fork (100 ns, or 150 in drifting rounds), then the median over rounds.
        assertEquals(125, heap.baseMedian(), 1e-9);
        assertEquals(150, heap.candidateMedian(), 1e-9);
        AbComparison.Row sim = report.rows().get(1);
        assertEquals(AbComparison.Status.OK, sim.status());
        assertEquals(1.0, sim.ratio().median(), 1e-12);
        String text = printed(report);
        assertTrue(text.contains("FAIL: 1 regression:"), text);
        assertTrue(text.contains("  " + HEAP + " avgt: +20.0% slower (median ratio 1.200, interval [1.200, 1.200]"
                + " above 1.05)"), text);
    }

    @Test
    void aThroughputThatHalvesIsATimeThatDoubles() {
        AbComparison c = new AbComparison();
        for (int r = 0; r < 6; r++) {
            c.addRound(List.of(result(SIM, "thrpt", "ops/s", 40, 41, 39)), List.of(result(SIM, "thrpt", "ops/s", 20,
                    20.5, 19.5)));
        }
        AbComparison.Row row = c.compare("a", "b", "time per op", 6, 0.05, 0.95, List.of()).rows().get(0);
        assertEquals(2.0, row.ratio().median(), 1e-12);
        assertEquals(AbComparison.Status.REGRESSION, row.status());
    }

    @Test
    void benchmarksInOneBuildOnlyAreListedNotRun() {
        FakeJmh jmh = new FakeJmh(1, List.of(HEAP, SIM), List.of(HEAP));
        AbComparison.Report report = run(jmh, 6);
        assertEquals(List.of(SIM), report.onlyOneSide());
        assertEquals(1, report.rows().size());
        assertTrue(jmh.calls.stream().noneMatch(c -> c.contains("DecodeHeavy")), jmh.calls.toString());
        assertTrue(printed(report).contains("not compared (in one build only): simulation.DecodeHeavyBenchmark"
                + ".throughput"), printed(report));
    }

    @Test
    void noBenchmarkInBothBuildsIsABadInput() {
        FakeJmh jmh = new FakeJmh(1, List.of(SIM), List.of(HEAP));
        InputException e = assertThrows(InputException.class, () -> run(jmh, 6));
        assertEquals("gate: no benchmark matching 'EventHeap|DecodeHeavy' is in both builds (baseline: 1,"
                + " candidate: 1); see -l for their names", e.getMessage());
    }
}
