package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.memory.MemorySystem;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/**
 * The physical memory model against hand-derived bounds, on Llama-3.1-8B BF16 and H100s whose
 * host link (PCIe Gen5 x16) achieves 55 GB/s with 10 us per transfer.
 */
class OffloadPhysicsTest {
    /** All weight bytes of Llama-3.1-8B in BF16. */
    private static final double WEIGHTS = 16_060_522_496.0;
    private static final double LINK = 55e9;

    @TempDir
    Path dir;

    /** A cluster of {@code instances} H100s running Llama-3.1-8B with the given CXL and placement. */
    private Path config(int instances, int cxlDevices, double cxlGbps, double latencyNs, String placement)
            throws IOException {
        StringBuilder inst = new StringBuilder();
        for (int i = 0; i < instances; i++) {
            if (i > 0) {
                inst.append(',');
            }
            inst.append("""
                    {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                     "num_npus": 1, "tp_size": 1, "pd_type": null%s}
                    """.formatted(placement.isEmpty() ? "" : ", \"placement\": " + placement.replace("@", "" + i)));
        }
        Path file = dir.resolve("cluster-" + System.nanoTime() + ".json");
        Files.writeString(file, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 1024, "mem_bw": %s, "mem_latency": %s, "num_devices": %d},
                 "nodes": [{"num_instances": %d,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [%s]}]}
                """.formatted(cxlGbps, latencyNs, cxlDevices, instances, inst));
        return file;
    }

    private static SimulationOptions options() {
        Path root = RepoPaths.root();
        return SimulationOptions.defaults()
                .withModelsAndHardware(root.resolve("configs/models"), root.resolve("configs/hardware"));
    }

    private static ClusterBuilder.Built build(Path config) {
        return ClusterBuilder.build(ClusterConfigLoader.load(config), options(), null);
    }

    /** Mean decode TPOT in seconds of {@code requests} identical requests arriving together. */
    private static double tpot(ClusterBuilder.Built built, int requests, int prompt, int output) {
        built.simulation().run(FixedWorkload.burst(requests, prompt, output), "test");
        return built.simulation().latency().tpot.meanNs() / 1e9;
    }

    private static final String ALL_ON_CXL0 = "{\"default\": {\"weights\": \"cxl:0\"}}";

    @Test
    void allWeightsOnOneCxlDeviceStreamAtTheSlowerOfDeviceAndLink() throws IOException {
        double seconds = tpot(build(config(1, 1, 60, 250, ALL_ON_CXL0)), 1, 64, 17);
        // Every decode step moves all 16.06 GB over min(60 GB/s device, 55 GB/s link) = 292 ms.
        double bound = WEIGHTS / Math.min(60e9, LINK);
        assertTrue(seconds >= bound, seconds + " s below the bound " + bound);
        assertTrue(seconds <= 1.3 * bound, seconds + " s above 1.3 x " + bound);
    }

    @Test
    void stripingOverFourSlowDevicesIsLimitedByTheLinkInstead() throws IOException {
        double one = tpot(build(config(1, 1, 20, 250, ALL_ON_CXL0)), 1, 64, 9);
        double striped = tpot(build(config(1, 4, 20, 250, "{\"default\": {\"weights\": \"cxl:0+1+2+3\"}}")), 1, 64, 9);
        // One 20 GB/s device: 16.06 GB / 20 GB/s = 803 ms. Four striped at 0.85 efficiency give
        // 68 GB/s, more than the 55 GB/s link: 292 ms, a ratio of 0.36.
        double ratio = striped / one;
        assertTrue(ratio >= 0.30 && ratio <= 0.45, "striped / single = " + ratio);
        assertEquals(0.364, ratio, 0.02);
    }

    @Test
    void tpotNeverDecreasesAsCxlLatencyRisesOrBandwidthFalls() throws IOException {
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int trial = 0; trial < 6; trial++) {
            double bw = 20 + rnd.nextInt(200);
            double latency = 100 + rnd.nextInt(900);
            String placement = rnd.nextBoolean() ? ALL_ON_CXL0
                    : "{\"default\": {\"weights\": \"npu\"}, \"blocks\": [{\"blocks\": \"0-15\", \"weights\": \"cxl:0\"}]}";
            double base = tpot(build(config(1, 1, bw, latency, placement)), 4, 128, 9);
            double slower = tpot(build(config(1, 1, bw, latency * 4, placement)), 4, 128, 9);
            double narrower = tpot(build(config(1, 1, bw / 2, latency, placement)), 4, 128, 9);
            assertTrue(slower >= base, "latency x4: " + slower + " < " + base + " at " + bw + " GB/s, " + latency + " ns");
            assertTrue(narrower >= base, "bandwidth / 2: " + narrower + " < " + base + " at " + bw + " GB/s");
        }
    }

    @Test
    void movingAllWeightsToCxlGrowsTheKvPoolByMostOfTheWeightBytes() throws IOException {
        ClusterBuilder.ResolvedInstance inHbm = build(config(1, 1, 60, 250, "")).instances().get(0);
        ClusterBuilder.ResolvedInstance onCxl = build(config(1, 1, 60, 250, ALL_ON_CXL0)).instances().get(0);
        double grownBlocks = onCxl.kvBlocks() - inHbm.kvBlocks();
        double weightBlocks = WEIGHTS / inHbm.kvBlockBytes();
        // HBM keeps only the staging buffer: 2 x the largest layer (embedding, 1.05 GB), so the
        // pool grows by (16.06 - 2.10) / 16.06 = 87% of the weights' worth of blocks.
        assertTrue(grownBlocks >= 0.8 * weightBlocks, grownBlocks + " blocks vs " + weightBlocks);
        assertEquals(2 * 1_050_673_152L, onCxl.weightsHbmBytes());
    }

    @Test
    void kvOnACxlDeviceMakesTpotGrowWithContextAtKvBytesPerTokenOverBandwidth() throws IOException {
        String kvOnCxl = "{\"default\": {\"weights\": \"npu\", \"kv_loc\": \"cxl:0\"}}";
        double shortCtx = tpot(build(config(1, 1, 30, 250, kvOnCxl)), 1, 16_000, 9);
        double longCtx = tpot(build(config(1, 1, 30, 250, kvOnCxl)), 1, 32_000, 9);
        // Each decode step reads the whole context's KV (131,072 B per token, all layers) over
        // the 30 GB/s device: 16,000 more tokens cost 16,000 x 131,072 B / 30 GB/s = 69.9 ms.
        double expected = 16_000 * 131_072.0 / 30e9;
        assertEquals(expected, longCtx - shortCtx, 0.05 * expected);
    }

    @Test
    void twoInstancesStreamingFromOneDeviceTakeTwiceAsLong() throws IOException {
        // 20 GB/s device, slower than each instance's own 55 GB/s link: the device is shared.
        double one = tpot(build(config(1, 1, 20, 250, ALL_ON_CXL0)), 1, 64, 9);
        double two = tpot(build(config(2, 1, 20, 250, ALL_ON_CXL0)), 2, 64, 9);
        assertEquals(2.0, two / one, 0.1);
        // ... and on separate devices they do not contend.
        double apart = tpot(build(config(2, 2, 20, 250, "{\"default\": {\"weights\": \"cxl:@\"}}")), 2, 64, 9);
        assertEquals(1.0, apart / one, 0.02);
    }

    @Test
    void twoInstancesOnAStripedSetWithBandwidthToSpareAreEachLimitedByTheirOwnLink() throws IOException {
        // Four 50 GB/s devices striped (170 GB/s at 0.85) serve two GPUs whose 55 GB/s links
        // draw 110 GB/s together: each GPU streams at its link's rate, as it would alone.
        String striped = "{\"default\": {\"weights\": \"cxl:*\"}}";
        double one = tpot(build(config(1, 4, 50, 250, striped)), 1, 64, 9);
        double two = tpot(build(config(2, 4, 50, 250, striped)), 2, 64, 9);
        assertEquals(WEIGHTS / LINK, one, 0.05 * WEIGHTS / LINK);
        assertEquals(1.0, two / one, 0.1);
    }

    @Test
    void loadedLatencyMakesABusyDeviceSlowerThanItsIdleLatencySays() throws IOException {
        // 20 us idle latency, paid on each of the ~195 weight transfers per step; a saturated
        // device pays up to 2.1x that on the MESS curve.
        Path idle = config(1, 1, 60, 20_000, ALL_ON_CXL0);
        Path loaded = dir.resolve("loaded.json");
        Files.writeString(loaded, Files.readString(idle).replace("\"num_devices\": 1}",
                "\"num_devices\": 1, \"loaded_latency\": {\"window_us\": 1000}}"));
        double flat = tpot(build(idle), 1, 64, 9);
        double curved = tpot(build(loaded), 1, 64, 9);
        double transfers = 32 * 6 + 3;
        assertTrue(curved > flat, curved + " vs " + flat);
        // At most every transfer pays the saturated 2.1x: 1.1 x 20 us x 195 more per step.
        assertTrue(curved - flat <= 1.1 * 20e-6 * transfers + 1e-6, (curved - flat) + " s more per step");
    }

    @Test
    void swapPreemptionMovesKvOverTheLinkInsteadOfRecomputing() throws IOException {
        // A KV pool too small for the batch forces preemptions; in swap mode the victims' KV goes
        // to host DRAM and comes back, so nothing is recomputed, and every swapped byte crosses
        // the host DRAM device twice (out and in), as the accumulators record.
        Path config = config(1, 1, 60, 250, "{\"default\": {\"weights\": \"npu\", \"kv_evict_loc\": \"cpu\"}}");
        SimulationOptions tight = options().toBuilder().npuMemoryUtilization(0.215).maxNumSeqs(64).build();
        ClusterBuilder.Built recompute = ClusterBuilder.build(ClusterConfigLoader.load(config), tight, null);
        ClusterBuilder.Built swap = ClusterBuilder.build(ClusterConfigLoader.load(config),
                tight.toBuilder().preemptionMode(PreemptionMode.SWAP).build(), null);
        recompute.simulation().run(FixedWorkload.burst(64, 512, 256), "test");
        swap.simulation().run(FixedWorkload.burst(64, 512, 256), "test");

        InstanceStats r = recompute.simulation().instanceStats(0);
        InstanceStats s = swap.simulation().instanceStats(0);
        assertTrue(r.preemptions() > 0 && r.recomputedTokens() > 0, "the pool must be tight enough to preempt");
        assertTrue(s.preemptions() > 0);
        assertEquals(0, s.recomputedTokens());
        assertEquals(s.swappedOutTokens(), s.swappedInTokens());
        assertTrue(s.swappedOutTokens() > 0);
        assertEquals(64, swap.simulation().completedRequests());
        MemorySystem m = swap.memory();
        int cpu = -1;
        for (int d = 0; d < m.count(); d++) {
            if (m.name(d).equals("node0.cpu_mem")) {
                cpu = d;
            }
        }
        assertEquals(2.0 * s.swappedOutTokens() * 131_072, m.bytesTransferred(cpu), 1.0);
        // Nothing stays swapped out once every request completed.
        assertEquals(0.0, m.usedBytes(cpu), 1.0);
    }

    @Test
    void offGpuWeightsAndKvOccupyTheirDevicesAndAreReported() throws IOException {
        ClusterBuilder.Built built = build(config(1, 2, 60, 250,
                "{\"default\": {\"weights\": \"cxl:0\", \"kv_loc\": \"cxl:1\"}}"));
        built.simulation().run(FixedWorkload.burst(8, 1000, 5), "test");
        MemorySystem m = built.memory();
        int cxl0 = -1;
        int cxl1 = -1;
        for (int d = 0; d < m.count(); d++) {
            if (m.name(d).equals("cxl:0")) {
                cxl0 = d;
            }
            if (m.name(d).equals("cxl:1")) {
                cxl1 = d;
            }
        }
        assertEquals(WEIGHTS, m.peakUsedBytes(cxl0), 1.0);
        // 8 requests x 1005 tokens -> 63 blocks each at most, 16 x 131,072 B per block.
        assertTrue(m.peakUsedBytes(cxl1) >= 8 * 63 * 16 * 131_072.0);
        assertTrue(m.bytesTransferred(cxl0) >= 5 * WEIGHTS, "five iterations at least stream all weights");
        assertTrue(m.bytesTransferred(cxl1) > 0);
    }
}
