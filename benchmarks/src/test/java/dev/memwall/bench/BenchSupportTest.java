package dev.memwall.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

import dev.memwall.bench.support.CxlCluster;
import dev.memwall.bench.support.CxlPlacement;
import dev.memwall.bench.support.NamedWorkload;
import dev.memwall.bench.support.RepoRoot;
import dev.memwall.bench.support.Scenarios;
import dev.memwall.bench.support.SimMetrics;
import dev.memwall.bench.support.StepScenario;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.workload.FixedWorkload;

/** The scenarios the benchmarks run are what their Javadoc claims (run once, untimed). */
class BenchSupportTest {
    private static final Path ROOT = RepoRoot.get();

    @ParameterizedTest
    @ValueSource(ints = {1, 64, 256})
    void aSchedulerStepRunIsExactlyStepsIterationsOfTheWholeBatch(int batch) {
        StepScenario s = new StepScenario(ROOT, batch);
        // check() throws unless the run has STEPS iterations, every request done, no preemption.
        s.check(s.simulation(), s.workload());
        assertEquals((long) batch * StepScenario.STEPS, s.simulation().outputTokensDone(0));
    }

    @Test
    void aBatchWhosePromptsExceedOneIterationsBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StepScenario(ROOT, 257));
    }

    @Test
    void theStandardScenarioCompletesEveryRequestWithAllItsTokens() {
        ClusterSimulation sim = Scenarios.decodeHeavyCluster(ROOT).simulation();
        sim.run(Scenarios.decodeHeavy(), "standard");
        assertEquals(2_000, sim.completedRequests());
        assertEquals(2_000L * 512, sim.outputTokensDone(0));
    }

    @ParameterizedTest
    @EnumSource(CxlPlacement.class)
    void everyPlacementPresetBuildsAndServesTheChatWorkload(CxlPlacement placement) {
        ClusterBuilder.Built built = ClusterBuilder.build(new CxlCluster(250, 64, 4, placement).load(),
                Scenarios.options(ROOT), null);
        FixedWorkload w = NamedWorkload.CHAT.create();
        built.simulation().run(w, "chat");
        assertEquals(w.size(), built.simulation().completedRequests());
        assertTrue(built.instances().get(0).offloadedWeightBytes() > 0 || placement == CxlPlacement.KV_CXL,
                placement + " streams weights from CXL");
    }

    @Test
    void workloadsAndPresetsAreFoundByTheirParamNames() {
        assertEquals(NamedWorkload.DECODE_HEAVY, NamedWorkload.of("decode-heavy"));
        assertEquals(CxlPlacement.HALF_BLOCKS_CXL, CxlPlacement.of("half-blocks-cxl"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CxlPlacement.of("hbm"));
        assertTrue(e.getMessage().contains("weights-cxl, half-blocks-cxl, kv-cxl, weights-striped"), e.getMessage());
    }

    @Test
    void jmhRunsGetTheSimMetricsProfilerOnce() {
        String[] added = JmhDefaults.withSimMetrics(new String[] {"CxlGrid", "-f", "1"});
        assertArrayEquals(new String[] {"CxlGrid", "-f", "1", "-prof", SimMetricsProfiler.class.getName()}, added);
        assertArrayEquals(added, JmhDefaults.withSimMetrics(added));
    }

    @Test
    void theProfilerReportsWhatTheBenchmarkPostedOnceAsPercentilesInMilliseconds() {
        ClusterSimulation sim = Scenarios.decodeHeavyCluster(ROOT).simulation();
        sim.run(FixedWorkload.burst(64, 128, 32), "small");
        SimMetrics.post(sim);
        SimMetricsProfiler profiler = new SimMetricsProfiler();
        Collection<? extends Result<?>> results = cast(profiler.afterIteration(null, null, null));
        Map<String, Result<?>> byLabel = results.stream().collect(Collectors.toMap(Result::getLabel, r -> r));
        for (String d : List.of("tpot", "ttft", "itl")) {
            for (String p : List.of("p50", "p90", "p99", "p99.9")) {
                assertEquals("ms", byLabel.get("sim." + d + "." + p).getScoreUnit(), d + " " + p);
            }
        }
        assertEquals(sim.latency().tpot.percentileNs(99) / 1e6, byLabel.get("sim.tpot.p99").getScore(), 1e-9);
        assertEquals("tokens/s", byLabel.get("sim.output_tokens_per_s").getScoreUnit());
        assertEquals(List.of(), List.copyOf(profiler.afterIteration(null, null, null)), "taken once");
    }

    @SuppressWarnings("unchecked")
    private static Collection<? extends Result<?>> cast(Collection<?> c) {
        return (Collection<? extends Result<?>>) c;
    }
}
