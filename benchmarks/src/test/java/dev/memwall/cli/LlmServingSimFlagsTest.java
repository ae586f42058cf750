package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every flag of LLMServingSim's CLI reference (docs/docs/reference/cli-flags.md) is accepted by
 * {@code simulate} with its meaning, or refused with one line saying why: never picocli's
 * "Unknown option".
 */
class LlmServingSimFlagsTest {
    @TempDir
    static Path dir;

    /** A command-line use of each flag, as LLMServingSim's docs show them (values included). */
    private static final Map<String, List<String>> USES = new LinkedHashMap<>();

    static {
        USES.put("--cluster-config", List.of("--cluster-config", "@CONFIG"));
        USES.put("--network-backend", List.of("--network-backend", "analytical"));
        USES.put("--max-num-seqs", List.of("--max-num-seqs", "64"));
        USES.put("--max-num-batched-tokens", List.of("--max-num-batched-tokens", "1024"));
        USES.put("--long-prefill-token-threshold", List.of("--long-prefill-token-threshold", "512"));
        USES.put("--enable-chunked-prefill", List.of("--no-enable-chunked-prefill"));
        USES.put("--npu-memory-utilization", List.of("--npu-memory-utilization", "0.8"));
        USES.put("--reserve-full-isl", List.of("--no-reserve-full-isl"));
        USES.put("--block-size", List.of("--block-size", "32"));
        USES.put("--skip-prefill", List.of("--skip-prefill"));
        USES.put("--request-routing-policy", List.of("--request-routing-policy", "RR"));
        USES.put("--expert-routing-policy", List.of("--expert-routing-policy", "RAND"));
        USES.put("--enable-block-copy", List.of("--no-enable-block-copy"));
        USES.put("--dtype", List.of("--dtype", "bfloat16"));
        USES.put("--kv-cache-dtype", List.of("--kv-cache-dtype", "fp8"));
        USES.put("--enable-prefix-caching", List.of("--no-enable-prefix-caching"));
        USES.put("--enable-prefix-sharing", List.of("--enable-prefix-sharing", "--prefix-storage", "CPU"));
        USES.put("--prefix-storage", List.of("--prefix-storage", "CPU"));
        USES.put("--enable-local-offloading", List.of("--enable-local-offloading"));
        USES.put("--enable-attn-offloading", List.of("--enable-attn-offloading", "--cluster-config",
                "@ROOT/configs/cluster/single_node_pim_instance.json", "--pim-dir", "@ROOT/configs/pim"));
        USES.put("--enable-sub-batch-interleaving", List.of("--enable-sub-batch-interleaving",
                "--enable-attn-offloading", "--cluster-config", "@ROOT/configs/cluster/single_node_pim_instance.json",
                "--pim-dir", "@ROOT/configs/pim"));
        USES.put("--dataset", List.of("--dataset", "@TRACE"));
        USES.put("--num-reqs", List.of("--num-reqs", "5"));
        USES.put("--output", List.of("--output", "@DIR/out-{run_id}.csv"));
        USES.put("--run-id", List.of("--run-id", "mine", "--output", "@DIR/out-{run_id}.csv"));
        USES.put("--inputs-root", List.of("--inputs-root", "@DIR"));
        USES.put("--cleanup-inputs", List.of("--no-cleanup-inputs"));
        USES.put("--log-interval", List.of("--log-interval", "0.5"));
        USES.put("--log-level", List.of("--log-level", "INFO"));
    }

    private static Path reference() {
        Path shared = CliRun.shared();
        assumeTrue(shared != null, "../shared is absent");
        return shared.resolve("llmservingsim-files/docs/docs/reference/cli-flags.md");
    }

    /** The flags the reference's tables list, e.g. {@code --max-num-seqs}. */
    private static Set<String> documentedFlags() throws IOException {
        Set<String> flags = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(--[a-z-]+)`").matcher(Files.readString(reference()));
        while (m.find()) {
            flags.add(m.group(1));
        }
        return flags;
    }

    @Test
    void everyDocumentedFlagHasAUseHere() throws IOException {
        Set<String> documented = documentedFlags();
        assertTrue(documented.size() >= 29, documented.toString());
        assertEquals(documented, new TreeSet<>(USES.keySet()));
    }

    static Stream<String> flags() {
        return USES.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flags")
    void isAcceptedOrRefusedWithAReason(String flag) throws IOException {
        Path config = CliRun.root().resolve("configs/cluster/single_node_single_instance.json");
        Path trace = CliRun.root().resolve("workloads/example-poisson-200.jsonl");
        List<String> args = new ArrayList<>(List.of(CliRun.catalogs()));
        Map<String, String> base = new LinkedHashMap<>();
        base.put("--cluster-config", config.toString());
        base.put("--dataset", trace.toString());
        base.put("--num-reqs", "5");
        base.put("--log-interval", "0");
        base.forEach((k, v) -> {
            if (!USES.get(flag).contains(k)) {
                args.add(k);
                args.add(v);
            }
        });
        Path runDir = Files.createTempDirectory(dir, "flag");
        for (String a : USES.get(flag)) {
            args.add(a.replace("@CONFIG", config.toString()).replace("@TRACE", trace.toString())
                    .replace("@DIR", runDir.toString()).replace("@ROOT", CliRun.root().toString()));
        }
        CliRun r = CliRun.run("simulate", args.toArray(new String[0]));
        assertFalse(r.err.contains("Unknown option"), r.err);
        if (r.exitCode == 0) {
            return;
        }
        assertEquals(2, r.exitCode, r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains(flag), "the refusal names the flag: " + r.err);
        assertTrue(r.err.contains("not simulated"), "the refusal says why: " + r.err);
    }

    @Test
    void runIdNamesTheOutput() throws IOException {
        Path config = CliRun.root().resolve("configs/cluster/single_node_single_instance.json");
        Path out = dir.resolve("named");
        Files.createDirectories(out);
        CliRun r = CliRun.run("simulate", Stream.concat(Stream.of(CliRun.catalogs()), Stream.of("--cluster-config",
                config.toString(), "--run-id", "abc", "--output", out.resolve("r-{run_id}.csv").toString(),
                "--log-interval", "0")).toArray(String[]::new));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(Files.size(out.resolve("r-abc.csv")) > 0);
    }
}
