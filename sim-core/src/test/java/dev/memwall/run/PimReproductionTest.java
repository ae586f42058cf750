package dev.memwall.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.memory.MemoryModel;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.serving.TimingBackend;
import dev.memwall.testing.RepoPaths;

/**
 * LLMServingSim's two PIM examples in {@code lss} mode ({@code single_node_pim_instance}, its
 * DDR4 PIM device, {@code --enable-attn-offloading}, and with {@code
 * --enable-sub-batch-interleaving}): every request's end time, TTFT and TPOT within 1 % of its
 * committed outputs, and within the closeness this model reaches on them (measured: 0.0001 % for
 * offload alone, 0.0011 % interleaved), so that a regression shows before the 1 % bound breaks.
 */
class PimReproductionTest {
    @TempDir
    Path dir;

    private static Path lss() {
        Path shared = RepoPaths.shared();
        assumeTrue(shared != null, "../shared is absent");
        return shared.resolve("llmservingsim-files");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"example_pim_run, false, 0.00001", "example_pim_sub_batch_run, true, 0.00002"})
    void pimExampleIsReproducedPerRequest(String example, boolean interleave, double worstRelative) throws IOException {
        SimulationOptions options = SimulationOptions.defaults().toBuilder()
                .modelsDir(RepoPaths.root().resolve("configs/models"))
                .hardwareDir(RepoPaths.root().resolve("configs/hardware"))
                .profileDir(lss().resolve("profiler/perf")).timing(TimingBackend.PROFILE)
                .memoryModel(MemoryModel.LSS).attnOffloading(true).subBatchInterleaving(interleave)
                .pimDir(lss().resolve("configs/pim")).build();
        Path csv = dir.resolve(example + ".csv");
        SimulateJob.run(new SimulateJob.Inputs(lss().resolve("configs/cluster/single_node_pim_instance.json"),
                lss().resolve("workloads/example_trace.jsonl"), null, 0, options, csv, null, null, true),
                new PrintWriter(new StringWriter()));
        Path golden = lss().resolve("outputs/" + example + ".csv");
        LlmServingSimReproductionTest.assertWithinOnePercent(golden, csv);
        Map<String, CSVRecord> expected = LlmServingSimReproductionTest.byRequest(golden);
        Map<String, CSVRecord> actual = LlmServingSimReproductionTest.byRequest(csv);
        for (String id : expected.keySet()) {
            for (String column : new String[] {"end_time", "TTFT", "TPOT"}) {
                double e = Double.parseDouble(expected.get(id).get(column));
                double a = Double.parseDouble(actual.get(id).get(column));
                assertEquals(e, a, worstRelative * e, "request " + id + " " + column);
            }
        }
    }
}
