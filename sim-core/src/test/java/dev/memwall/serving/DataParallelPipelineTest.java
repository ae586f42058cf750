package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/**
 * Data-parallel groups whose members are pipelines ({@code dp_group} with {@code pp_size > 1}):
 * waves enter the members' first stages together, then each member's batches flow through its
 * own stages.
 */
class DataParallelPipelineTest {
    @TempDir
    Path dir;

    private static final String INSTANCE = """
            {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
             "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
             "tp_size": 1, "pp_size": 2, "num_npus": 2, "pd_type": null%s}""";

    /** Two H100 pipelines of two stages on one node, in one dp_group or as independent instances. */
    private Path config(String dpGroup) throws IOException {
        String member = INSTANCE.formatted(dpGroup == null ? "" : ", \"dp_group\": \"" + dpGroup + "\"");
        Path file = dir.resolve((dpGroup == null ? "apart" : "group") + ".json");
        Files.writeString(file, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "nodes": [{"num_instances": 2,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [%s, %s]}]}
                """.formatted(member, member));
        return file;
    }

    private ClusterSimulation run(String dpGroup, FixedWorkload work) throws IOException {
        Path root = RepoPaths.root();
        SimulationOptions options = SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).keepTokenTimes(true).build();
        ClusterSimulation sim = ClusterBuilder.build(ClusterConfigLoader.load(config(dpGroup)), options, null)
                .simulation();
        sim.run(work, "test");
        return sim;
    }

    @Test
    void twinRequestsOnTwoMembersRunAsOnTwoIndependentPipelines() throws IOException {
        // One request per member, equal prompts and outputs, arriving together: every wave pads
        // nothing and waits for nobody, so each token comes exactly when it would on an
        // independent pipeline of the same shape.
        ClusterSimulation group = run("A", FixedWorkload.burst(2, 256, 40));
        ClusterSimulation apart = run(null, FixedWorkload.burst(2, 256, 40));
        RequestTable g = group.requests();
        RequestTable a = apart.requests();
        assertNotEquals(g.instance(0), g.instance(1), "one request per member");
        for (int r = 0; r < 2; r++) {
            for (int k = 0; k < 40; k++) {
                assertEquals(a.tokenTimeNs(r, k), g.tokenTimeNs(r, k), "request " + r + " token " + k);
            }
        }
    }

    @Test
    void aMemberDecodingAloneWaitsForTheOthersPrefillAtTheFirstStage() throws IOException {
        // Request 0 decodes on one member; 50 ms later a 4,000-token prompt arrives and goes to the
        // other. Apart, request 0's tokens keep their pace; in the group, the wave that carries the
        // long prefill on one member carries a dummy padded to 4,000 tokens on the other, so one of
        // request 0's inter-token times stretches to at least that prefill's first stage.
        ClusterSimulation group = run("A", decodeThenLongPrompt());
        ClusterSimulation apart = run(null, decodeThenLongPrompt());
        assertNotEquals(group.requests().instance(0), group.requests().instance(1));
        long longestApart = longestInterTokenNs(apart.requests(), 0, 200);
        long longestInGroup = longestInterTokenNs(group.requests(), 0, 200);
        long prefillNs = apart.requests().firstTokenNs(1) - 50_000_000L;
        assertTrue(longestInGroup > longestApart + prefillNs / 3,
                "longest gap in the group " + longestInGroup + " ns, apart " + longestApart + " ns, prefill "
                        + prefillNs + " ns");
        assertEquals(apart.requests().firstTokenNs(1), group.requests().firstTokenNs(1), 0.05 * prefillNs,
                "the prefill itself is not slowed by more than its wave's wait");
    }

    @Test
    void everyRequestOfAStreamFinishesAndEachMemberKeepsBothStagesBusy() throws IOException {
        int n = 200;
        long[] arrivals = new long[n];
        int[] prompts = new int[n];
        int[] outputs = new int[n];
        for (int i = 0; i < n; i++) {
            arrivals[i] = i * 4_000_000L;
            prompts[i] = 512;
            outputs[i] = 16;
        }
        ClusterSimulation group = run("A", new FixedWorkload(arrivals, prompts, outputs));
        for (int r = 0; r < n; r++) {
            assertTrue(group.requests().tokenTimeNs(r, 15) > arrivals[r], "request " + r + " finished");
        }
        for (int i = 0; i < 2; i++) {
            // Two stages with batches in flight at once: their busy times sum to more than the run.
            long stagesBusy = 2 * group.instanceStats(i).busyNs();
            assertTrue(stagesBusy > group.endTimeNs(), "member " + i + ": " + stagesBusy + " vs " + group.endTimeNs());
        }
    }

    private static FixedWorkload decodeThenLongPrompt() {
        return new FixedWorkload(new long[] {0, 50_000_000L}, new int[] {64, 4000}, new int[] {200, 2});
    }

    private static long longestInterTokenNs(RequestTable t, int r, int tokens) {
        long longest = 0;
        for (int k = 1; k < tokens; k++) {
            longest = Math.max(longest, t.tokenTimeNs(r, k) - t.tokenTimeNs(r, k - 1));
        }
        return longest;
    }
}
