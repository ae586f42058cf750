package dev.memwall.gate;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.memwall.bench.support.CxlCluster;
import dev.memwall.bench.support.CxlPlacement;
import dev.memwall.input.InputException;
import dev.memwall.input.JsonFiles;
import dev.memwall.memory.MemoryModel;
import dev.memwall.output.AtomicFiles;
import dev.memwall.result.Provenance;
import dev.memwall.result.RunResult;
import dev.memwall.result.SummaryJson;
import dev.memwall.run.SimulateJob;
import dev.memwall.serving.RoutingPolicy;
import dev.memwall.serving.SimulationOptions;

/**
 * Check 1, model outputs: fixed-seed scenarios whose summaries ({@code --summary-json}, wall time
 * written as 0) must match the golden files {@code results/golden/<scenario>.json}. Between them
 * they cover one and two instances, LOAD and seeded RAND routing, preemption under a tight KV
 * pool, weights shared on CXL (stepwise transfers), half the blocks and the KV cache on CXL, and
 * LLMServingSim's memory model. Only {@code gate --update-golden} writes the golden files.
 */
public final class GoldenScenarios {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One scenario.
     *
     * @param name     its golden file's stem
     * @param cluster  {@code configs/cluster/...} relative to the repository, or null for {@code cxl}
     * @param cxl      a generated CXL cluster config, when {@code cluster} is null
     * @param dataset  trace relative to the repository
     * @param numReqs  trace entries to read, 0 for all
     * @param options  changes to LLMServingSim's default options
     */
    public record Scenario(String name, String cluster, CxlCluster cxl, String dataset, int numReqs,
            UnaryOperator<SimulationOptions.Builder> options) {
    }

    private GoldenScenarios() {
    }

    /** All scenarios, in a fixed order. */
    public static List<Scenario> all() {
        String single = "configs/cluster/single_node_single_instance.json";
        String two = "configs/cluster/two_instance_h100.json";
        String twoCxl = "configs/cluster/two_instance_h100_cxl.json";
        String chat = "workloads/example-poisson-200.jsonl";
        String decode = "workloads/decode-heavy-2000.jsonl";
        return List.of(
                new Scenario("h100-chat", single, null, chat, 0, o -> o),
                new Scenario("h100x2-rand-chat", two, null, chat, 0, o -> o.routing(RoutingPolicy.RAND).seed(7)),
                new Scenario("h100-tight-kv-preemption", single, null, decode, 400,
                        o -> o.npuMemoryUtilization(0.25).maxNumSeqs(256)),
                new Scenario("h100x2-cxl-weights-chat", twoCxl, null, chat, 0, o -> o),
                new Scenario("h100-weights-cxl-lss-chat", null,
                        new CxlCluster(250, 64, 1, CxlPlacement.WEIGHTS_CXL), chat, 0,
                        o -> o.memoryModel(MemoryModel.LSS)),
                new Scenario("h100-half-blocks-cxl-decode", null,
                        new CxlCluster(250, 64, 2, CxlPlacement.HALF_BLOCKS_CXL), decode, 300, o -> o.maxNumSeqs(256)),
                new Scenario("h100-kv-cxl-decode", null, new CxlCluster(600, 32, 4, CxlPlacement.KV_CXL), decode, 300,
                        o -> o.maxNumSeqs(256)));
    }

    /** The scenario called {@code name}. */
    public static Scenario named(String name) {
        for (Scenario s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no golden scenario " + name);
    }

    /** {@code <goldenDir>/<scenario>.json}. */
    public static Path file(Path goldenDir, Scenario s) {
        return goldenDir.resolve(s.name() + ".json");
    }

    /** Runs {@code s} against the repository at {@code root} and returns its summary as JSON. */
    public static JsonNode summarize(Scenario s, Path root) {
        SimulationOptions options = s.options().apply(SimulationOptions.defaults().toBuilder()
                .modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware"))).build();
        Path temp = null;
        try {
            Path cluster;
            if (s.cluster() != null) {
                cluster = root.resolve(s.cluster());
            } else {
                temp = Files.createTempFile("memwall-golden-", ".json");
                Files.writeString(temp, s.cxl().json());
                cluster = temp;
            }
            SimulateJob.Inputs in = new SimulateJob.Inputs(cluster, root.resolve(s.dataset()), null, s.numReqs(),
                    options, null, null, null, true);
            RunResult result = SimulateJob.run(in, new PrintWriter(Writer.nullWriter()));
            return SummaryJson.toJson(result, provenance(s, cluster));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /**
     * What a golden file records as its inputs: paths relative to the repository (a generated CXL
     * config by its scenario's name), so that the file is the same in every checkout.
     */
    private static Provenance provenance(Scenario s, Path clusterFile) {
        SimulationOptions relative = s.options().apply(SimulationOptions.defaults().toBuilder()).build();
        Provenance p = Provenance.of(clusterFile, Path.of(s.dataset()), "auto", s.numReqs(), relative);
        return new Provenance(p.version(), s.cluster() != null ? s.cluster() : "generated CXL cluster of " + s.name(),
                p.clusterConfigSha256(), p.dataset(), p.datasetFormat(), p.numReqs(), p.options());
    }

    /** Differences of {@code s}'s summary from its golden file, each prefixed with the scenario's name. */
    public static List<String> check(Scenario s, Path root, Path goldenDir) {
        Path file = file(goldenDir, s);
        if (!Files.exists(file)) {
            return List.of(s.name() + ": no golden file " + file + " (write it with gate --update-golden)");
        }
        // A truncated or edited golden file is a one-line bad input naming its line and column.
        JsonNode golden = JsonFiles.readObject(file);
        List<String> out = new ArrayList<>();
        for (String d : GoldenComparison.differences(golden, summarize(s, root))) {
            out.add(s.name() + ": " + d);
        }
        return out;
    }

    /** Writes {@code s}'s summary as its golden file, as {@code --summary-json} would. */
    public static void write(Scenario s, Path root, Path goldenDir) {
        try {
            AtomicFiles.write(file(goldenDir, s), (MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(summarize(s, root)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException("cannot write " + file(goldenDir, s) + ": " + e.getMessage(), e);
        }
    }
}
