package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code plan}: the table, the Pareto plot, the journal it resumes from, and bad input. */
class PlanCommandTest {
    @TempDir
    Path dir;

    private String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of(CliRun.catalogs()));
        a.addAll(List.of("--candidates", CliRun.root().resolve("configs/cluster/two_instance_h100.json") + ","
                + CliRun.root().resolve("configs/cluster/single_node_single_instance.json"),
                "--dataset", CliRun.root().resolve("workloads/example-poisson-200.jsonl").toString(),
                "--num-reqs", "60", "--out", dir.resolve("plan").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void ranksTheCandidatesAndDrawsTheParetoPlot() throws Exception {
        CliRun r = CliRun.run("plan", args("--slo", "ttft_p99<=200ms", "--rates", "1:64", "--target-rate", "2"));
        assertEquals(0, r.exitCode, r.err);
        String md = Files.readString(dir.resolve("plan/plan.md"));
        assertTrue(md.contains("| 1 | ") && md.contains("| 2 | "), md);
        assertTrue(md.contains("two_instance_h100") && md.contains("single_node_single_instance"), md);
        assertTrue(md.contains("Cheapest candidate reaching 2 req/s within the SLO:"), md);
        byte[] png = Files.readAllBytes(dir.resolve("plan/pareto.png"));
        assertTrue(png.length > 1000 && png[1] == 'P', "pareto.png");
        CliRun again = CliRun.run("plan", args("--slo", "ttft_p99<=200ms", "--rates", "1:64", "--target-rate", "2"));
        assertEquals(0, again.exitCode, again.err);
        assertFalse(again.out.contains("plan: round"), "a second run ran probes again: " + again.out);
    }

    @Test
    void readsShippedClusterConfigsFromTheJarOutsideTheRepository() throws Exception {
        // The tests run in benchmarks/, which has no configs/ of its own: as a user elsewhere, with
        // neither the configs nor the model and hardware catalogs on disk.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("configs")), "a configs/ here");
        CliRun r = CliRun.run("plan", "--candidates",
                "configs/cluster/two_instance_h100.json,configs/cluster/two_instance_h100_cxl.json",
                "--dataset", CliRun.root().resolve("workloads/example-poisson-200.jsonl").toString(),
                "--num-reqs", "40", "--slo", "tpot_p99<=400ms", "--rates", "1:8",
                "--out", dir.resolve("plan").toString());
        assertEquals(0, r.exitCode, r.err);
        String md = Files.readString(dir.resolve("plan/plan.md"));
        assertTrue(md.contains("two_instance_h100 ") && md.contains("two_instance_h100_cxl"), md);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--rates|8:2|plan: --rates: needs 0 < lo < hi (got '8:2')",
        "--rates|fast|plan: --rates: expected LO:HI in req/s, e.g. 1:32 (got 'fast')",
        "--slo|ttft=1|plan: --slo: 'ttft=1' is not <name><op><value>",
        "--target-rate|-3|plan: --target-rate: must be a number > 0 (got -3.0)"})
    void badInputIsOneLineAndExitTwo(String flag, String value, String expected) {
        List<String> a = new ArrayList<>(List.of(args(flag, value)));
        if (!flag.equals("--slo")) {
            a.addAll(List.of("--slo", "ttft_p99<=1s"));
        }
        CliRun r = CliRun.run("plan", a.toArray(String[]::new));
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.err.strip().startsWith(expected), r.err);
        assertFalse(r.err.strip().contains("\n"), r.err);
    }

    @Test
    void anSloIsRequired() {
        CliRun r = CliRun.run("plan", args());
        assertEquals(2, r.exitCode, r.err);
        assertEquals("plan: --slo: required (e.g. ttft_p99<=2s,tpot_p99<=100ms)", r.err.strip());
    }
}
