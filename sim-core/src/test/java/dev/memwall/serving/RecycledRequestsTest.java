package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.metrics.PerRequestCsv;
import dev.memwall.result.RunReduction;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/**
 * A run that streams its finished requests and recycles their slots gives the same results as
 * one that keeps every request: every metric, and the per-request CSV byte for byte (its rows
 * instance by instance, each in completion order, request ids in arrival order) while its
 * request table holds only the requests in flight.
 */
class RecycledRequestsTest {
    @TempDir
    Path dir;

    private static final String PD = """
            {"num_nodes": 1, "link_bw": 50, "link_latency": 2000,
             "nodes": [{"num_instances": 3,
               "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
               "instances": [
                {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                 "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "tp_size": 1, "pd_type": "prefill"},
                {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                 "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "tp_size": 1, "pd_type": "decode"},
                {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                 "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "tp_size": 1, "pd_type": "decode"}]}]}
            """;

    private ClusterBuilder.Built build(String cluster, double memUtil, PreemptionMode mode) throws IOException {
        Path root = RepoPaths.root();
        Path config = cluster.equals("pd") ? Files.writeString(dir.resolve("pd.json"), PD)
                : root.resolve("configs/cluster/" + cluster);
        SimulationOptions options = SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).npuMemoryUtilization(memUtil).preemptionMode(mode)
                .keepTokenTimes(true).build();
        return ClusterBuilder.build(ClusterConfigLoader.load(config), options, null);
    }

    /** 1,200 requests at 33 req/s with shared prompt prefixes: queues, preemption under tight KV, a request longer than the context and one larger than a tight pool. */
    private static FixedWorkload workload() {
        int n = 1200;
        long[] arrivals = new long[n];
        int[] prompts = new int[n];
        int[] outputs = new int[n];
        for (int i = 0; i < n; i++) {
            arrivals[i] = i * 30_000_000L;
            prompts[i] = 64 + (i * 37) % 1500;
            outputs[i] = 1 + (i * 53) % 300;
        }
        prompts[100] = 60_000; // more KV than a pool at 25 % of an H100 holds: rejected
        prompts[101] = 200_000; // longer than Llama-3.1-8B's context: rejected
        return new FixedWorkload(arrivals, prompts, outputs).withSharedPrefix(128);
    }

    @ParameterizedTest
    @CsvSource({"two_instance_h100.json, 0.25, RECOMPUTE", "two_instance_h100.json, 0.25, SWAP", "pd, 0.9, RECOMPUTE"})
    void streamingAndRecyclingChangesNoResultAndNoCsvByte(String cluster, double memUtil, PreemptionMode mode)
            throws IOException {
        ClusterBuilder.Built kept = build(cluster, memUtil, mode);
        kept.simulation().run(workload(), "trace");
        String[] models = new String[kept.instances().size()];
        int[][] order = new int[models.length][];
        for (int i = 0; i < models.length; i++) {
            models[i] = kept.instances().get(i).modelName();
            order[i] = kept.simulation().completionOrder(i);
        }
        StringWriter keptCsv = new StringWriter();
        PerRequestCsv.write(keptCsv, kept.simulation().requests(), order, models);

        ClusterBuilder.Built streamed = build(cluster, memUtil, mode);
        Path csv = dir.resolve("streamed.csv");
        try (PerRequestCsv.Stream stream = new PerRequestCsv.Stream(csv, models)) {
            streamed.simulation().streamFinished(stream);
            streamed.simulation().run(workload(), "trace");
            stream.finish();
        }

        long rejected = kept.simulation().rejectedLargerThanKvPool() + kept.simulation().rejectedLongerThanContext();
        assertEquals(1200, kept.simulation().completedRequests() + rejected);
        assertTrue(rejected >= 1, "a rejected request's slot is recycled too");
        assertArrayEquals(RunReduction.measure(kept.simulation()), RunReduction.measure(streamed.simulation()));
        assertEquals(RunReduction.reduce(kept, 0).instances(), RunReduction.reduce(streamed, 0).instances());
        assertEquals(keptCsv.toString(), Files.readString(csv, StandardCharsets.UTF_8));
        int slots = streamed.simulation().requests().size();
        assertTrue(slots < 600, "slots in use " + slots + " of 1200 requests: finished ones are recycled");
        try (var left = Files.list(dir)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(),
                    "temporary per-instance files removed");
        }
    }
}
