package dev.memwall.config;

import dev.memwall.input.InputException;

import static dev.memwall.config.InlineConfigs.instanceWith;
import static dev.memwall.config.InlineConfigs.validWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid configs using memwall's extensions and LLMServingSim's per-instance overrides. */
class ExtensionsAndOverridesTest {
    @TempDir
    Path dir;

    private InstanceConfig instance(String json) {
        return InlineConfigs.load(dir, json).instances().get(0);
    }

    @Test
    void readsEveryRuntimeOverride() {
        InstanceConfig inst = instance(instanceWith("\"max_num_seqs\": 0, \"max_num_batched_tokens\": 4096,"
                + " \"long_prefill_token_threshold\": 512, \"block_size\": 32, \"dtype\": \"bfloat16\","
                + " \"kv_cache_dtype\": \"fp8\", \"enable_chunked_prefill\": false, \"enable_prefix_caching\": true,"
                + " \"reserve_full_isl\": false, \"enable_local_offloading\": false, \"enable_attn_offloading\": false,"
                + " \"enable_sub_batch_interleaving\": false, \"enable_block_copy\": true"));
        assertEquals(new RuntimeOverrides(0, 4096, 512, 32, "bfloat16", "fp8", false, true, false, false, false,
                false, true), inst.overrides());
    }

    @Test
    void treatsNullOptionalValuesAsAbsent() {
        InstanceConfig inst = instance(instanceWith("\"placement\": null, \"max_num_seqs\": null, \"host_link\": null"));
        assertNull(inst.placement());
        assertNull(inst.hostLink());
        assertEquals(RuntimeOverrides.NONE, inst.overrides());
    }

    @Test
    void readsNpuMemoryUtilizationAndTheHostLink() {
        InstanceConfig inst = instance(validWith("\"mem_bw\": 1597, \"mem_latency\": 0",
                "\"mem_bw\": 1597, \"mem_latency\": 0, \"mem_util\": 0.8").replace("\"tp_size\": 1",
                "\"tp_size\": 1, \"host_link\": {\"bw\": 64, \"latency\": 500}"));
        assertEquals(0.8, inst.npuMem().memUtil());
        assertEquals(new HostLinkConfig(64, 500), inst.hostLink());
    }

    @Test
    void readsStripedAndAllDevicePlacements() {
        PlacementConfig p = instance(instanceWith("\"placement\": {\"default\": {\"weights\": \"cxl:*\"},"
                + " \"blocks\": [{\"blocks\": \"2-3, 0\", \"weights\": \"cxl:2+0\"}, {\"blocks\": 7}],"
                + " \"layers\": {\"lm_head\": {\"kv_evict_loc\": \"cxl:3\"}, \"embedding\": {\"weights\": \"cpu\"}}}"))
                .placement();
        assertEquals(new PlacementEntry("cxl:*", null, null), p.defaults());
        assertEquals(List.of(0, 2, 3), p.blocks().get(0).blocks());
        assertEquals("2-3, 0", p.blocks().get(0).spec());
        assertEquals(List.of(7), p.blocks().get(1).blocks());
        assertEquals("7", p.blocks().get(1).spec());
        assertEquals(List.of("lm_head", "embedding"), List.copyOf(p.layers().keySet()));
        assertArrayEquals(new int[] {0, 2}, MemoryLocation.parse("cxl:2+0", 4, "x").cxlDevices());
    }

    @Test
    void infersTpSizeFromNumNpusAndPpSize() {
        InstanceConfig inst = instance(validWith("\"tp_size\": 1", "\"num_npus\": 8, \"pp_size\": 2"));
        assertEquals(List.of(8, 4, 2), List.of(inst.numNpus(), inst.tpSize(), inst.ppSize()));
    }

    @Test
    void defaultsCxlInterleaveEfficiencyAndDeviceCount() {
        CxlMemConfig cxl = InlineConfigs.load(dir, validWith(", \"num_devices\": 4", "")).cxlMem();
        assertEquals(1, cxl.numDevices());
        assertEquals(0.85, cxl.interleaveEfficiency());
    }

    @Test
    void reportsAnInterleaveEfficiencyGiven() {
        CxlMemConfig cxl = InlineConfigs.load(dir,
                validWith("\"num_devices\": 4", "\"num_devices\": 4, \"interleave_efficiency\": 0.7")).cxlMem();
        assertEquals(0.7, cxl.interleaveEfficiency());
    }

    @Test
    void loadedLatencyIsOffByDefaultAndReadsItsWindowAndCurve() {
        assertEquals(null, InlineConfigs.load(dir, InlineConfigs.VALID).cxlMem().loadedLatency());
        LoadedLatencyConfig defaults = InlineConfigs.load(dir,
                validWith("\"num_devices\": 4", "\"num_devices\": 4, \"loaded_latency\": {}")).cxlMem().loadedLatency();
        assertEquals(null, defaults.curve());
        assertEquals(100_000, defaults.windowNs());
        LoadedLatencyConfig given = InlineConfigs.load(dir, validWith("\"num_devices\": 4",
                "\"num_devices\": 4, \"loaded_latency\": {\"window_us\": 50, \"curve\": [[0, 1], [0.5, 1.3], [1, 3]]}"))
                .cxlMem().loadedLatency();
        assertEquals(50_000, given.windowNs());
        assertEquals(3, given.curve().length);
        assertEquals(1.3, given.curve()[1][1]);
    }

    @Test
    void rejectsALoadedLatencyCurveThatDoesNotStartAtZeroOrGoesBackwards() {
        InputException notZero = assertThrows(InputException.class, () -> InlineConfigs.load(dir, validWith(
                "\"num_devices\": 4", "\"num_devices\": 4, \"loaded_latency\": {\"curve\": [[0.1, 1], [1, 2]]}")));
        assertEquals("cluster.json: cxl_mem.loaded_latency.curve[0][0]: the curve must start at utilization 0 (got 0.1)",
                notZero.getMessage());
        InputException backwards = assertThrows(InputException.class, () -> InlineConfigs.load(dir, validWith(
                "\"num_devices\": 4",
                "\"num_devices\": 4, \"loaded_latency\": {\"curve\": [[0, 1], [0.6, 1.2], [0.5, 2]]}")));
        assertEquals("cluster.json: cxl_mem.loaded_latency.curve[2][0]: utilizations must increase (got 0.5 after 0.6)",
                backwards.getMessage());
        InputException below = assertThrows(InputException.class, () -> InlineConfigs.load(dir, validWith(
                "\"num_devices\": 4", "\"num_devices\": 4, \"loaded_latency\": {\"curve\": [[0, 0.5], [1, 2]]}")));
        assertEquals("cluster.json: cxl_mem.loaded_latency.curve[0][1]: a latency multiplier must be >= 1 (got 0.5)",
                below.getMessage());
    }

    @Test
    void numbersInstancesAcrossNodesInNodeOrder() {
        String node = InlineConfigs.VALID.substring(InlineConfigs.VALID.indexOf("    {\n      \"num_instances\""),
                InlineConfigs.VALID.indexOf("\n  ],\n  \"cxl_mem\""));
        String twoNodes = InlineConfigs.VALID.replace("\"num_nodes\": 1", "\"num_nodes\": 2")
                .replace(node, node + ",\n" + node);
        ClusterConfig c = InlineConfigs.load(dir, twoNodes);
        assertEquals(List.of("nodes[0].instances[0]", "nodes[1].instances[0]"),
                c.instances().stream().map(InstanceConfig::path).toList());
        assertEquals(1, c.instances().get(1).globalIndex());
        assertEquals(1, c.instances().get(1).nodeIndex());
    }
}
