package dev.memwall.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.result.Metric;
import dev.memwall.sweep.Journal;
import dev.memwall.sweep.LocalExecutor;
import dev.memwall.sweep.PointRunner;
import dev.memwall.sweep.Study;
import dev.memwall.sweep.StudyLoader;
import dev.memwall.testing.RepoPaths;

/** plan against a fine linear scan of the same probes, and its journal. */
class PlanTest {
    private static final String SLO = "tpot_p99<=15ms";

    @TempDir
    Path dir;

    private Study study() throws IOException {
        Path root = RepoPaths.root();
        Path file = dir.resolve("one.json");
        Files.writeString(file, """
                {"cluster": "%s",
                 "workload": {"trace": "%s", "num_reqs": 120, "arrival_rate": 1},
                 "options": {"models_dir": "%s", "hardware_dir": "%s"},
                 "axes": [{"name": "max_num_seqs", "path": "options.max_num_seqs", "values": [64]}]}
                """.formatted(root.resolve("configs/cluster/single_node_single_instance.json"),
                root.resolve("workloads/example-poisson-200.jsonl"), RepoPaths.models(), RepoPaths.hardware()));
        return StudyLoader.load(file);
    }

    private static boolean meets(Candidate c, PointRunner runner, double rate) {
        return runner.run(c.probe(rate, SLO)).metric(Metric.SLO_MET) == 1;
    }

    @Test
    void findsTheRateAFineLinearScanFindsWithinTwoPercent() throws Exception {
        Study s = study();
        Candidate c = new Candidate("h100", s, 0, 1);
        Plan.Settings settings = new Plan.Settings(SLO, 1, 64, 1, Double.NaN);
        List<PlanRow> rows;
        try (Journal j = Journal.open(dir.resolve("out"), r -> { })) {
            rows = Plan.run(List.of(c), settings, new LocalExecutor(2), j, (round, probes, recorded) -> { });
        }
        PlanRow row = rows.get(0);
        assertEquals(CapacitySearch.Bound.FOUND, row.bound());
        double found = row.capacity();
        // A fine scan, 0.5 % steps from well below: the last rate before the first that misses.
        PointRunner runner = new PointRunner(s.files(), "scan");
        double step = 1.005;
        double r = found / 1.3;
        assertTrue(meets(c, runner, r), "the SLO is met well below the plan's capacity");
        double last = r;
        while (meets(c, runner, r * step)) {
            r *= step;
            last = r;
        }
        assertTrue(Math.abs(found - last) / last <= 0.02, "plan " + found + " vs scan " + last);
        assertEquals(row.atCapacity().metric(Metric.USD_PER_M_TOKENS), row.atCapacity().metric(Metric.COST_USD)
                / ((row.atCapacity().metric(Metric.OUTPUT_TOKENS_PER_S) + row.atCapacity()
                .metric(Metric.PROMPT_TOKENS_PER_S)) * row.atCapacity().metric(Metric.SIMULATED_SECONDS)) * 1e6, 1e-6);
    }

    @Test
    void aSecondRunReplaysTheJournalAndRunsNothing() throws Exception {
        Study s = study();
        Candidate c = new Candidate("h100", s, 0, 1);
        Plan.Settings settings = new Plan.Settings(SLO, 1, 64, 1, 2.0);
        Path out = dir.resolve("again");
        List<PlanRow> first;
        try (Journal j = Journal.open(out, r -> { })) {
            first = Plan.run(List.of(c), settings, new LocalExecutor(1), j, (round, probes, recorded) -> { });
        }
        int[] rounds = {0};
        List<PlanRow> second;
        try (Journal j = Journal.open(out, r -> { })) {
            second = Plan.run(List.of(c), settings, new LocalExecutor(1), j, (round, probes, recorded) -> rounds[0]++);
        }
        assertEquals(0, rounds[0]);
        assertEquals(first.get(0).capacity(), second.get(0).capacity());
        assertTrue(second.get(0).atTarget() != null);
        assertEquals(c, PlanTable.cheapestAtTarget(second).candidate());
    }
}
