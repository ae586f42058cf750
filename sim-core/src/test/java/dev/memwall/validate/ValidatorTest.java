package dev.memwall.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.EngineCatalog;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.RooflineTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.result.Metric;
import dev.memwall.result.RunResult;
import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelShape;
import dev.memwall.run.SimulateJob;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.serving.TimingBackend;
import dev.memwall.testing.RepoPaths;

/** Validator on the repository's own configs and small made-up measurements (no ../shared needed). */
class ValidatorTest {
    @TempDir
    Path dir;

    private ValidationCase read(String name, String json) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, json);
        return CaseFiles.read(file);
    }

    private static String servingCase(String measuredCsv, String row) {
        return """
                {"title": "t", "kind": "serving",
                 "cluster_config": "configs/cluster/single_node_single_instance.json",
                 "trace": "workloads/example-poisson-200.jsonl", "timing": "roofline",
                 "measured": {"format": "summary_csv", "file": "%s", "row": {"run": "%s"},
                   "columns": {"ttft_mean": "ttft_ms", "tpot_mean": "tpot_ms"}, "unit": "ms", "count_column": "n"},
                 "gate": {"tpot_mean": 10}}
                """.formatted(measuredCsv, row);
    }

    @Test
    void aServingCaseSimulatesWhatSimulateSimulatesAndPairsItWithTheMeasuredRow() throws IOException {
        Path csv = dir.resolve("measured.csv");
        Files.writeString(csv, "run,ttft_ms,tpot_ms,n\nother,1,1,5\nours,40.5,8.25,200\n");
        ValidationCase c = read("case", servingCase(csv.toString(), "ours"));
        CaseResult r = new Validator(RepoPaths.root()).run(c);

        Path root = RepoPaths.root();
        SimulationOptions options = SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).timing(TimingBackend.ROOFLINE).build();
        RunResult s = SimulateJob.run(new SimulateJob.Inputs(root.resolve("configs/cluster/single_node_single_instance.json"),
                root.resolve("workloads/example-poisson-200.jsonl"), null, 0, options, null, null, null, true),
                new PrintWriter(new StringWriter()));

        assertEquals(List.of("ttft_mean", "tpot_mean"), r.rows().stream().map(MetricRow::id).toList());
        assertEquals(40.5, r.rows().get(0).measured(), 1e-12);
        assertEquals(8.25, r.rows().get(1).measured(), 1e-12);
        assertEquals(s.latency().ttft.meanNs() / 1e6, r.rows().get(0).simulated(), 1e-9);
        assertEquals(s.latency().tpot.meanNs() / 1e6, r.rows().get(1).simulated(), 1e-9);
        assertEquals(List.of("H100"), r.rooflineHardware());
        assertEquals("measured: " + csv + ", row run=ours: 200 requests", r.context().get(1));
    }

    @Test
    void aRowSelectionThatMatchesNothingNamesTheCaseAndPath() throws IOException {
        Path csv = dir.resolve("measured.csv");
        Files.writeString(csv, "run,ttft_ms,tpot_ms,n\nours,40.5,8.25,200\n");
        ValidationCase c = read("case", servingCase(csv.toString(), "theirs"));
        InputException e = assertThrows(InputException.class, () -> new Validator(RepoPaths.root()).run(c));
        assertEquals(dir.resolve("case.json") + ": measured.row: 0 rows of " + csv + " match run=theirs (expected"
                + " exactly 1; columns: run, ttft_ms, tpot_ms, n)", e.getMessage());
    }

    @Test
    void aCaseWhoseFilesAreAbsentIsSkippedNamingTheFileAsWritten() throws IOException {
        ValidationCase c = read("case", servingCase("../shared/validation/nowhere.csv", "ours"));
        CaseResult r = new Validator(RepoPaths.root()).run(c);
        assertEquals("../shared/validation/nowhere.csv not found", r.skipped());
        assertEquals(CaseResult.Status.SKIPPED, r.status());
    }

    @Test
    void iterationTimesAverageTheRepeatsAndTimeSingleRooflineIterations() throws IOException {
        Path csv = dir.resolve("perf.csv");
        Files.writeString(csv, """
                model,hardware,prompt_size,batch_size,token_size,prompt_time,token_time,tensor_parallel
                m,h100-80gb,128,1,128,50,30,8
                m,h100-80gb,128,1,128,54,32,8
                m,h100-80gb,512,1,128,60,31,8
                m,h100-80gb,512,2,128,99,33,8
                m,a100-80gb,512,2,128,1,1,8
                """);
        ValidationCase c = read("case", """
                {"title": "t", "kind": "iteration_times", "model": "meta-llama/Llama-2-70b-hf", "hardware": "H100", "engine": "vllm-0.6",
                 "tp_size": 8,
                 "measured": {"format": "splitwise_csv", "file": "%s", "row": {"hardware": "h100-80gb"}},
                 "prompt_sizes": [128, 512], "batch_sizes": [1, 2], "reference_prompt_size": 512, "token_size": 128}
                """.formatted(csv));
        CaseResult r = new Validator(RepoPaths.root()).run(c);

        Path root = RepoPaths.root();
        ModelShape shape = ModelShape.of(ModelCatalog.load(root.resolve("configs/models"), "meta-llama/Llama-2-70b-hf",
                "test"), DType.FLOAT16, DType.FLOAT16, 8);
        RooflineTimeModel roofline = new RooflineTimeModel(shape,
                HardwareCatalog.load(root.resolve("configs/hardware"), "H100", "test"),
                EngineCatalog.load(root.resolve("configs/engines"), "vllm-0.6", "test"), DType.FLOAT16, "test");
        double prompt128 = iterationMs(roofline, 1, 128, 0);
        double prompt512 = iterationMs(roofline, 1, 512, 0);
        double decode1 = iterationMs(roofline, 1, 1, 576);
        double decode2 = iterationMs(roofline, 2, 1, 576);

        assertEquals(List.of("prompt_ms_128", "prompt_ms_512", "prompt_ratio_128", "token_ms_b1", "token_ms_b2",
                "token_ratio_b2"), r.rows().stream().map(MetricRow::id).toList());
        assertRow(r.rows().get(0), 52, prompt128);
        assertRow(r.rows().get(1), 60, prompt512);
        assertRow(r.rows().get(2), 52.0 / 60, prompt128 / prompt512);
        assertRow(r.rows().get(3), 31, decode1);
        assertRow(r.rows().get(4), 33, decode2);
        assertRow(r.rows().get(5), 33.0 / 31, decode2 / decode1);
        assertEquals(CaseResult.Status.SHOWN, r.status());
    }

    private static double iterationMs(RooflineTimeModel roofline, int sequences, int newTokens, int context) {
        BatchShape b = new BatchShape();
        for (int s = 0; s < sequences; s++) {
            b.add(newTokens, context);
        }
        return roofline.iterationNs(b) / 1e6;
    }

    private static void assertRow(MetricRow row, double measured, double simulated) {
        assertEquals(measured, row.measured(), 1e-9, row.id());
        assertEquals(simulated, row.simulated(), 1e-9, row.id());
    }
}
