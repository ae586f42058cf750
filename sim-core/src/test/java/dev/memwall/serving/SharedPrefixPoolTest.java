package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.memory.MemorySystem;
import dev.memwall.result.Metric;
import dev.memwall.result.RunReduction;
import dev.memwall.result.RunResult;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.Traces;
import dev.memwall.workload.WorkloadReader;

/**
 * A second prefix tier on CXL shared by two instances against one private tier each, on Mooncake's
 * conversation trace (turns of one conversation share their prefix; round-robin routing sends a
 * conversation's turns to both instances): a prefix one instance evicted is a hit for the other.
 */
class SharedPrefixPoolTest {
    @TempDir
    Path dir;

    private RunResult run(boolean shared, Path trace) throws IOException {
        Path config = dir.resolve("pool.json");
        String instance = """
                {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                 "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "tp_size": 1, "pd_type": null}""";
        Files.writeString(config, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 512, "mem_bw": 60, "mem_latency": 250, "num_devices": 1},
                 "nodes": [{"num_instances": 2, "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [%s, %s]}]}
                """.formatted(instance, instance));
        Path root = RepoPaths.root();
        SimulationOptions options = SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).npuMemoryUtilization(0.4)
                .routing(RoutingPolicy.RR).prefixStorage(PrefixStorage.CXL).prefixSharing(shared).build();
        ClusterBuilder.Built built = ClusterBuilder.build(ClusterConfigLoader.load(config), options, null);
        try (WorkloadReader reader = Traces.open(trace, null, 300)) {
            built.simulation().run(reader, "mooncake");
        }
        return RunReduction.reduce(built, 0);
    }

    @Test
    void aSharedCxlPoolHitsMoreAndAnswersSoonerThanPrivatePools() throws IOException {
        Path shared = RepoPaths.shared();
        assumeTrue(shared != null, "../shared is absent");
        Path trace = shared.resolve("traces/mooncake_fast25_conversation_trace.jsonl");
        RunResult own = run(false, trace);
        RunResult pooled = run(true, trace);
        assertEquals(300, own.count(Metric.COMPLETED));
        assertEquals(300, pooled.count(Metric.COMPLETED));
        double ownTier = own.get(Metric.PREFIX_TIER_HIT_RATIO);
        double pooledTier = pooled.get(Metric.PREFIX_TIER_HIT_RATIO);
        assertTrue(pooledTier > 1.3 * ownTier, "tier hits " + ownTier + " -> " + pooledTier);
        assertTrue(pooled.get(Metric.TTFT_MEAN) < own.get(Metric.TTFT_MEAN),
                own.get(Metric.TTFT_MEAN) + " -> " + pooled.get(Metric.TTFT_MEAN) + " ms");
        // The hits are loaded back over the path, timed: at least their KV bytes crossed cxl:0
        // (Llama-3.1-8B bf16: 128 KiB per token).
        long tierHitTokens = 0;
        for (RunResult.InstanceRow i : pooled.instances()) {
            tierHitTokens += i.prefixLowerHitTokens();
        }
        RunResult.DeviceRow cxl = pooled.devices().stream().filter(d -> d.name().equals("cxl:0")).findFirst()
                .orElseThrow();
        assertTrue(tierHitTokens > 0);
        assertTrue(cxl.bytesTransferred() >= tierHitTokens * 131_072L, cxl.bytesTransferred() + " bytes");
        assertEquals(MemorySystem.Kind.CXL.name(), cxl.kind());
    }
}
