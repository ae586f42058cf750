package dev.memwall.run;

import dev.memwall.memory.MemoryModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.result.Metric;
import dev.memwall.result.RunResult;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.serving.TimingBackend;
import dev.memwall.testing.RepoPaths;

/**
 * LLMServingSim's own runs reproduced: its two golden per-request files
 * ({@code outputs/example_single_run.csv}, and {@code example_cxl_run.csv} in {@code lss} mode) to
 * the byte, and every run of reference §5's measured table within 2% on mean TPOT. All on its
 * sample profile bundle (RTXPRO6000, Llama-3.1-8B, bf16) with its 10-request example trace.
 */
class LlmServingSimReproductionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Path lss() {
        Path shared = RepoPaths.shared();
        assumeTrue(shared != null, "../shared is absent");
        return shared.resolve("llmservingsim-files");
    }

    static SimulationOptions options(MemoryModel model) {
        return SimulationOptions.defaults().toBuilder()
                .modelsDir(RepoPaths.root().resolve("configs/models"))
                .hardwareDir(RepoPaths.root().resolve("configs/hardware"))
                .profileDir(lss().resolve("profiler/perf")).timing(TimingBackend.PROFILE)
                .memoryModel(model).build();
    }

    private RunResult run(Path config, MemoryModel model, Path csv) {
        SimulateJob.Inputs in = new SimulateJob.Inputs(config, lss().resolve("workloads/example_trace.jsonl"), null, 0,
                options(model), csv, null, null, true);
        return SimulateJob.run(in, new PrintWriter(new StringWriter()));
    }

    @Test
    void singleInstanceExampleIsReproducedToTheByte() throws IOException {
        Path csv = dir.resolve("single.csv");
        run(lss().resolve("configs/cluster/single_node_single_instance.json"), MemoryModel.PHYSICAL, csv);
        Path golden = lss().resolve("outputs/example_single_run.csv");
        assertWithinOnePercent(golden, csv);
        assertEquals(Files.readString(golden).replace("\r", ""), Files.readString(csv));
    }

    @Test
    void cxlExampleIsReproducedToTheByteInLssMode() throws IOException {
        Path csv = dir.resolve("cxl.csv");
        run(lss().resolve("configs/cluster/single_node_cxl_instance.json"), MemoryModel.LSS, csv);
        Path golden = lss().resolve("outputs/example_cxl_run.csv");
        assertWithinOnePercent(golden, csv);
        assertEquals(Files.readString(golden).replace("\r", ""), Files.readString(csv));
    }

    /** A committed example: its output, its config, and the flags of LLMServingSim's run.sh beside --dtype, --block-size. */
    record Example(String output, String config, java.util.function.UnaryOperator<SimulationOptions.Builder> flags,
            boolean toTheByte) {
        @Override
        public String toString() {
            return output;
        }
    }

    static List<Example> parallelExamples() {
        java.util.function.UnaryOperator<SimulationOptions.Builder> none = b -> b;
        java.util.function.UnaryOperator<SimulationOptions.Builder> cpuPool = b -> b.prefixCaching(true)
                .prefixSharing(true).prefixStorage(dev.memwall.serving.PrefixStorage.CPU);
        return List.of(
                new Example("example_multi_run", "single_node_multi_instance", none, true),
                new Example("example_pd_run", "single_node_pd_instance", none, true),
                new Example("example_prefix_cpu_mem_pool_run", "single_node_multi_instance", cpuPool, true),
                new Example("example_dual_prefix_cpu_mem_pool_run", "dual_node_multi_instance", cpuPool, true),
                new Example("example_pp_run", "single_node_pp_instance", none, false),
                new Example("example_tp_pp_run", "single_node_tp_pp_instance", none, false),
                new Example("example_dp_run", "single_node_dp_instance", none, true),
                // The power block prices energy and changes no timing: LLMServingSim's own output is
                // byte-identical to its single run.
                new Example("example_power_run", "single_node_power_instance", none, true));
    }

    /**
     * Multi-instance, prefill/decode disaggregation, shared CPU prefix pools, pipeline, tensor x
     * pipeline and data parallelism in lss mode: every request's TTFT, TPOT and end time exactly as LLMServingSim's (most files to the
     * byte; the pipelined ones differ only in queuing_delay, a poll's ordering inside ASTRA-Sim).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("parallelExamples")
    void parallelExampleIsReproducedPerRequest(Example e) throws IOException {
        Path csv = dir.resolve(e.output() + ".csv");
        SimulationOptions options = e.flags().apply(options(MemoryModel.LSS).toBuilder()).build();
        SimulateJob.run(new SimulateJob.Inputs(lss().resolve("configs/cluster/" + e.config() + ".json"),
                lss().resolve("workloads/example_trace.jsonl"), null, 10, options, csv, null, null, true),
                new PrintWriter(new StringWriter()));
        Path golden = lss().resolve("outputs/" + e.output() + ".csv");
        assertWithinOnePercent(golden, csv);
        Map<String, CSVRecord> expected = byRequest(golden);
        Map<String, CSVRecord> actual = byRequest(csv);
        for (String id : expected.keySet()) {
            for (String column : List.of("instance id", "TTFT", "TPOT", "end_time", "ITL")) {
                assertEquals(expected.get(id).get(column), actual.get(id).get(column), "request " + id + " " + column);
            }
        }
        if (e.toTheByte()) {
            assertEquals(Files.readString(golden).replace("\r", ""), Files.readString(csv));
        }
    }

    static List<Arguments> benchRuns() {
        return List.of(
                Arguments.of("RTXPRO6000/meta-llama/Llama-3.1-8B", "RTXPRO6000/Llama-3.1-8B",
                        "sharegpt-llama-3.1-8b-300-sps10", 128),
                Arguments.of("RTXPRO6000/Qwen/Qwen3-32B (TP2)", "RTXPRO6000/Qwen3-32B", "sharegpt-qwen3-32b-300-sps10", 128),
                Arguments.of("RTX4090/meta-llama/Llama-3.1-8B", "RTX4090/Llama-3.1-8B",
                        "sharegpt-llama-3.1-8b-300-sps10", 256));
    }

    /**
     * LLMServingSim's 300-request ShareGPT bench runs (bench/examples: its config, the trace of the
     * model's tokenizer, max-num-seqs as its sim.log records), reproduced to the byte: chunked
     * prefills, prefix hits, the attention table's rows with decodes for batches with decodes, the
     * host-memory operations, queuing_delay to the prompt's last chunk, TP all-reduces on ASTRA-Sim.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("benchRuns")
    void benchRunIsReproducedToTheByte(String name, String bench, String trace, int maxNumSeqs) throws IOException {
        Path dirOf = lss().resolve("bench/examples/" + bench);
        Path csv = dir.resolve("bench.csv");
        SimulationOptions options = options(MemoryModel.LSS).toBuilder().maxNumSeqs(maxNumSeqs)
                .modelsDir(lss().resolve("configs/model")).build();
        SimulateJob.run(new SimulateJob.Inputs(dirOf.resolve("config.json"),
                lss().resolve("workloads/" + trace + ".jsonl"), null, 0, options, csv, null, null, true),
                new PrintWriter(new StringWriter()));
        Path golden = dirOf.resolve("outputs/sim.csv");
        assertWithinOnePercent(golden, csv);
        assertEquals(Files.readString(golden).replace("\r", ""), Files.readString(csv));
    }

    /** The criterion: per-request TTFT, TPOT and end time each within 1%. */
    static void assertWithinOnePercent(Path golden, Path ours) throws IOException {
        Map<String, CSVRecord> expected = byRequest(golden);
        Map<String, CSVRecord> actual = byRequest(ours);
        assertEquals(expected.keySet(), actual.keySet());
        for (String id : expected.keySet()) {
            for (String column : List.of("TTFT", "TPOT", "end_time")) {
                double e = Double.parseDouble(expected.get(id).get(column));
                double a = Double.parseDouble(actual.get(id).get(column));
                assertEquals(e, a, 0.01 * e, "request " + id + " " + column);
            }
        }
    }

    static Map<String, CSVRecord> byRequest(Path csv) throws IOException {
        Map<String, CSVRecord> rows = new HashMap<>();
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(Files.newBufferedReader(csv))) {
            for (CSVRecord r : p) {
                rows.put(r.get("request id"), r);
            }
        }
        return rows;
    }

    // ---- reference §5's table: measured by running LLMServingSim --------------------------------

    static List<Arguments> referenceTable() {
        return List.of(
                Arguments.of("all on NPU (baseline)", 11.1, edit("single_node_memory_instance.json", c -> { })),
                Arguments.of("bundled CXL config", 112.8, edit("single_node_cxl_instance.json", c -> { })),
                Arguments.of("bundled CXL config, cxl bw 120", 56.8,
                        edit("single_node_cxl_instance.json", c -> cxl(c).put("mem_bw", 120))),
                Arguments.of("bundled CXL config, cxl latency 100 us", 120.6,
                        edit("single_node_cxl_instance.json", c -> cxl(c).put("mem_latency", 100_000))),
                Arguments.of("all weights on cxl:0", 268.4,
                        edit("single_node_cxl_instance.json", c -> allWeightsOn(instance(c, 0), "cxl:0"))),
                Arguments.of("8 blocks per device, embedding and lm_head on NPU", 66.8,
                        edit("single_node_cxl_instance.json", c -> eightBlocksPerDevice(instance(c, 0)))),
                Arguments.of("all weights on CPU (256 GB/s)", 63.5,
                        edit("single_node_cxl_instance.json", c -> allWeightsOn(instance(c, 0), "cpu"))),
                Arguments.of("2 instances, both all on cxl:0", 534.7,
                        edit("single_node_cxl_instance.json", c -> twoInstances(c, "cxl:0", "cxl:0"))),
                Arguments.of("2 instances on cxl:0 / cxl:1", 268.4,
                        edit("single_node_cxl_instance.json", c -> twoInstances(c, "cxl:0", "cxl:1"))));
    }

    @ParameterizedTest(name = "{0}: {1} ms")
    @MethodSource("referenceTable")
    void referenceTableRunIsReproducedWithinTwoPercent(String name, double tpotMs, Edit edit) throws IOException {
        Path config = dir.resolve("cluster.json");
        ObjectNode root = (ObjectNode) JSON.readTree(lss().resolve("configs/cluster/" + edit.sample()).toFile());
        edit.change().accept(root);
        JSON.writeValue(config.toFile(), root);
        RunResult s = run(config, MemoryModel.LSS, null);
        assertEquals(10, s.count(Metric.COMPLETED));
        assertEquals(tpotMs, s.latency().tpot.meanNs() / 1e6, 0.02 * tpotMs, name);
    }

    /** A shared sample config and how to change it. */
    record Edit(String sample, Consumer<ObjectNode> change) {
        @Override
        public String toString() {
            return sample;
        }
    }

    private static Edit edit(String sample, Consumer<ObjectNode> change) {
        return new Edit(sample, change);
    }

    private static ObjectNode cxl(ObjectNode root) {
        return (ObjectNode) root.get("cxl_mem");
    }

    private static ObjectNode instance(ObjectNode root, int i) {
        return (ObjectNode) root.get("nodes").get(0).get("instances").get(i);
    }

    private static void allWeightsOn(ObjectNode instance, String location) {
        ObjectNode placement = JSON.createObjectNode();
        placement.putObject("default").put("weights", location);
        instance.set("placement", placement);
    }

    private static void eightBlocksPerDevice(ObjectNode instance) {
        ObjectNode placement = JSON.createObjectNode();
        placement.putObject("default").put("weights", "npu");
        ArrayNode blocks = placement.putArray("blocks");
        for (int d = 0; d < 4; d++) {
            blocks.addObject().put("blocks", (8 * d) + "-" + (8 * d + 7)).put("weights", "cxl:" + d);
        }
        instance.set("placement", placement);
    }

    private static void twoInstances(ObjectNode root, String first, String second) {
        cxl(root).put("num_devices", 2);
        ObjectNode node = (ObjectNode) root.get("nodes").get(0);
        ArrayNode instances = (ArrayNode) node.get("instances");
        ObjectNode a = instances.get(0).deepCopy();
        ObjectNode b = instances.get(0).deepCopy();
        allWeightsOn(a, first);
        allWeightsOn(b, second);
        instances.removeAll();
        instances.add(a);
        instances.add(b);
        node.put("num_instances", 2);
    }
}
