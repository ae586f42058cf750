package dev.memwall.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.memwall.cost.PriceBooks;
import dev.memwall.input.InputException;
import dev.memwall.result.Metric;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.testing.RepoPaths;

/** Comparisons: a config against itself changes nothing; against its CXL twin, the verdict says how. */
class ComparisonTest {
    private static final Path TWO = RepoPaths.root().resolve("configs/cluster/two_instance_h100.json");
    private static final Path TWO_CXL = RepoPaths.root().resolve("configs/cluster/two_instance_h100_cxl.json");
    private static final Path CHAT = RepoPaths.root().resolve("workloads/example-poisson-200.jsonl");

    private static Comparison.Inputs inputs(int numReqs) {
        SimulationOptions o = SimulationOptions.defaults()
                .withModelsAndHardware(RepoPaths.models(), RepoPaths.hardware());
        return new Comparison.Inputs(CHAT, null, numReqs, o, PriceBooks.builtIn());
    }

    @Test
    void aConfigComparedWithItselfReportsZeroDeltasOnEveryRow() throws InterruptedException {
        List<ComparedRun> runs = Comparison.run(List.of(TWO, TWO), inputs(60), 2);
        assertEquals(List.of("two_instance_h100", "two_instance_h100#2"), runs.stream().map(ComparedRun::label)
                .toList());
        CompareTable t = CompareTable.of(runs, false);
        for (CompareTable.Row r : t.rows()) {
            if (r.text() == null) {
                assertEquals(0.0, r.deltaPercent(1), r.name());
                assertTrue(r.cell(1).endsWith("(+0.0 %)"), r.name() + ": " + r.cell(1));
            } else {
                assertTrue(r.cell(1).endsWith("(same)"), r.name() + ": " + r.cell(1));
            }
        }
        String verdict = Verdict.of(runs, false);
        assertTrue(verdict.startsWith("two_instance_h100#2 serves the same the peak concurrency and the same the"
                + " output throughput of two_instance_h100 at the same its p99 TPOT"), verdict);
        assertTrue(verdict.contains("$ per 1M tokens unchanged"), verdict);
    }

    @Test
    void theVerdictOfTheCxlTwinIsMadeOfTheTablesNumbers() throws InterruptedException {
        List<ComparedRun> runs = Comparison.run(List.of(TWO, TWO_CXL), inputs(60), 2);
        CompareTable t = CompareTable.of(runs, false);
        double tpot = runs.get(1).get(Metric.TPOT_P99) / runs.get(0).get(Metric.TPOT_P99);
        String verdict = Verdict.of(runs, false);
        // Ratios of ten and more are shown whole: 30x, not 30.41x.
        String shown = String.format(java.util.Locale.ROOT, tpot >= 10 ? "%.0fx" : "%.2fx", tpot);
        assertTrue(verdict.contains("at " + shown + " its p99 TPOT"), verdict);
        double cost = t.row("$ per 1M tokens").deltaPercent(1);
        assertTrue(verdict.contains(String.format(java.util.Locale.ROOT, "$ per 1M tokens %+.1f %%", cost)), verdict);
        assertTrue(verdict.contains("bound by " + runs.get(1).result().bottleneck()), verdict);
        // Both runs sampled over their whole simulated time.
        for (ComparedRun r : runs) {
            double[] s = r.series().seconds();
            assertEquals(r.get(Metric.SIMULATED_SECONDS), s[s.length - 1], 1e-9);
            assertEquals(r.get(Metric.ENERGY_JOULES), r.series().joules()[s.length - 1], 1e-6);
        }
    }

    @Test
    void aBadConfigFailsBeforeAnythingRunsNamingItsFile() {
        Path missing = RepoPaths.root().resolve("configs/cluster/nope.json");
        InputException e = assertThrows(InputException.class, () -> Comparison.run(List.of(TWO, missing), inputs(10), 2));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }

    @Test
    void aLongRunKeepsAtMostTheSampleLimitEvenlySpaced() {
        dev.memwall.serving.ClusterBuilder.Built built = dev.memwall.serving.ClusterBuilder.build(
                dev.memwall.config.ClusterConfigLoader.load(TWO), inputs(0).options(), null);
        TimeSeries s = new TimeSeries();
        s.attach(built);
        for (int k = 0; k < 5000; k++) {
            s.beat(built.simulation(), k * 50_000_000L);
        }
        assertTrue(s.size() > TimeSeries.MAX_SAMPLES / 2 && s.size() <= TimeSeries.MAX_SAMPLES, "" + s.size());
        double[] t = s.seconds();
        double step = t[1] - t[0];
        assertEquals(0.05 * 16, step, 1e-9);
        for (int k = 1; k < t.length; k++) {
            assertEquals(step, t[k] - t[k - 1], 1e-9);
        }
        assertEquals(0.0, t[0]);
    }

    @Test
    void aRateIsTheChangeOverEachInterval() {
        double[] r = TimeSeries.rate(new double[] {0, 1, 3}, new double[] {0, 10, 30});
        assertEquals(List.of(0.0, 10.0, 10.0), java.util.Arrays.stream(r).boxed().toList());
    }
}
