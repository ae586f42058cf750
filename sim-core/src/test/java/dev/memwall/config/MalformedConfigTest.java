package dev.memwall.config;

import static dev.memwall.config.InlineConfigs.VALID;
import static dev.memwall.config.InlineConfigs.VALID_WITHOUT_CXL;
import static dev.memwall.config.InlineConfigs.assertRejected;
import static dev.memwall.config.InlineConfigs.instanceWith;
import static dev.memwall.config.InlineConfigs.validWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memwall.input.InputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad config is refused with one line naming the file, the JSON path and the problem. */
class MalformedConfigTest {
    private static final String INSTANCE = "cluster.json: nodes[0].instances[0]";
    private static final String PLACEMENT = INSTANCE + ".placement";

    @TempDir
    Path dir;

    // ---- the file itself --------------------------------------------------------------------

    @Test
    void reportsAMissingFileByThePathTyped() {
        Path missing = dir.resolve("nope.json");
        InputException e = assertThrows(InputException.class, () -> ClusterConfigLoader.load(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void reportsTruncatedJsonWithLineAndColumn() {
        assertRejected(dir, "{\n  \"num_nodes\": 1,\n  \"nodes\": [\n",
                "cluster.json:4:1: invalid JSON: Unexpected end-of-input: expected close marker for Array"
                        + " (start marker at 3:12)");
    }

    @Test
    void reportsATrailingCommaAsInvalidJson() {
        assertRejected(dir, "{\"num_nodes\": 1,}",
                "cluster.json:1:17: invalid JSON: Unexpected character ('}' (code 125)):"
                        + " was expecting double-quote to start field name");
    }

    @Test
    void reportsContentAfterTheTopLevelObject() {
        assertRejected(dir, VALID + "{}", "cluster.json:22:1: invalid JSON: unexpected content after the top-level value");
    }

    @Test
    void reportsAnEmptyFile() {
        assertRejected(dir, "  \n", "cluster.json: invalid JSON: the file is empty");
    }

    @Test
    void rejectsDuplicateKeysThatPythonWouldSilentlyOverwrite() {
        assertRejected(dir, validWith("\"num_nodes\": 1,", "\"num_nodes\": 1, \"num_nodes\": 1,"),
                "cluster.json:2:30: invalid JSON: Duplicate field 'num_nodes'");
    }

    @Test
    void rejectsATopLevelListInsteadOfAnObject() {
        assertRejected(dir, "[1, 2]", "cluster.json: expected an object (got a list)");
    }

    // ---- types, ranges, missing keys --------------------------------------------------------

    @Test
    void rejectsAWordWhereAnIntegerBelongs() {
        assertRejected(dir, validWith("\"num_instances\": 1", "\"num_instances\": \"two\""),
                "cluster.json: nodes[0].num_instances: expected an integer (got \"two\")");
    }

    @Test
    void rejectsAFractionWhereAnIntegerBelongs() {
        assertRejected(dir, validWith("\"tp_size\": 1", "\"tp_size\": 1.5"),
                INSTANCE + ".tp_size: expected an integer (got 1.5)");
    }

    @Test
    void rejectsANegativeNpuMemorySize() {
        assertRejected(dir, validWith("\"mem_size\": 96", "\"mem_size\": -4"),
                INSTANCE + ".npu_mem.mem_size: must be in (0, 1048576] GB (got -4)");
    }

    @Test
    void rejectsABooleanLatency() {
        assertRejected(dir, validWith("\"mem_bw\": 256, \"mem_latency\": 0", "\"mem_bw\": 256, \"mem_latency\": true"),
                "cluster.json: nodes[0].cpu_mem.mem_latency: expected a number (got true)");
    }

    @Test
    void namesAMissingRequiredKey() {
        assertRejected(dir, validWith("\"mem_bw\": 256, ", ""),
                "cluster.json: nodes[0].cpu_mem: missing required key 'mem_bw'");
    }

    @Test
    void requiresPdTypeEvenThoughItMayBeNull() {
        assertRejected(dir, validWith("\"pd_type\": null,", ""), INSTANCE + ": missing required key 'pd_type'");
    }

    @Test
    void rejectsAnUnknownPdType() {
        assertRejected(dir, validWith("\"pd_type\": null", "\"pd_type\": \"prefil\""),
                INSTANCE + ".pd_type: must be null, \"prefill\" or \"decode\" (got \"prefil\")");
    }

    @Test
    void rejectsALinkBandwidthListHoldingAString() {
        assertRejected(dir, validWith("\"link_bw\": 16", "\"link_bw\": [128, \"16\"]"),
                "cluster.json: link_bw[1]: expected a number (got \"16\")");
    }

    @Test
    void rejectsLinkListsOfDifferentLengths() {
        assertRejected(dir, validWith("\"link_bw\": 16,\n  \"link_latency\": 20000",
                        "\"link_bw\": [128, 16],\n  \"link_latency\": [500, 20000, 1]"),
                "cluster.json: link_latency: has 3 entries but link_bw has 2"
                        + " (both list one value per network dimension)");
    }

    @Test
    void rejectsAMemoryUtilizationAboveOne() {
        assertRejected(dir, validWith("\"mem_bw\": 1597, \"mem_latency\": 0", "\"mem_bw\": 1597, \"mem_latency\": 0, \"mem_util\": 1.2"),
                INSTANCE + ".npu_mem.mem_util: must be in (0, 1] (got 1.2)");
    }

    @Test
    void rejectsAnInterleaveEfficiencyOfZero() {
        assertRejected(dir, validWith("\"num_devices\": 4", "\"num_devices\": 4, \"interleave_efficiency\": 0"),
                "cluster.json: cxl_mem.interleave_efficiency: must be in (0, 1] (got 0)");
    }

    @Test
    void rejectsAnUnknownDtype() {
        assertRejected(dir, instanceWith("\"dtype\": \"bf16\""),
                INSTANCE + ".dtype: must be one of float16, bfloat16, float32, fp8, int8 (got \"bf16\")");
    }

    @Test
    void rejectsAnUnknownKvCacheDtype() {
        assertRejected(dir, instanceWith("\"kv_cache_dtype\": \"int4\""),
                INSTANCE + ".kv_cache_dtype: must be one of auto, fp8 (got \"int4\")");
    }

    @Test
    void rejectsABlockSizeOfZero() {
        assertRejected(dir, instanceWith("\"block_size\": 0"), INSTANCE + ".block_size: must be in [1, 65536] (got 0)");
    }

    @Test
    void rejectsANegativeMaxNumSeqs() {
        assertRejected(dir, instanceWith("\"max_num_seqs\": -1"), INSTANCE + ".max_num_seqs: must be in [0, 1048576] (got -1)");
    }

    @Test
    void rejectsAQuotedBooleanOverride() {
        assertRejected(dir, instanceWith("\"enable_chunked_prefill\": \"false\""),
                INSTANCE + ".enable_chunked_prefill: expected true or false (got \"false\")");
    }

    // ---- ranges: what cannot be meant is refused ----------------------------------------------

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "\"mem_latency\": 250 | \"mem_latency\": 1e15 | cluster.json: cxl_mem.mem_latency: must be in [0, 10000000] ns (got 1.0E15)",
        "\"mem_latency\": 250 | \"mem_latency\": 1e308 | cluster.json: cxl_mem.mem_latency: must be in [0, 10000000] ns (got 1.0E308)",
        "\"mem_bw\": 60 | \"mem_bw\": 2000000 | cluster.json: cxl_mem.mem_bw: must be in (0, 1000000] GB/s (got 2000000)",
        "\"mem_size\": 1024 | \"mem_size\": 1e9 | cluster.json: cxl_mem.mem_size: must be in (0, 1048576] GB (got 1.0E9)",
        "\"num_devices\": 4 | \"num_devices\": 0 | cluster.json: cxl_mem.num_devices: must be in [1, 1024] (got 0)",
        "\"num_devices\": 4 | \"num_devices\": 100000 | cluster.json: cxl_mem.num_devices: must be in [1, 1024] (got 100000)",
        "\"link_latency\": 20000 | \"link_latency\": -1 | cluster.json: link_latency: must be in [0, 10000000] ns (got -1)",
        "\"link_bw\": 16 | \"link_bw\": [16, 1e12] | cluster.json: link_bw[1]: must be in (0, 1000000] GB/s (got 1.0E12)",
        "\"num_nodes\": 1 | \"num_nodes\": 100000 | cluster.json: num_nodes: must be in [1, 4096] (got 100000)",
        "\"mem_bw\": 1597 | \"mem_bw\": 0 | cluster.json: nodes[0].instances[0].npu_mem.mem_bw: must be in (0, 1000000] GB/s (got 0)",
        "\"mem_bw\": 256, \"mem_latency\": 0 | \"mem_bw\": 256, \"mem_latency\": 20000000 | cluster.json: nodes[0].cpu_mem.mem_latency: must be in [0, 10000000] ns (got 20000000)",
        "\"tp_size\": 1 | \"tp_size\": 100000 | cluster.json: nodes[0].instances[0].tp_size: must be in [1, 4096] (got 100000)",
    })
    void rejectsANumberOutsideItsDocumentedRange(String target, String replacement, String expected) {
        assertRejected(dir, validWith(target, replacement), expected);
    }

    @Test
    void rejectsAnAbsurdHostLinkAndLoadedLatencyMultiplier() {
        assertRejected(dir, instanceWith("\"host_link\": {\"bw\": 1e9, \"latency\": 0}"),
                INSTANCE + ".host_link.bw: must be in (0, 1000000] GB/s (got 1.0E9)");
        assertRejected(dir, validWith("\"num_devices\": 4}", "\"num_devices\": 4, \"loaded_latency\":"
                + " {\"curve\": [[0, 1], [1, 5000]]}}"),
                "cluster.json: cxl_mem.loaded_latency.curve[1][1]: must be in [1, 1000] (got 5000)");
    }

    // ---- unknown keys -----------------------------------------------------------------------

    @Test
    void suggestsTheNearestKeyForATypo() {
        assertRejected(dir, validWith("\"tp_size\": 1", "\"tp_szie\": 1"),
                INSTANCE + ": unknown key 'tp_szie' (did you mean 'tp_size'?)");
    }

    @Test
    void suggestsTheFullKeyForAnAbbreviatedOne() {
        assertRejected(dir, validWith("\"num_devices\": 4", "\"num_dev\": 4"),
                "cluster.json: cxl_mem: unknown key 'num_dev' (did you mean 'num_devices'?)");
    }

    @Test
    void listsTheAllowedKeysWhenNoneIsClose() {
        assertRejected(dir, validWith("\"mem_bw\": 256, \"mem_latency\": 0}", "\"mem_bw\": 256, \"mem_latency\": 0, \"speed\": 3}"),
                "cluster.json: nodes[0].cpu_mem: unknown key 'speed' (allowed: mem_size, mem_bw, mem_latency, pim_config)");
    }

    // ---- counts and parallelism -------------------------------------------------------------

    @Test
    void rejectsNumNodesThatDisagreesWithTheNodeList() {
        assertRejected(dir, validWith("\"num_nodes\": 1", "\"num_nodes\": 2"),
                "cluster.json: num_nodes: is 2 but nodes has 1 entry");
    }

    @Test
    void rejectsNumInstancesThatDisagreesWithTheInstanceList() {
        assertRejected(dir, validWith("\"num_instances\": 1", "\"num_instances\": 3"),
                "cluster.json: nodes[0].num_instances: is 3 but instances has 1 entry");
    }

    @Test
    void rejectsNumNpusThatIsNotTpTimesPp() {
        assertRejected(dir, instanceWith("\"num_npus\": 4, \"pp_size\": 2"),
                INSTANCE + ".num_npus: must equal tp_size x pp_size = 1 x 2 = 2 (got 4)");
    }

    @Test
    void rejectsNumNpusThatPpSizeDoesNotDivide() {
        assertRejected(dir, validWith("\"tp_size\": 1", "\"num_npus\": 6, \"pp_size\": 4"),
                INSTANCE + ".num_npus: must be a multiple of pp_size 4 (got 6)");
    }

    @Test
    void requiresTpSizeOrNumNpus() {
        assertRejected(dir, validWith(",\n          \"tp_size\": 1", ""),
                INSTANCE + ": missing required key 'tp_size' (or 'num_npus')");
    }

    @Test
    void requiresADpGroupForExpertParallelismBeyondTp() {
        assertRejected(dir, instanceWith("\"ep_size\": 2"), INSTANCE + ".ep_size: ep_size 2 > tp_size 1 needs a dp_group");
    }

    // ---- placement --------------------------------------------------------------------------

    @Test
    void rejectsAnUnknownPlacementValue() {
        assertRejected(dir, instanceWith("\"placement\": {\"default\": {\"weights\": \"gpu\"}}"),
                PLACEMENT + ".default.weights: expected npu, cpu, cxl:<i>, cxl:<i>+<j>+... or cxl:* (got \"gpu\")");
    }

    @Test
    void rejectsAWeightsFallbackOnTheGpu() {
        assertRejected(dir, instanceWith("\"placement\": {\"default\": {\"weights\": \"cxl:0\"}, \"fallback\": \"npu\"}"),
                PLACEMENT + ".fallback: must be off the GPU (\"cpu\" or \"cxl:<i>\"): it holds the weights a lost CXL"
                        + " device held (got \"npu\")");
    }

    @Test
    void rejectsAWeightsFallbackOnAMissingDevice() {
        assertRejected(dir, instanceWith("\"placement\": {\"default\": {\"weights\": \"cxl:0\"}, \"fallback\": \"cxl:9\"}"),
                PLACEMENT + ".fallback: cxl:9 does not exist: cxl_mem.num_devices is 4 (ids 0..3)");
    }

    @Test
    void rejectsACxlDeviceBeyondNumDevices() {
        assertRejected(dir, instanceWith("\"placement\": {\"layers\": {\"lm_head\": {\"kv_loc\": \"cxl:4\"}}}"),
                PLACEMENT + ".layers.lm_head.kv_loc: cxl:4 does not exist: cxl_mem.num_devices is 4 (ids 0..3)");
    }

    @Test
    void rejectsACxlPlacementWithoutCxlMemory() {
        String json = InlineConfigs.replaced(VALID_WITHOUT_CXL, "\"tp_size\": 1",
                "\"tp_size\": 1, \"placement\": {\"default\": {\"kv_evict_loc\": \"cxl:0\"}}");
        assertRejected(dir, json,
                PLACEMENT + ".default.kv_evict_loc: cxl:0 names a CXL device but the config has no cxl_mem section");
    }

    @Test
    void rejectsAStripeNamingADeviceTwice() {
        assertRejected(dir, instanceWith("\"placement\": {\"default\": {\"weights\": \"cxl:1+1\"}}"),
                PLACEMENT + ".default.weights: cxl:1 is listed twice in \"cxl:1+1\"");
    }

    @Test
    void rejectsBlockGroupsThatOverlap() {
        assertRejected(dir, instanceWith("\"placement\": {\"blocks\": ["
                        + "{\"blocks\": \"0-3\", \"weights\": \"npu\"}, {\"blocks\": \"4-7\"}, {\"blocks\": \"8,9,3\"}]}"),
                PLACEMENT + ".blocks[2].blocks: block 3 is already placed by placement.blocks[0]");
    }

    @Test
    void rejectsABlockListWithAnOpenRange() {
        assertRejected(dir, instanceWith("\"placement\": {\"blocks\": [{\"blocks\": \"0-\"}]}"),
                PLACEMENT + ".blocks[0].blocks: expected block numbers and ranges like \"0-3,8,9\" (got \"0-\")");
    }

    @Test
    void rejectsAReversedBlockRange() {
        assertRejected(dir, instanceWith("\"placement\": {\"blocks\": [{\"blocks\": \"5-3\"}]}"),
                PLACEMENT + ".blocks[0].blocks: range 5-3 is reversed (write 3-5)");
    }

    @Test
    void rejectsABlockListedTwiceInOneGroup() {
        assertRejected(dir, instanceWith("\"placement\": {\"blocks\": [{\"blocks\": \"0-3,2\"}]}"),
                PLACEMENT + ".blocks[0].blocks: block 2 is listed twice in \"0-3,2\"");
    }

    @Test
    void rejectsABlockGroupWithoutBlocks() {
        assertRejected(dir, instanceWith("\"placement\": {\"blocks\": [{\"weights\": \"npu\"}]}"),
                PLACEMENT + ".blocks[0]: missing required key 'blocks'");
    }

    @Test
    void rejectsAnEmptyLayerName() {
        assertRejected(dir, instanceWith("\"placement\": {\"layers\": {\"\": {\"weights\": \"npu\"}}}"),
                PLACEMENT + ".layers: layer names must not be empty");
    }

    // ---- power and extensions ---------------------------------------------------------------

    @Test
    void rejectsAPowerSectionMissingTheInstancesHardware() {
        String power = "\"power\": {\"base_node_power\": 60,"
                + " \"npu\": {\"H100\": {\"idle_power\": 35, \"standby_power\": 300, \"active_power\": 600, \"standby_duration\": 18}},"
                + " \"cpu\": {\"idle_power\": 10, \"active_power\": 200, \"util\": 0.15},"
                + " \"dram\": {\"dimm_size\": 32, \"idle_power\": 2.0, \"energy_per_bit\": 6.0},"
                + " \"link\": {\"num_links\": 1, \"idle_power\": 5, \"energy_per_bit\": 4.0},"
                + " \"nic\": {\"num_nics\": 1, \"idle_power\": 20},"
                + " \"storage\": {\"num_devices\": 2, \"idle_power\": 5}},";
        assertRejected(dir, validWith("\"num_instances\": 1,", "\"num_instances\": 1, " + power),
                "cluster.json: nodes[0].power.npu: no entry for hardware 'RTXPRO6000' (used by nodes[0].instances[0])");
    }

    @Test
    void rejectsAHostLinkWithoutLatency() {
        assertRejected(dir, instanceWith("\"host_link\": {\"bw\": 64}"),
                INSTANCE + ".host_link: missing required key 'latency'");
    }

    @Test
    void rejectsANumberWhereAStringBelongs() {
        assertRejected(dir, validWith("\"hardware\": \"RTXPRO6000\"", "\"hardware\": 7"),
                INSTANCE + ".hardware: expected a string (got 7)");
    }

    @Test
    void rejectsAnIntegerTooLargeForTheSimulator() {
        assertRejected(dir, validWith("\"num_nodes\": 1", "\"num_nodes\": 99999999999"),
                "cluster.json: num_nodes: must be at most 2147483647 (got 99999999999)");
    }

    @Test
    void escapesLineBreaksInValuesAndKeysSoMessagesStayOnOneLine() {
        assertRejected(dir, instanceWith("\"dtype\": \"bf\\n16\""),
                INSTANCE + ".dtype: must be one of float16, bfloat16, float32, fp8, int8 (got \"bf\\n16\")");
        assertRejected(dir, instanceWith("\"odd\\u2028key\": 1"),
                INSTANCE + ": unknown key 'odd\\u2028key' (allowed: model_name, hardware, npu_mem, pd_type, num_npus,"
                        + " tp_size, pp_size, ep_size, dp_group, placement, host_link, kv_transfer, max_num_seqs,"
                        + " max_num_batched_tokens,"
                        + " long_prefill_token_threshold, block_size, dtype, kv_cache_dtype, enable_chunked_prefill,"
                        + " enable_prefix_caching, reserve_full_isl, enable_local_offloading, enable_attn_offloading,"
                        + " enable_sub_batch_interleaving, enable_block_copy)");
    }
}
