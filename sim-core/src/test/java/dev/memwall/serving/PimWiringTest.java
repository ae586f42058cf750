package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;

/**
 * What attention offload needs, each missing piece refused in one line naming the config entry;
 * and where it puts the KV cache.
 */
class PimWiringTest {
    private static final String INSTANCE = "cluster.json: nodes[0].instances[0]";

    @TempDir
    Path dir;

    private String build(UnaryOperator<String> editConfig, UnaryOperator<SimulationOptions.Builder> flags,
            Path pimDir) throws IOException {
        Path root = RepoPaths.root();
        Path config = dir.resolve("cluster.json");
        Files.writeString(config, editConfig.apply(
                Files.readString(root.resolve("configs/cluster/single_node_pim_instance.json"))));
        SimulationOptions o = flags.apply(SimulationOptions.defaults().toBuilder()
                .modelsDir(root.resolve("configs/models")).hardwareDir(root.resolve("configs/hardware"))
                .pimDir(pimDir)).build();
        InputException e = assertThrows(InputException.class,
                () -> ClusterBuilder.build(ClusterConfigLoader.load(config), o, null));
        return e.getMessage();
    }

    private static String withoutPim(String json) {
        return json.replace(",\n                \"pim_config\": \"DDR5_16GB_4800_pim\"", "");
    }

    private ClusterBuilder.Built built(UnaryOperator<String> editConfig, UnaryOperator<SimulationOptions.Builder> flags)
            throws IOException {
        return built(editConfig, flags, RepoPaths.root().resolve("configs/pim"));
    }

    private ClusterBuilder.Built built(UnaryOperator<String> editConfig, UnaryOperator<SimulationOptions.Builder> flags,
            Path pimDir) throws IOException {
        Path root = RepoPaths.root();
        Path config = dir.resolve("cluster.json");
        Files.writeString(config, editConfig.apply(
                Files.readString(root.resolve("configs/cluster/single_node_pim_instance.json"))));
        return ClusterBuilder.build(ClusterConfigLoader.load(config), flags.apply(SimulationOptions.defaults()
                .toBuilder().modelsDir(root.resolve("configs/models")).hardwareDir(root.resolve("configs/hardware"))
                .pimDir(pimDir)).build(), null);
    }

    @Test
    void offloadKeepsTheKvCacheInTheNodesPimMemoryNotInHbm() throws IOException {
        // Llama-3.1-8B in bf16: 32 layers x 8 KV heads x 128 x 2 (K and V) x 2 B = 131,072 B per
        // token, 2 MiB per 16-token block; the node's 512 GiB of PIM memory holds 262,144 blocks.
        ClusterBuilder.Built offloaded = built(json -> json, b -> b.attnOffloading(true));
        ClusterBuilder.ResolvedInstance r = offloaded.instances().get(0);
        assertEquals("cpu", r.kvLocation());
        assertEquals(512L * (1L << 30) / (16 * 131_072L), r.kvBlocks());
        ClusterBuilder.ResolvedInstance onGpu = built(json -> json, b -> b).instances().get(0);
        assertEquals("npu", onGpu.kvLocation());
        assertEquals(onGpu.weightsHbmBytes(), r.weightsHbmBytes());
    }

    @Test
    void lssModeKeepsTheKvWhereThePlacementSays() throws IOException {
        // LLMServingSim's lss model knows its own PIM devices' latency lines, DDR4-3200 among them.
        Path pims = Files.createDirectories(dir.resolve("pim"));
        Files.writeString(pims.resolve("DDR4_8GB_3200_pim.ini"), dev.memwall.pim.PimIniReaderTest.DDR4);
        ClusterBuilder.ResolvedInstance r = built(json -> json.replace("DDR5_16GB_4800_pim", "DDR4_8GB_3200_pim"),
                b -> b.attnOffloading(true).memoryModel(dev.memwall.memory.MemoryModel.LSS), pims).instances().get(0);
        assertEquals("npu", r.kvLocation());
    }

    @Test
    void refusesOffloadWithTheKvCachePlacedOnCxl() throws IOException {
        assertEquals("cluster.json: nodes[0].instances[0].placement.default.kv_loc: cxl:0 cannot hold the KV cache"
                + " with --enable-attn-offloading: the PIM computes attention in the node's host memory, so the KV"
                + " lives there (use cpu or leave kv_loc out)",
                build(json -> json.replace("\"pd_type\": null", "\"pd_type\": null, \"placement\": {\"default\":"
                        + " {\"kv_loc\": \"cxl:0\"}}").replace("\"num_nodes\": 1,", "\"num_nodes\": 1, \"cxl_mem\":"
                        + " {\"mem_size\": 256, \"mem_bw\": 64, \"mem_latency\": 250, \"num_devices\": 1},"),
                        b -> b.attnOffloading(true), RepoPaths.root().resolve("configs/pim")));
    }

    @Test
    void refusesOffloadOnANodeWithoutAPimDevice() throws IOException {
        assertEquals(INSTANCE + ": --enable-attn-offloading needs a PIM device: set cpu_mem.pim_config of node 0",
                build(PimWiringTest::withoutPim, b -> b.attnOffloading(true), RepoPaths.root().resolve("configs/pim")));
    }

    @Test
    void refusesInterleavingWithoutOffload() throws IOException {
        assertEquals(INSTANCE + ": --enable-sub-batch-interleaving needs --enable-attn-offloading (it overlaps GPU"
                + " work with PIM attention)", build(json -> json, b -> b.subBatchInterleaving(true),
                        RepoPaths.root().resolve("configs/pim")));
    }

    @Test
    void refusesInterleavingWithPipelineStages() throws IOException {
        assertEquals(INSTANCE + ".pp_size: --enable-sub-batch-interleaving does not work with pipeline stages"
                + " (pp_size 2; as in LLMServingSim)",
                build(json -> json.replace("\"tp_size\": 1", "\"tp_size\": 1, \"pp_size\": 2, \"num_npus\": 2")
                        .replace("\"num_npus\": 1,", ""),
                        b -> b.attnOffloading(true).subBatchInterleaving(true), RepoPaths.root().resolve("configs/pim")));
    }

    @Test
    void refusesAPimIniThatDoesNotParseEvenWithoutOffload() throws IOException {
        Path pims = Files.createDirectories(dir.resolve("pim"));
        Files.writeString(pims.resolve("DDR5_16GB_4800_pim.ini"), "[other]\ndata_rate 4800\n");
        assertEquals(pims.resolve("DDR5_16GB_4800_pim.ini") + ":2: expected 'key = value' or [section] (got"
                + " 'data_rate 4800')", build(json -> json, b -> b, pims));
    }

    @Test
    void refusesAMissingPimIniNamingTheConfigEntry() throws IOException {
        assertEquals("cluster.json: nodes[0].cpu_mem.pim_config: PIM config 'DDR5_16GB_4800_pim' not found (no "
                + dir.resolve("DDR5_16GB_4800_pim.ini") + "; set --pim-dir to the folder of PIM inis,"
                + " LLMServingSim's configs/pim)", build(json -> json, b -> b.attnOffloading(true), dir));
    }
}
