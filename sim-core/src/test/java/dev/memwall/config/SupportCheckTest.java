package dev.memwall.config;

import static dev.memwall.config.InlineConfigs.assertOneLineWithoutJavaNames;
import static dev.memwall.config.InlineConfigs.instanceWith;
import static dev.memwall.config.InlineConfigs.validWith;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** memwall refuses, by name and path, everything it parses but does not simulate yet, and accepts the rest. */
class SupportCheckTest {
    private static final String INSTANCE = "cluster.json: nodes[0].instances[0]";

    @TempDir
    Path dir;

    private static void assertUnsupported(ClusterConfig config, String expected) {
        InputException e = assertThrows(InputException.class, () -> SupportCheck.requireSupported(config));
        assertEquals(expected, e.getMessage());
        assertOneLineWithoutJavaNames(e.getMessage());
    }

    private void assertUnsupported(String json, String expected) {
        assertUnsupported(InlineConfigs.load(dir, json), expected);
    }

    private void assertSupported(String json) {
        ClusterConfig config = InlineConfigs.load(dir, json);
        assertDoesNotThrow(() -> SupportCheck.requireSupported(config));
    }

    private static ClusterConfig sample(String name) {
        return ClusterConfigLoader.load(RepoPaths.sharedFile("llmservingsim-files/configs/cluster/" + name));
    }

    // ---- the shared samples -----------------------------------------------------------------

    @Test
    void acceptsTheSingleInstanceSample() {
        SupportCheck.requireSupported(sample("single_node_single_instance.json"));
    }

    @Test
    void acceptsTheMemorySampleWhosePlacementIsAllNpu() {
        SupportCheck.requireSupported(sample("single_node_memory_instance.json"));
    }

    @Test
    void acceptsTheCxlSampleNowThatWeightsCanLiveOnCxl() {
        SupportCheck.requireSupported(sample("single_node_cxl_instance.json"));
    }

    @Test
    void acceptsThePdSample() {
        SupportCheck.requireSupported(sample("single_node_pd_instance.json"));
    }

    @Test
    void acceptsThePowerSampleNowThatEnergyIsModelled() {
        SupportCheck.requireSupported(sample("single_node_power_instance.json"));
    }

    @Test
    void acceptsTheDualNodeExpertParallelSample() {
        SupportCheck.requireSupported(sample("dual_node_moe_dp_ep_intra_inter_instance.json"));
    }

    // ---- each feature on its own ------------------------------------------------------------

    @Test
    void acceptsDeclaredCxlDevicesThatHoldNothing() {
        assertSupported(InlineConfigs.VALID);
    }

    @Test
    void acceptsKvEvictionToAnyTierSinceNothingIsEvictedYet() {
        assertSupported(instanceWith("\"placement\": {\"default\": {\"weights\": \"npu\", \"kv_evict_loc\": \"cxl:*\"},"
                + " \"blocks\": [{\"blocks\": \"0-3\", \"kv_evict_loc\": \"cpu\"}]}"));
    }

    @Test
    void acceptsFp8KvCacheAndOffloadFlagsSetFalse() {
        assertSupported(instanceWith("\"kv_cache_dtype\": \"fp8\", \"enable_local_offloading\": false,"
                + " \"enable_attn_offloading\": false, \"enable_sub_batch_interleaving\": false"));
    }

    @Test
    void acceptsPipelineParallelism() {
        assertSupported(validWith("\"tp_size\": 1", "\"tp_size\": 1, \"pp_size\": 2"));
    }

    @Test
    void acceptsTensorParallelismInferredFromNumNpus() {
        assertSupported(validWith("\"tp_size\": 1", "\"num_npus\": 2"));
    }

    @Test
    void acceptsExpertParallelism() {
        assertSupported(instanceWith("\"ep_size\": 2, \"dp_group\": \"A\""));
    }

    @Test
    void acceptsDpGroups() {
        assertSupported(instanceWith("\"dp_group\": \"A\""));
    }

    @Test
    void acceptsWeightsOnAStripeInABlockGroup() {
        assertSupported(instanceWith("\"placement\": {\"blocks\": [{\"blocks\": \"0\"}, {\"blocks\": \"1-2\", \"weights\": \"cxl:0+1\"}]}"));
    }

    @Test
    void acceptsKvCacheOnTheHost() {
        assertSupported(instanceWith("\"placement\": {\"default\": {\"kv_loc\": \"cpu\"}}"));
    }

    @Test
    void acceptsAHostLink() {
        assertSupported(instanceWith("\"host_link\": {\"bw\": 64, \"latency\": 500}"));
    }

    @Test
    void acceptsAPimConfig() {
        assertSupported(validWith("\"mem_bw\": 256, \"mem_latency\": 0}",
                "\"mem_bw\": 256, \"mem_latency\": 0, \"pim_config\": \"DDR4_8GB_3200_pim\"}"));
    }

    @Test
    void refusesLocalOffloading() {
        assertUnsupported(instanceWith("\"enable_local_offloading\": true"),
                INSTANCE + ".enable_local_offloading: local offloading is not supported yet (set it to false or remove it)");
    }

    @Test
    void acceptsAttentionOffloadingAndSubBatchInterleaving() {
        assertSupported(instanceWith("\"enable_attn_offloading\": true, \"enable_sub_batch_interleaving\": true"));
    }
}
