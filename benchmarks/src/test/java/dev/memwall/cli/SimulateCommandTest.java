package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.memwall.result.Metric;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void runsLlmServingSimsOwnSingleInstanceExampleAndWritesTenRows() throws IOException {
        Path shared = CliRun.shared();
        assumeTrue(shared != null, "../shared is absent");
        Path lss = shared.resolve("llmservingsim-files");
        Path csv = dir.resolve("out.csv");
        CliRun r = CliRun.run("simulate", concat(CliRun.catalogs(),
                "--cluster-config", lss.resolve("configs/cluster/single_node_single_instance.json").toString(),
                "--dataset", lss.resolve("workloads/example_trace.jsonl").toString(),
                "--output", csv.toString(), "--log-interval", "0"));
        assertEquals(0, r.exitCode, r.err);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("instance id,request id,model,input,output,arrival,end_time,latency,queuing_delay,TTFT,TPOT,ITL",
                lines.get(0));
        assertEquals(11, lines.size());
        // Same KV pool as LLMServingSim's banner for this config.
        assertTrue(r.out.contains("585248 tokens / 36578 blocks"), r.out);
        // Every request ran; TPOT = (latency - TTFT) // (output - 1) on every row.
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 12);
            long latency = Long.parseLong(f[7]);
            long ttft = Long.parseLong(f[9]);
            int output = Integer.parseInt(f[4]);
            assertEquals((latency - ttft) / (output - 1), Long.parseLong(f[10]), line);
            assertEquals(output - 1, f[11].split(",").length, "ITL entries in " + line);
        }
    }

    @Test
    void sameInputsAndSeedGiveByteIdenticalCsvAndSummary() throws IOException {
        Path workload = CliRun.root().resolve("workloads/example-poisson-200.jsonl");
        byte[][] csv = new byte[2][];
        byte[][] json = new byte[2][];
        for (int i = 0; i < 2; i++) {
            Path c = dir.resolve("run" + i + ".csv");
            Path j = dir.resolve("run" + i + ".json");
            CliRun r = CliRun.run("simulate", concat(CliRun.catalogs(),
                    "--cluster-config", CliRun.root().resolve("configs/cluster/two_instance_h100.json").toString(),
                    "--dataset", workload.toString(), "--request-routing-policy", "RAND", "--seed", "7",
                    "--output", c.toString(), "--summary-json", j.toString(), "--reproducible", "--log-interval", "0"));
            assertEquals(0, r.exitCode, r.err);
            csv[i] = Files.readAllBytes(c);
            json[i] = Files.readAllBytes(j);
        }
        assertArrayEquals(csv[0], csv[1]);
        assertArrayEquals(json[0], json[1]);
        assertTrue(csv[0].length > 1000);
    }

    @Test
    void summaryJsonHoldsWhatProducedItThenEveryMetricAtItsVocabularyPath() throws Exception {
        Path j = dir.resolve("s.json");
        Path hgrm = dir.resolve("hgrm");
        Path config = CliRun.root().resolve("configs/cluster/single_node_single_instance.json");
        CliRun r = CliRun.run("simulate", concat(CliRun.catalogs(), "--cluster-config", config.toString(),
                "--summary-json", j.toString(), "--hgrm-dir", hgrm.toString(), "--log-interval", "0",
                "--max-num-seqs", "64"));
        assertEquals(0, r.exitCode, r.err);
        JsonNode root = new ObjectMapper().readTree(j.toFile());
        assertEquals(List.of("memwall", "inputs", "requests", "completed", "failed", "rejected", "simulated_seconds",
                "wall_seconds", "cold_start_seconds", "throughput", "ttft_ms", "tpot_ms", "itl_ms", "e2e_ms",
                "queueing_ms", "handoff_ms", "utilization", "memory",
                "scheduling", "concurrency", "slo", "energy", "cost", "work", "faults", "instances", "devices"),
                keys(root));
        for (Metric m : Metric.values()) {
            JsonNode v = m.jsonObject() == null ? root.get(m.jsonKey()) : root.path(m.jsonObject()).get(m.jsonKey());
            assertTrue(v != null && v.isNumber(), m.jsonPath() + " in " + root);
            assertEquals(m.decimals() < 0, v.isIntegralNumber(), m.jsonPath());
        }
        assertEquals(List.of("mean", "p50", "p90", "p99", "p999", "max"), keys(root.get("tpot_ms")));
        assertEquals("instance0.gpu", root.path("utilization").path("bottleneck").asText());
        // The inputs say what produced the file: the config's digest, the options given and defaulted.
        JsonNode in = root.get("inputs");
        assertEquals(config.toString(), in.get("cluster_config").asText());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config))),
                in.get("cluster_config_sha256").asText());
        assertTrue(in.get("dataset").isNull());
        assertEquals(64, in.path("options").path("max_num_seqs").asInt());
        assertEquals(2048, in.path("options").path("max_num_batched_tokens").asInt());
        assertEquals("physical", in.path("options").path("memory_model").asText());
        assertEquals(List.of("id", "role", "hardware", "model", "kv_location", "kv_blocks", "kv_block_bytes",
                "weights_hbm_bytes", "peak_hbm_bytes", "preemptions", "iterations", "busy_fraction",
                "compute_busy_fraction", "memory_stalled_fraction", "prefix_queried_tokens", "prefix_hbm_hit_tokens",
                "prefix_lower_hit_tokens", "ttft_mean_ms", "tpot_mean_ms", "fidelity"), keys(root.get("instances").get(0)));
        assertEquals(List.of("name", "kind", "capacity_bytes", "peak_used_bytes", "bytes_transferred",
                "busy_fraction"), keys(root.get("devices").get(0)));
        assertTrue(root.get("instances").get(0).get("fidelity").asText().startsWith("roofline (engine vllm-v1), H100"),
                root.get("instances").get(0).get("fidelity").asText());
        // No dataset: LLMServingSim's built-in 16 requests per instance.
        assertEquals(16, root.get("requests").asInt());
        assertEquals(16, root.get("completed").asInt());
        for (String name : List.of("ttft", "tpot", "itl", "e2e", "queueing")) {
            assertTrue(Files.size(hgrm.resolve(name + ".hgrm")) > 0, name);
        }
    }

    @Test
    void aPromptLongerThanTheContextIsRejectedAndSaidSoWhileTheRunGoesOn() throws IOException {
        Path trace = dir.resolve("long.jsonl");
        Files.writeString(trace, "{\"input_toks\": 300, \"output_toks\": 4, \"arrival_time_ns\": 0}\n"
                + "{\"input_toks\": 3000, \"output_toks\": 4, \"arrival_time_ns\": 0}\n");
        Path j = dir.resolve("rejected.json");
        CliRun r = CliRun.run("simulate", concat(CliRun.catalogs(),
                "--cluster-config", CliRun.root().resolve("configs/cluster/single_node_single_instance.json").toString(),
                "--dataset", trace.toString(), "--max-model-len", "2048", "--summary-json", j.toString(),
                "--log-interval", "0"));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("Rejected: 1 requests (1 with a prompt longer than the context, 0 larger than the KV"
                + " pool)"), r.out);
        JsonNode root = new ObjectMapper().readTree(j.toFile());
        assertEquals(2, root.get("requests").asInt());
        assertEquals(1, root.get("completed").asInt());
        assertEquals(1, root.get("rejected").asInt());
        assertEquals(1, root.path("scheduling").path("rejected_longer_than_context").asInt());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        return keys;
    }

    @Test
    void heartbeatPrintsEverySimulatedInterval() {
        CliRun r = CliRun.run("simulate", concat(CliRun.catalogs(),
                "--cluster-config", CliRun.root().resolve("configs/cluster/single_node_single_instance.json").toString(),
                "--dataset", CliRun.root().resolve("workloads/example-poisson-200.jsonl").toString(),
                "--log-interval", "5"));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("[5.0s] Avg prompt throughput:"), r.out);
        assertTrue(r.out.contains("[10.0s] Avg prompt throughput:"), r.out);
        assertTrue(r.out.contains("Running Instance[0]:"), r.out);
    }

    @Test
    void helpDescribesEveryFlag() {
        CliRun r = CliRun.run("simulate", "--help");
        assertEquals(0, r.exitCode);
        for (String flag : List.of("--cluster-config", "--dataset", "--output", "--dtype", "--block-size",
                "--max-num-seqs", "--max-num-batched-tokens", "--long-prefill-token-threshold",
                "--[no-]enable-chunked-prefill", "--[no-]enable-prefix-caching", "--npu-memory-utilization",
                "--request-routing-policy", "--num-reqs", "--log-interval", "--dataset-format", "--summary-json",
                "--hgrm-dir", "--seed", "--models-dir", "--hardware-dir", "--engine")) {
            assertTrue(r.out.contains(flag), flag + " missing from --help");
        }
    }

    @Test
    void theBannerStatesEachInstancesFidelity() {
        // H100 under the default engine: calibrated, and the nearest validated case is quoted.
        CliRun r = CliRun.run("simulate", concat(CliRun.catalogs(),
                "--cluster-config", CliRun.root().resolve("configs/cluster/single_node_single_instance.json").toString(),
                "--num-reqs", "0", "--log-interval", "0"));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("Fidelity: Instance [0] : roofline (engine vllm-v1), H100 calibrated on legacy"
                + " kernel tables and end to end; nearest validated case "), r.out);
        assertTrue(r.out.contains(": TPOT error "), r.out);
    }

    @Test
    void theEngineFlagPicksAnEngineAndAnUnknownOneIsABadInput() {
        String config = CliRun.root().resolve("configs/cluster/single_node_single_instance.json").toString();
        CliRun old = CliRun.run("simulate", concat(CliRun.catalogs(), "--cluster-config", config, "--engine",
                "vllm-0.6", "--log-interval", "0"));
        assertEquals(0, old.exitCode, old.err);
        assertTrue(old.out.contains("roofline (engine vllm-0.6)"), old.out);
        CliRun bad = CliRun.run("simulate", concat(CliRun.catalogs(), "--cluster-config", config, "--engine",
                "vllm-0.7", "--log-interval", "0"));
        assertEquals(2, bad.exitCode);
        assertTrue(bad.err.strip().startsWith("--engine: unknown engine 'vllm-0.7' (no "), bad.err);
    }
}
