package dev.memwall.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.memwall.memory.MemoryModel;
import dev.memwall.serving.SimulationOptions;

/**
 * LLMServingSim's MoE examples (Qwen3-30B-A3B on RTXPRO6000, its {@code tp1/moe.csv}, BALANCED
 * gate, EP reduce-scatter and all-gather on ASTRA-Sim's ring) reproduced in {@code lss} mode, per
 * request, from its committed outputs and configs under {@code ../shared}.
 */
class MoeReproductionTest {
    @TempDir
    Path dir;

    private Path run(String config, String output) {
        Path lss = LlmServingSimReproductionTest.lss();
        Path csv = dir.resolve(output + ".csv");
        SimulationOptions options = LlmServingSimReproductionTest.options(MemoryModel.LSS);
        SimulateJob.run(new SimulateJob.Inputs(lss.resolve("configs/cluster/" + config + ".json"),
                lss.resolve("workloads/example_trace.jsonl"), null, 10, options, csv, null, null, true),
                new PrintWriter(new StringWriter()));
        return csv;
    }

    /**
     * Expert parallelism inside one instance (TP 2 = EP 2), alone and pipelined, and over a
     * data-parallel group of two TP 2 members (EP 2 across them: once both have work, LLMServingSim's
     * members take turns, each running its real batch every other wave, lss-parity §14): TTFT,
     * TPOT, end time and ITL exact.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example_moe_run:single_node_moe_single_instance",
        "example_moe_pp_run:single_node_moe_pp_instance",
        "example_moe_dp_tp_run:single_node_moe_dp_tp_instance"})
    void moeExampleIsReproducedPerRequest(String example) throws IOException {
        String[] parts = example.split(":");
        Path csv = run(parts[1], parts[0]);
        Path golden = LlmServingSimReproductionTest.lss().resolve("outputs/" + parts[0] + ".csv");
        LlmServingSimReproductionTest.assertWithinOnePercent(golden, csv);
        Map<String, CSVRecord> expected = LlmServingSimReproductionTest.byRequest(golden);
        Map<String, CSVRecord> actual = LlmServingSimReproductionTest.byRequest(csv);
        for (String id : expected.keySet()) {
            for (String column : List.of("TTFT", "TPOT", "end_time", "ITL")) {
                assertEquals(expected.get(id).get(column), actual.get(id).get(column), "request " + id + " " + column);
            }
        }
    }

    /**
     * The same group on two nodes ({@code example_dual_moe_dp_ep_run}: EP 4 over two TP 2 members,
     * each EP collective ASTRA-Sim's hierarchical ring, over a member's two GPUs on the first network
     * dimension, 128 GB/s and 500 ns, then across the nodes on the second, 16 GB/s and 20 us): every
     * request within 1 % (measured: end time 0.0 %, TPOT 0.1 %, TTFT 0.9 %).
     */
    @org.junit.jupiter.api.Test
    void moeDataParallelGroupAcrossTwoNodesIsWithinOnePercent() throws IOException {
        Path csv = run("dual_node_moe_dp_ep_intra_inter_instance", "example_dual_moe_dp_ep_run");
        LlmServingSimReproductionTest.assertWithinOnePercent(
                LlmServingSimReproductionTest.lss().resolve("outputs/example_dual_moe_dp_ep_run.csv"), csv);
    }

    /**
     * Data-parallel members with pipeline stages (LLMServingSim's {@code example_moe_dp_pp_run},
     * {@code example_moe_dp_tp_pp_run}) run every request. They are not reproduced: memwall's
     * waves meet at the first stage and the members time their EP collectives alone, while
     * LLMServingSim's members alternate (lss-parity §6). Measured: mean end time -1.0 % and
     * +9.2 %, mean TPOT -3.1 % and +18.4 %; this keeps them within 10 % and 25 %.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example_moe_dp_pp_run:single_node_moe_dp_pp_instance",
        "example_moe_dp_tp_pp_run:single_node_moe_dp_tp_pp_instance"})
    void pipelinedDataParallelExampleRunsEveryRequestNearLlmServingSim(String example) throws IOException {
        String[] parts = example.split(":");
        Path csv = run(parts[1], parts[0]);
        Map<String, CSVRecord> expected = LlmServingSimReproductionTest.byRequest(
                LlmServingSimReproductionTest.lss().resolve("outputs/" + parts[0] + ".csv"));
        Map<String, CSVRecord> actual = LlmServingSimReproductionTest.byRequest(csv);
        assertEquals(expected.keySet(), actual.keySet());
        assertEquals(mean(expected, "end_time"), mean(actual, "end_time"), 0.10 * mean(expected, "end_time"));
        assertEquals(mean(expected, "TPOT"), mean(actual, "TPOT"), 0.25 * mean(expected, "TPOT"));
    }

    /**
     * LLMServingSim's DP+EP bench (bench/examples, RTXPRO6000 Qwen3-30B-A3B: two TP 1 members of
     * one dp_group, EP 2 across them, 300 ShareGPT requests): mean TTFT and mean TPOT within 2% of
     * its sim.csv.
     */
    @org.junit.jupiter.api.Test
    void dataParallelExpertParallelBenchMeansAreWithinTwoPercent() throws IOException {
        Path lss = LlmServingSimReproductionTest.lss();
        Path bench = lss.resolve("bench/examples/RTXPRO6000/Qwen3-30B-A3B-Instruct-2507");
        Path csv = dir.resolve("bench.csv");
        SimulationOptions options = LlmServingSimReproductionTest.options(MemoryModel.LSS).toBuilder().maxNumSeqs(128)
                .modelsDir(lss.resolve("configs/model")).build();
        dev.memwall.result.RunResult result = SimulateJob.run(new SimulateJob.Inputs(bench.resolve("config.json"),
                lss.resolve("workloads/sharegpt-qwen3-30b-a3b-300-sps10.jsonl"), null, 0, options, csv, null, null, true),
                new PrintWriter(new StringWriter()));
        Map<String, CSVRecord> expected = LlmServingSimReproductionTest.byRequest(bench.resolve("outputs/sim.csv"));
        Map<String, CSVRecord> actual = LlmServingSimReproductionTest.byRequest(csv);
        assertEquals(expected.keySet(), actual.keySet());
        // the run ends with its last request (a member whose coupled part outlasts its own timing must
        // still be polled at its real end, not at the end of time)
        double lastEndS = actual.values().stream().mapToDouble(r -> Double.parseDouble(r.get("end_time"))).max()
                .orElseThrow() / 1e9;
        assertEquals(lastEndS, result.get(dev.memwall.result.Metric.SIMULATED_SECONDS), 1e-6);
        for (String column : List.of("TTFT", "TPOT")) {
            double e = mean(expected, column);
            double a = mean(actual, column);
            System.out.printf("bench mean %s: LLMServingSim %.0f ns, memwall %.0f ns (%+.2f %%)%n", column, e, a,
                    100 * (a - e) / e);
            assertEquals(e, a, 0.02 * e, "mean " + column);
        }
    }

    /**
     * The DP+EP bench's members each hold half the experts, as LLMServingSim's first heartbeat
     * shows: an NPU's memory use (MiB) less the KV of the prompt tokens its instance has taken
     * (96 KiB per token: 48 layers x 4 KV heads x 128 x K and V x 2 bytes) is its weights.
     */
    @org.junit.jupiter.api.Test
    void dataParallelMembersHoldHalfTheExpertsAsLlmServingSimsBenchLogShows() throws IOException {
        Path bench = LlmServingSimReproductionTest.lss().resolve("bench/examples/RTXPRO6000/Qwen3-30B-A3B-Instruct-2507");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "Memory Usage ([0-9.]+) MB .*\\(0 / ([0-9]+)\\)").matcher(Files.readString(bench.resolve("outputs/sim.log")));
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), "no heartbeat in sim.log");
        double weightsMib = Double.parseDouble(m.group(1)) - Long.parseLong(m.group(2)) * 96.0 / 1024;
        SimulationOptions options = LlmServingSimReproductionTest.options(MemoryModel.LSS).toBuilder()
                .modelsDir(LlmServingSimReproductionTest.lss().resolve("configs/model")).build();
        dev.memwall.serving.ClusterBuilder.Built built = dev.memwall.serving.ClusterBuilder.build(
                dev.memwall.config.ClusterConfigLoader.load(bench.resolve("config.json")), options, null);
        for (dev.memwall.serving.ClusterBuilder.ResolvedInstance ri : built.instances()) {
            assertEquals(weightsMib, ri.weightsHbmBytes() / 1048576.0, 0.005 * weightsMib, "instance " + ri.id());
        }
    }

    private static double mean(Map<String, CSVRecord> rows, String column) {
        return rows.values().stream().mapToDouble(r -> Double.parseDouble(r.get(column))).average().orElseThrow();
    }
}
