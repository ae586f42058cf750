package dev.memwall.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    /** Expert parallelism inside one instance (TP 2 = EP 2), alone and pipelined: TTFT, TPOT, end time and ITL exact. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example_moe_run:single_node_moe_single_instance",
        "example_moe_pp_run:single_node_moe_pp_instance"})
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
}
