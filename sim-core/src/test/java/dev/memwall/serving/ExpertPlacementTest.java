package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.input.InputException;
import dev.memwall.moe.ExpertRouting;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/**
 * {@code placement.experts} in the physical memory model, on Qwen3-30B-A3B BF16 (48 MoE layers of
 * 128 experts, top-8; one expert = gate, up and down projections of 2048 x 768 = 3 x 2048 x 768 x 2
 * = 9,437,184 bytes) on one H100 with one CXL device.
 */
class ExpertPlacementTest {
    private static final long EXPERT_BYTES = 3L * 2048 * 768 * 2;
    private static final int LAYERS = 48;

    @TempDir
    Path dir;

    private Path config(String placement, double cxlGbps) throws IOException {
        Path file = dir.resolve("cluster-" + System.nanoTime() + ".json");
        Files.writeString(file, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 1024, "mem_bw": %s, "mem_latency": 250, "num_devices": 1},
                 "nodes": [{"num_instances": 1,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [{"model_name": "Qwen/Qwen3-30B-A3B-Instruct-2507", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                     "num_npus": 1, "tp_size": 1, "pd_type": null, "placement": %s}]}]}
                """.formatted(cxlGbps, placement));
        return file;
    }

    private static ClusterBuilder.Built build(Path config, ExpertRouting routing) {
        Path root = RepoPaths.root();
        SimulationOptions o = SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).expertRouting(routing).build();
        return ClusterBuilder.build(ClusterConfigLoader.load(config), o, null);
    }

    private static final String ALL_ON_CXL = "{\"experts\": {\"0-127\": \"cxl:0\"}}";

    /**
     * BALANCED gate, every expert on cxl:0: a step of T tokens activates min(128, 8 T) experts in
     * each of the 48 layers and fetches each of them once. One request of 16 prompt tokens and 9
     * output tokens: one prefill step (128 experts) and 8 decode steps (8 experts each).
     */
    @Test
    void aDecodeStepFetchesTheActivatedExpertsOfEveryLayer() throws IOException {
        ClusterBuilder.Built built = build(config(ALL_ON_CXL, 64), ExpertRouting.BALANCED);
        built.simulation().run(FixedWorkload.burst(1, 16, 9), "test");
        ExpertStreaming s = built.simulation().expertStreaming(0);
        assertEquals(9, s.steps);
        double prefill = 128.0 * EXPERT_BYTES * LAYERS;
        double perDecodeStep = 8.0 * EXPERT_BYTES * LAYERS;   // 3,623,878,656 bytes
        assertEquals(prefill + 8 * perDecodeStep, s.bytesFetched, 0.5);
        assertEquals(0, s.hits);
    }

    /** Four requests decoding together: 4 tokens x top-8 = 32 distinct experts per layer. */
    @Test
    void aBatchOfFourFetchesThirtyTwoExpertsPerLayer() throws IOException {
        ClusterBuilder.Built built = build(config(ALL_ON_CXL, 64), ExpertRouting.BALANCED);
        built.simulation().run(FixedWorkload.burst(4, 16, 5), "test");
        ExpertStreaming s = built.simulation().expertStreaming(0);
        assertEquals(5, s.steps);
        assertEquals(128.0 * EXPERT_BYTES * LAYERS + 4 * 32.0 * EXPERT_BYTES * LAYERS, s.bytesFetched, 0.5);
    }

    /** Experts 0-31 stay in HBM: BALANCED's 8 decode experts (0-7) are all resident, nothing moves. */
    @Test
    void residentExpertsAreNotFetched() throws IOException {
        ClusterBuilder.Built built = build(config("{\"experts\": {\"0-31\": \"npu\", \"32-127\": \"cxl:0\"}}", 64),
                ExpertRouting.BALANCED);
        built.simulation().run(FixedWorkload.burst(1, 16, 9), "test");
        ExpertStreaming s = built.simulation().expertStreaming(0);
        assertEquals(96.0 * EXPERT_BYTES * LAYERS, s.bytesFetched, 0.5);   // the prefill's 96 off-GPU experts only
    }

    private static double tpotMs(ClusterBuilder.Built built) {
        built.simulation().run(FixedWorkload.burst(4, 64, 33), "test");
        return built.simulation().latency().tpot.meanNs() / 1e6;
    }

    /** An HBM cache big enough for a step's working set turns the repeated hot experts into hits. */
    @Test
    void tpotFallsAsTheExpertCacheGrows() throws IOException {
        ExpertRouting zipf = ExpertRouting.parse("ZIPF:1.2", "test");
        double previous = Double.MAX_VALUE;
        double first = 0;
        for (int gb : new int[] {0, 8, 24, 48}) {
            String placement = "{\"experts\": {\"0-127\": \"cxl:0\"}, \"expert_cache_gb\": " + gb + "}";
            ClusterBuilder.Built built = build(config(placement, 64), zipf);
            double ms = tpotMs(built);
            ExpertStreaming s = built.simulation().expertStreaming(0);
            System.out.printf("expert cache %d GB: TPOT %.2f ms, hit ratio %.3f%n", gb, ms, (double) s.hits / s.lookups);
            assertTrue(ms <= previous, gb + " GB cache: TPOT " + ms + " ms above " + previous);
            if (gb == 0) {
                first = ms;
                assertEquals(0, s.hits);
            }
            previous = ms;
        }
        assertTrue(previous < 0.8 * first, "48 GB cache: TPOT " + previous + " ms vs " + first + " without");
    }

    /** A steeper router concentrates the tokens on fewer experts: fewer bytes per step, lower TPOT. */
    @Test
    void tpotFallsAsTheZipfExponentRises() throws IOException {
        double previous = Double.MAX_VALUE;
        for (String s : new String[] {"0.3", "1.0", "2.0", "4.0"}) {
            double ms = tpotMs(build(config(ALL_ON_CXL, 64), ExpertRouting.parse("ZIPF:" + s, "test")));
            System.out.printf("ZIPF:%s: TPOT %.2f ms%n", s, ms);
            assertTrue(ms < previous, "ZIPF:" + s + ": TPOT " + ms + " ms, not below " + previous);
            previous = ms;
        }
    }

    @Test
    void refusesARangeBeyondTheExpertCount() throws IOException {
        Path file = config("{\"experts\": {\"0-31\": \"npu\", \"32-200\": \"cxl:0\"}}", 64);
        InputException e = assertThrows(InputException.class, () -> build(file, ExpertRouting.BALANCED));
        assertEquals(file.getFileName() + ": nodes[0].instances[0].placement.experts[\"32-200\"]: expert 200 is out of range"
                + " (Qwen/Qwen3-30B-A3B-Instruct-2507 has 128 experts: 0-127)", e.getMessage());
    }
}
