package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed config, trace or flag ends in exit code 2 with one line on stderr that names
 * the file and the JSON path or line, and no stack trace.
 */
class BadInputTest {
    @TempDir
    static Path dir;

    private static final String GOOD_CLUSTER = """
            {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
             "nodes": [{"num_instances": 1,
               "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
               "instances": [{"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                 "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                 "num_npus": 1, "tp_size": 1, "pd_type": null}]}]}
            """;

    private static final String BOOK = """
            {"name": "test", "date": "2026-12-02", "currency": "USD",
             "gpus": {"A100": {"usd_per_hour": {"value": 1.3, "source": "test"}}},
             "memory": {"host_dram_usd_per_gb": {"value": null, "source": "included"},
               "cxl_usd_per_gb": {"value": 7, "source": "test"}, "cxl_usd_per_device": {"value": 1000, "source": "test"},
               "amortisation_years": {"value": 3, "source": "test"}},
             "electricity": {"usd_per_kwh": {"value": 0.085, "source": "test"}, "pue": {"value": 1.5, "source": "test"},
               "billed": "cxl", "billed_source": "test"}}
            """;

    static Case prices(String name, String content, String expected) {
        return new Case(name, "prices.json", content, List.of("--prices", "@FILE"), expected);
    }

    /** A case: its name, the file it writes (or null), the arguments, and what stderr must contain. */
    record Case(String name, String fileName, String content, List<String> args, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case config(String name, String content, String expected) {
        return new Case(name, "cluster.json", content, List.of("--cluster-config", "@FILE"), expected);
    }

    static Case trace(String name, String fileName, String content, String expected) {
        return new Case(name, fileName, content, List.of("--dataset", "@FILE"), expected);
    }

    static Case flags(String name, String expected, String... args) {
        return new Case(name, null, null, List.of(args), expected);
    }

    static Stream<Case> cases() {
        return Stream.of(
                config("wrong type", GOOD_CLUSTER.replace("\"num_instances\": 1", "\"num_instances\": \"one\""),
                        "cluster.json: nodes[0].num_instances: expected an integer"),
                config("negative memory size", GOOD_CLUSTER.replace("\"mem_size\": 80", "\"mem_size\": -4"),
                        "cluster.json: nodes[0].instances[0].npu_mem.mem_size: must be in (0, 1048576] GB (got -4)"),
                config("missing field", GOOD_CLUSTER.replace("\"mem_bw\": 250, ", ""),
                        "cluster.json: nodes[0].cpu_mem: missing required key 'mem_bw'"),
                config("unknown key suggests the nearest", GOOD_CLUSTER.replace("\"tp_size\"", "\"tp_szie\""),
                        "did you mean 'tp_size'?"),
                config("truncated JSON", GOOD_CLUSTER.substring(0, 120), "cluster.json:"),
                config("count mismatch", GOOD_CLUSTER.replace("\"num_nodes\": 1", "\"num_nodes\": 2"),
                        "cluster.json: num_nodes"),
                config("unknown model", GOOD_CLUSTER.replace("Llama-3.1-8B", "Llama-9-1T"),
                        "nodes[0].instances[0].model_name: unknown model 'meta-llama/Llama-9-1T'"),
                config("unknown hardware", GOOD_CLUSTER.replace("\"H100\"", "\"H900\""),
                        "nodes[0].instances[0].hardware: unknown hardware 'H900'"),
                config("more pipeline stages than decoder blocks",
                        GOOD_CLUSTER.replace("\"num_npus\": 1, \"tp_size\": 1", "\"num_npus\": 40, \"pp_size\": 40"),
                        "nodes[0].instances[0].pp_size: 40 pipeline stages but meta-llama/Llama-3.1-8B has only 32"
                                + " decoder blocks"),
                config("ep_size not dividing the experts", GOOD_CLUSTER.replace("meta-llama/Llama-3.1-8B",
                        "Qwen/Qwen3-30B-A3B-Instruct-2507").replace("\"num_npus\": 1, \"tp_size\": 1",
                        "\"num_npus\": 4, \"tp_size\": 4, \"ep_size\": 3"),
                        "cluster.json: nodes[0].instances[0].ep_size: ep_size 3 does not divide the 128 experts of"
                                + " Qwen/Qwen3-30B-A3B-Instruct-2507"),
                config("ep_size on a dense model", GOOD_CLUSTER.replace("\"num_npus\": 1, \"tp_size\": 1",
                        "\"num_npus\": 2, \"tp_size\": 2, \"ep_size\": 2"),
                        "cluster.json: nodes[0].instances[0].ep_size: ep_size 2 needs an MoE model"),
                flags("unknown expert routing policy", "--expert-routing-policy: unknown expert routing policy 'SKEW'",
                        "--expert-routing-policy", "SKEW"),
                flags("ZIPF without a positive exponent", "--expert-routing-policy: ZIPF exponent -1 must be in (0, 10]",
                        "--expert-routing-policy", "ZIPF:-1"),
                config("prefill instances with no decode instance",
                        GOOD_CLUSTER.replace("\"pd_type\": null", "\"pd_type\": \"prefill\""),
                        "nodes[0].instances[0].pd_type: \"prefill\" instances need a \"decode\" instance"),
                config("placement naming a missing CXL device", GOOD_CLUSTER.replace("\"pd_type\": null",
                        "\"pd_type\": null, \"placement\": {\"default\": {\"weights\": \"cxl:0\"}}"),
                        "nodes[0].instances[0].placement.default.weights"),
                config("placement of a block the model lacks", GOOD_CLUSTER.replace("\"pd_type\": null",
                        "\"pd_type\": null, \"placement\": {\"blocks\": [{\"blocks\": \"30-40\", \"weights\": \"cpu\"}]}"),
                        "nodes[0].instances[0].placement.blocks[0].blocks: block 32 is out of range"),
                config("placement of an unknown layer", GOOD_CLUSTER.replace("\"pd_type\": null",
                        "\"pd_type\": null, \"placement\": {\"layers\": {\"qkv\": {\"weights\": \"cpu\"}}}"),
                        "nodes[0].instances[0].placement.layers.qkv: unknown layer 'qkv'"),
                config("weights larger than host memory", GOOD_CLUSTER.replace("\"mem_size\": 512", "\"mem_size\": 8")
                        .replace("\"pd_type\": null", "\"pd_type\": null, \"placement\": {\"default\": {\"weights\": \"cpu\"}}"),
                        "node0.cpu_mem: the weights placed on it need"),
                config("weights do not fit", GOOD_CLUSTER.replace("Llama-3.1-8B", "Llama-3.1-70B"),
                        "the weights do not fit in HBM"),
                config("not JSON at all", "num_nodes = 1", "cluster.json:1:"),
                flags("missing config file", "no-such-cluster.json: no such file",
                        "--cluster-config", "no-such-cluster.json"),
                trace("trace line with negative output", "trace.jsonl",
                        "{\"input_toks\": 10, \"output_toks\": 5, \"arrival_time_ns\": 0}\n"
                                + "{\"input_toks\": 10, \"output_toks\": -5, \"arrival_time_ns\": 1}\n",
                        "trace.jsonl:2: output_toks"),
                trace("truncated trace line", "trace.jsonl",
                        "{\"input_toks\": 10, \"output_toks\": 5, \"arrival_time_ns\": 0}\n{\"input_toks\": 1",
                        "trace.jsonl:2:"),
                trace("trace line of the wrong type", "trace.jsonl",
                        "{\"input_toks\": \"ten\", \"output_toks\": 5, \"arrival_time_ns\": 0}\n", "trace.jsonl:1:"),
                trace("bad Azure CSV row", "azure.csv",
                        "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n"
                                + "2023-11-16 18:15:50.9951690,lots,109\n", "azure.csv:3:"),
                flags("missing dataset", "nothing-here.jsonl: no such file", "--dataset", "nothing-here.jsonl"),
                flags("unknown dataset format", "--dataset-format", "--dataset-format", "parquet"),
                flags("zero block size", "simulate: --block-size: must be in [1, 65536] (got 0)", "--block-size", "0"),
                flags("memory utilization above one", "simulate: --npu-memory-utilization: must be in (0, 1]",
                        "--npu-memory-utilization", "1.5"),
                flags("unknown routing policy", "unknown routing policy 'FASTEST'",
                        "--request-routing-policy", "FASTEST"),
                flags("non-numeric flag", "--max-num-seqs", "--max-num-seqs", "many"),
                flags("unknown dtype", "unknown dtype 'fp4'", "--dtype", "fp4"),
                flags("unknown flag", "Unknown option", "--turbo"),
                prices("price book missing a GPU the config uses", BOOK,
                        "prices.json: gpus: no price for hardware 'H100' (used by "),
                prices("price book with a negative price", BOOK.replace("\"value\": 1.3", "\"value\": -1"),
                        "prices.json: gpus.A100.usd_per_hour.value: must be >= 0, or null (got -1)"),
                prices("price book billing nobody known", BOOK.replace("\"billed\": \"cxl\"", "\"billed\": \"gpu\""),
                        "prices.json: electricity.billed: must be all, cxl or none"),
                flags("missing price book", "simulate: --prices: no such file: nope.json", "--prices", "nope.json"),
                flags("SLO that does not parse", "simulate: --slo: 'ttft=2s' is not <name><op><value>",
                        "--slo", "ttft=2s"),
                flags("fault on a device that does not exist", "fault 'cxl:0@5': there is no cxl:0 (the cluster has no CXL"
                        + " devices)", "--fault", "cxl:0@5"),
                flags("fault after the trace's last arrival", "fault 'instance:0@5000': at 5000.0 s, after the last arrival",
                        "--fault", "instance:0@5000", "--dataset",
                        CliRun.root().resolve("workloads/example-poisson-200.jsonl").toString()),
                flags("fault that does not parse", "simulate: --fault: 'gpu:0@1' is not a fault", "--fault", "gpu:0@1"),
                flags("SLO of an unknown latency", "simulate: --slo: 'ttfb_p99<=2s': unknown name 'ttfb_p99'",
                        "--slo", "ttfb_p99<=2s"),
                config("a latency that would saturate time",
                        GOOD_CLUSTER.replace("\"mem_latency\": 115", "\"mem_latency\": 1e15"),
                        "cluster.json: nodes[0].cpu_mem.mem_latency: must be in [0, 10000000] ns (got 1.0E15)"),
                config("a bandwidth no machine has", GOOD_CLUSTER.replace("\"mem_bw\": 3350", "\"mem_bw\": 1e300"),
                        "nodes[0].instances[0].npu_mem.mem_bw: must be in (0, 1000000] GB/s"),
                trace("token ids that are not the tokens", "ids.jsonl",
                        "{\"input_toks\": 3, \"output_toks\": 5, \"arrival_time_ns\": 0, \"input_tok_ids\": [1, 2]}\n",
                        "ids.jsonl:1: input_tok_ids: has 2 ids but input_toks is 3 (one id per token)"),
                flags("a heartbeat every nanosecond", "simulate: --log-interval: must be 0 (no heartbeat) or in"
                        + " [0.001, 31536000] s (got 1.0E-9)", "--log-interval", "1e-9"),
                flags("a negative heartbeat", "simulate: --log-interval: must be 0", "--log-interval", "-1"),
                flags("an absurd prefetch window", "simulate: --prefetch-window: must be in [1, 1024] (got 5000)",
                        "--prefetch-window", "5000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsInExitTwoWithOneLineNamingTheProblem(Case c) throws IOException {
        List<String> args = new ArrayList<>(List.of(CliRun.catalogs()));
        Path file = c.fileName() == null ? null : dir.resolve(c.fileName());
        if (file != null) {
            Files.writeString(file, c.content());
        }
        if (!c.args().contains("--cluster-config")) {
            args.add("--cluster-config");
            args.add(CliRun.root().resolve("configs/cluster/single_node_single_instance.json").toString());
        }
        for (String a : c.args()) {
            args.add(a.equals("@FILE") ? file.toString() : a);
        }
        if (!c.args().contains("--log-interval")) {
            args.add("--log-interval");
            args.add("0");
        }
        CliRun r = CliRun.run("simulate", args.toArray(String[]::new));
        assertEquals(2, r.exitCode, "exit code; stderr: " + r.err);
        String err = r.err.strip();
        assertFalse(err.isEmpty(), "stderr is empty");
        assertFalse(err.contains("\n"), "more than one line on stderr: " + r.err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "stack trace on stderr: " + r.err);
        assertTrue(err.contains(c.expected()), "stderr '" + err + "' lacks '" + c.expected() + "'");
    }
}
