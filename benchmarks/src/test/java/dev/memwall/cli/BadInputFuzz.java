package dev.memwall.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fixture generator of bad inputs in the categories of issue 15, made fresh for each test run
 * from a fixed seed (nothing committed): cluster configs with each number, key and value broken,
 * truncated JSON, trace lines broken field by field, flags with values out of range, outputs that
 * are inputs, generator options that cannot be meant and broken study files. Each case is a tool,
 * its arguments, and the files to write first ({@code @name} in an argument is that file's path).
 */
final class BadInputFuzz {
    /** One generated input. */
    record Case(String category, String name, String tool, Map<String, String> files, List<String> args) {
        @Override
        public String toString() {
            return category + ": " + name;
        }
    }

    static final String CLUSTER = """
            {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
             "nodes": [{"num_instances": 1,
               "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
               "instances": [{"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                 "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                 "num_npus": 1, "tp_size": 1, "pd_type": null, "max_num_seqs": 64, "block_size": 16,
                 "placement": {"default": {"weights": "npu", "kv_loc": "npu", "kv_evict_loc": "cpu"}}}]}],
             "cxl_mem": {"mem_size": 256, "mem_bw": 64, "mem_latency": 250, "num_devices": 2}}
            """;
    static final String TRACE_LINE = "{\"input_toks\": 40, \"output_toks\": 8, \"arrival_time_ns\": %d}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> BAD_VALUES = List.of(num(-1), num(0), num(1e15), num(1e308), num(-1e308),
            num(2.5), JsonNodeFactory.instance.textNode("12"), JsonNodeFactory.instance.booleanNode(true),
            JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.arrayNode(),
            JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.numberNode(new java.math.BigInteger(
                    "99999999999999999999999")));

    private final Random random = new Random(15);
    private final List<Case> cases = new ArrayList<>();

    private BadInputFuzz() {
    }

    /** Every case, in a fixed order. */
    static List<Case> all() {
        BadInputFuzz f = new BadInputFuzz();
        f.configNumbers();
        f.configKeys();
        f.truncatedJson();
        f.traceLines();
        f.flags();
        f.outputs();
        f.generator();
        f.studies();
        return f.cases;
    }

    private static JsonNode num(double v) {
        return JsonNodeFactory.instance.numberNode(v);
    }

    private void simulate(String category, String name, Map<String, String> files, String... args) {
        List<String> a = new ArrayList<>(List.of(CliRun.catalogs()));
        if (!List.of(args).contains("--cluster-config")) {
            a.addAll(List.of("--cluster-config", "@cluster.json"));
        }
        if (!List.of(args).contains("--dataset")) {
            a.addAll(List.of("--dataset", "@trace.jsonl"));
        }
        a.addAll(List.of(args));
        if (!a.contains("--log-interval")) {
            a.addAll(List.of("--log-interval", "0"));
        }
        Map<String, String> all = new java.util.HashMap<>(Map.of("cluster.json", CLUSTER, "trace.jsonl", trace(20)));
        all.putAll(files);
        cases.add(new Case(category, name, "simulate", all, a));
    }

    static String trace(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(TRACE_LINE.formatted(i * 50_000_000L)).append('\n');
        }
        return sb.toString();
    }

    /** Every number of the config, set to each bad value: wrong type, out of range, absurd. */
    private void configNumbers() {
        JsonNode base = tree(CLUSTER);
        List<String> paths = new ArrayList<>();
        leaves(base, "", paths);
        for (String path : paths) {
            for (JsonNode bad : BAD_VALUES) {
                ObjectNode copy = base.deepCopy();
                set(copy, path, bad);
                simulate("config numbers", path + "=" + bad, Map.of("cluster.json", copy.toString()));
            }
        }
    }

    /** Keys misspelt, unknown and removed, at every level. */
    private void configKeys() {
        JsonNode base = tree(CLUSTER);
        List<String> objects = new ArrayList<>();
        objectPaths(base, "", objects);
        for (String path : objects) {
            ObjectNode target = (ObjectNode) (path.isEmpty() ? base : get(base, path));
            List<String> keys = new ArrayList<>();
            target.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                ObjectNode typo = base.deepCopy();
                ObjectNode t = (ObjectNode) (path.isEmpty() ? typo : get(typo, path));
                t.set(swapTwo(key), t.remove(key));
                simulate("config keys", "misspelt " + path + "." + key, Map.of("cluster.json", typo.toString()));
                ObjectNode missing = base.deepCopy();
                ((ObjectNode) (path.isEmpty() ? missing : get(missing, path))).remove(key);
                simulate("config keys", "missing " + path + "." + key, Map.of("cluster.json", missing.toString()));
            }
            ObjectNode extra = base.deepCopy();
            ((ObjectNode) (path.isEmpty() ? extra : get(extra, path))).put("turbo_mode", 1);
            simulate("config keys", "unknown key in " + path, Map.of("cluster.json", extra.toString()));
        }
    }

    /** The config cut at random places, plus text that is not JSON at all. */
    private void truncatedJson() {
        for (int i = 0; i < 20; i++) {
            int at = 1 + random.nextInt(CLUSTER.length() - 2);
            simulate("truncated JSON", "cut at " + at, Map.of("cluster.json", CLUSTER.substring(0, at)));
        }
        for (String junk : List.of("", "   \n", "num_nodes = 1", "[1, 2]", "\"text\"", "{} {}", "\u0000\u0001",
                "{\"num_nodes\": 1, \"num_nodes\": 1}")) {
            simulate("truncated JSON", "junk " + junk.length(), Map.of("cluster.json", junk));
        }
    }

    /** Trace lines broken field by field, in JSONL and in each CSV format. */
    private void traceLines() {
        String good = TRACE_LINE.formatted(0);
        String[] fields = {"input_toks", "output_toks", "arrival_time_ns"};
        for (String field : fields) {
            for (JsonNode bad : BAD_VALUES) {
                ObjectNode line = (ObjectNode) tree(good);
                line.set(field, bad);
                simulate("trace lines", field + "=" + bad, Map.of("trace.jsonl", good + "\n" + line + "\n"));
            }
        }
        List<String> broken = List.of(good.replace("input_toks", "input_tokens"), good.substring(0, 20),
                good + " trailing", "{\"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 0, \"input_tok_ids\": [1]}",
                "{\"input_toks\": 3, \"output_toks\": 2, \"arrival_time_ns\": 0, \"input_tok_ids\": [1, -2, 3]}",
                "{\"session_id\": \"s\", \"arrival_time_ns\": 0, \"sub_requests\": []}",
                "{\"input_toks\": 30000000, \"output_toks\": 2, \"arrival_time_ns\": 0}", "[]", "42", "\uFEFF{",
                TRACE_LINE.formatted(5) + "\n" + TRACE_LINE.formatted(1));
        for (String line : broken) {
            simulate("trace lines", "line " + line.hashCode(), Map.of("trace.jsonl", line + "\n"));
        }
        simulate("trace lines", "empty trace", Map.of("trace.jsonl", ""));
        simulate("trace lines", "vidur forced on JSONL", Map.of(), "--dataset-format", "vidur");
        simulate("trace lines", "azure forced on JSONL", Map.of(), "--dataset-format", "azure");
        for (String csv : List.of("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,-3,44\n",
                "TIMESTAMP,ContextTokens,GeneratedTokens\nyesterday,3,44\n",
                "num_prefill_tokens,num_decode_tokens\n3\n", "num_prefill_tokens,num_decode_tokens\n0,4\n",
                "request_id,start_time_offset_ns,context_tokens,generated_tokens\n1,-5,3,4\n", "a,b,c\n1,2,3\n")) {
            simulate("trace lines", "csv " + csv.hashCode(), Map.of("trace.csv", csv), "--dataset", "@trace.csv");
        }
    }

    /** Every numeric flag with values it cannot take. */
    private void flags() {
        Map<String, List<String>> flags = Map.of(
                "--block-size", List.of("0", "-1", "100000", "x", "1.5"),
                "--max-num-seqs", List.of("-1", "2000000", "many"),
                "--max-num-batched-tokens", List.of("-5", "99999999", "1e3"),
                "--npu-memory-utilization", List.of("0", "1.5", "-0.1", "NaN", "Infinity"),
                "--log-interval", List.of("1e-9", "0.0001", "-1", "NaN", "1e300"),
                "--prefetch-window", List.of("0", "5000"),
                "--num-reqs", List.of("-3", "x"),
                "--request-routing-policy", List.of("FASTEST", ""),
                "--memory-model", List.of("quantum"),
                "--timing", List.of("guess"));
        flags.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            for (String v : e.getValue()) {
                simulate("flags", e.getKey() + " " + v, Map.of(), e.getKey(), v);
            }
        });
        for (String unknown : List.of("--turbo", "--outptu", "--max-num-seq")) {
            simulate("flags", unknown, Map.of(), unknown, "1");
        }
    }

    /** Outputs that are inputs, or each other, or unwritable. */
    private void outputs() {
        simulate("outputs", "output is the trace", Map.of(), "--output", "@trace.jsonl");
        simulate("outputs", "summary is the config", Map.of(), "--summary-json", "@cluster.json");
        simulate("outputs", "output is the summary", Map.of(), "--output", "@a.csv", "--summary-json", "@a.csv");
        simulate("outputs", "summary under a file", Map.of("file", "x"), "--summary-json", "@file/s.json");
        simulate("outputs", "hgrm dir is a file", Map.of("file", "x"), "--hgrm-dir", "@file");
        simulate("outputs", "output is a folder", Map.of("d/keep", "x"), "--output", "@d");
        simulate("outputs", "summary in /proc", Map.of(), "--summary-json", "/proc/memwall-fuzz/s.json");
    }

    private void generator() {
        List<List<String>> bad = List.of(List.of("--rate", "1e-300"), List.of("--rate", "-1"), List.of("--rate", "1e12"),
                List.of("--rate", "abc"), List.of("--num-reqs", "0"), List.of("--arrival", "gamma", "--rate", "1"),
                List.of("--arrival", "gamma", "--rate", "1", "--cv", "0"), List.of("--arrival", "gamma", "--rate", "1",
                        "--cv", "1e9"), List.of("--arrival", "burst", "--rate", "3"), List.of("--input-len", "fixed:0"),
                List.of("--input-len", "uniform:9:3"), List.of("--output-len", "lognormal:-1:1"),
                List.of("--input-len", "file:@missing.jsonl"), List.of("--arrival", "fractal", "--rate", "1"),
                List.of("--rate", "1e-5", "--num-reqs", "100000"));
        for (List<String> args : bad) {
            List<String> a = new ArrayList<>(args);
            if (!a.contains("--rate") && !a.contains("burst")) {
                a.addAll(List.of("--rate", "2"));
            }
            a.addAll(List.of("--output", "@g.jsonl"));
            cases.add(new Case("generate", String.join(" ", args), "generate", Map.of(), a));
        }
        cases.add(new Case("generate", "to /proc", "generate", Map.of(),
                List.of("--rate", "1", "--num-reqs", "3", "--output", "/proc/memwall-fuzz/g.jsonl")));
    }

    /** Study files broken: axes, workload and options with values that cannot be meant. */
    private void studies() {
        String study = """
                {"cluster": "@cluster.json", "workload": {"trace": "@trace.jsonl"},
                 "options": {"models_dir": %s, "hardware_dir": %s},
                 "axes": [{"name": "cxl_bw", "path": "cxl_mem.mem_bw", "values": [20, 200]}]}""".formatted(
                SweepFixtures.quote(CliRun.root().resolve("configs/models")),
                SweepFixtures.quote(CliRun.root().resolve("configs/hardware")));
        List<String[]> edits = List.of(
                new String[] {"[20, 200]", "[20, 1e15]"}, new String[] {"[20, 200]", "[]"},
                new String[] {"[20, 200]", "[20, 20]"}, new String[] {"\"cxl_mem.mem_bw\"", "\"cxl_mem.mem_bww\""},
                new String[] {"\"cxl_mem.mem_bw\"", "\"nodes[9].cpu_mem\""},
                new String[] {"\"trace\": \"@trace.jsonl\"", "\"trace\": \"@trace.jsonl\", \"arrival_rate\": 1e-300"},
                new String[] {"\"trace\": \"@trace.jsonl\"", "\"trace\": \"nope.jsonl\""},
                new String[] {"\"models_dir\"", "\"max_num_seqs\": -4, \"models_dir\""},
                new String[] {"\"models_dir\"", "\"npu_memory_utilization\": 7, \"models_dir\""},
                new String[] {"\"models_dir\"", "\"block_size\": 0, \"models_dir\""},
                new String[] {"\"axes\"", "\"axess\""}, new String[] {"\"name\": \"cxl_bw\"", "\"name\": \"tpot_p99_ms\""},
                new String[] {"\"cluster\": \"@cluster.json\"", "\"cluster\": 42"},
                new String[] {"\"values\"", "\"value\""});
        for (String[] e : edits) {
            String text = study.replace(e[0], e[1]);
            cases.add(new Case("studies", e[0] + " -> " + e[1], "sweep", Map.of("study.json", text, "cluster.json",
                    CLUSTER, "trace.jsonl", trace(5)), List.of("@study.json", "--out", "@out", "--progress", "none",
                    "--no-plots", "--threads", "1")));
        }
    }

    // ---- JSON tree helpers -------------------------------------------------------------------------

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Paths (a.b[0].c) of every number in {@code n}. */
    private static void leaves(JsonNode n, String path, List<String> out) {
        if (n.isNumber()) {
            out.add(path);
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                leaves(n.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static void objectPaths(JsonNode n, String path, List<String> out) {
        if (n.isObject()) {
            out.add(path);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                objectPaths(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                objectPaths(n.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static JsonNode get(JsonNode root, String path) {
        JsonNode n = root;
        for (String step : path.split("\\.")) {
            String key = step.replaceAll("\\[.*", "");
            n = n.get(key);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\d+)\\]").matcher(step);
            while (m.find()) {
                n = n.get(Integer.parseInt(m.group(1)));
            }
        }
        return n;
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        int dot = path.lastIndexOf('.');
        String parent = dot < 0 ? "" : path.substring(0, dot);
        String last = dot < 0 ? path : path.substring(dot + 1);
        JsonNode p = parent.isEmpty() ? root : get(root, parent);
        if (last.contains("[")) {
            ArrayNode arr = (ArrayNode) ((ObjectNode) p).get(last.substring(0, last.indexOf('[')));
            arr.set(Integer.parseInt(last.replaceAll(".*\\[(\\d+)\\]$", "$1")), value);
        } else {
            ((ObjectNode) p).set(last, value);
        }
    }

    /** The key with two neighbouring letters swapped (or a letter added, for a short one). */
    private static String swapTwo(String key) {
        if (key.length() < 3) {
            return key + "x";
        }
        int i = key.length() / 2;
        return key.substring(0, i - 1) + key.charAt(i) + key.charAt(i - 1) + key.substring(i + 1);
    }
}
