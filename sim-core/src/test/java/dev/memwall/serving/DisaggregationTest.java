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
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.input.InputException;
import dev.memwall.memory.MemorySystem;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/** Prefill/decode disaggregation in memwall's physical model: the hand-off's bytes over a real path. */
class DisaggregationTest {
    @TempDir
    Path dir;

    private static String instance(String pdType, String extra) {
        return instance(pdType, 0.9, extra);
    }

    private static String instance(String pdType, double memUtil, String extra) {
        return """
                {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                 "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0, "mem_util": %s}, "tp_size": 1,
                 "pd_type": %s%s}""".formatted(memUtil, pdType == null ? "null" : "\"" + pdType + "\"", extra);
    }

    private Path config(String cxl, String... instances) throws IOException {
        Path file = dir.resolve("pd.json");
        Files.writeString(file, """
                {"num_nodes": 1, "link_bw": 50, "link_latency": 2000, %s
                 "nodes": [{"num_instances": %d,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [%s]}]}
                """.formatted(cxl, instances.length, String.join(",", instances)));
        return file;
    }

    private static SimulationOptions options(double util) {
        Path root = RepoPaths.root();
        return SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).npuMemoryUtilization(util).keepTokenTimes(true).build();
    }

    private static ClusterSimulation run(Path config, FixedWorkload work, double util) {
        ClusterSimulation sim = ClusterBuilder.build(ClusterConfigLoader.load(config), options(util), null).simulation();
        sim.run(work, "test");
        return sim;
    }

    @Test
    void theHandoffOfAPromptsKvOverNvLinkAddsItsTransferTimeToTtft() throws IOException {
        // A 1,000-token prompt's KV: 1,000 x 128 KiB (Llama-3.1-8B, bf16) leaves the prefill GPU's
        // NVLink port and enters the decode GPU's; it takes both ports' latency and the bytes at
        // NVLink's bandwidth, on top of the prefill itself (which a colocated instance also does).
        HardwareSpec h100 = HardwareCatalog.load(RepoPaths.root().resolve("configs/hardware"), "H100", "test");
        double bytes = 1000.0 * 131_072;
        long handoffNs = 2 * h100.scaleUpLink().latencyNs() + Math.round(bytes / h100.scaleUpLink().bytesPerSec() * 1e9);
        ClusterSimulation colocated = run(config("", instance(null, "")), FixedWorkload.burst(1, 1000, 4), 0.9);
        ClusterSimulation split = run(config("", instance("prefill", ""), instance("decode", "")),
                FixedWorkload.burst(1, 1000, 4), 0.9);
        long ttftColocated = colocated.requests().firstTokenNs(0);
        long ttftSplit = split.requests().firstTokenNs(0);
        assertEquals(ttftColocated + handoffNs, ttftSplit);
        assertTrue(ttftSplit - ttftColocated >= bytes / h100.scaleUpLink().bytesPerSec() * 1e9);
        // The request finished on the decode instance, which wrote its row; the bytes are counted.
        assertEquals(1, split.requests().instance(0));
        assertEquals(0, split.requests().prefilledOn(0));
        assertEquals(bytes, split.handoffStats().bytesMoved(), 1e-6);
        assertEquals(handoffNs, split.handoffStats().latency().maxNs());
    }

    @Test
    void throughASharedCxlDeviceHandoffsQueueAsTheLoadGrows() throws IOException {
        // Two prefill and two decode instances hand every prompt's KV through cxl:0, each GPU over
        // its own PCIe link: the more requests per second, the busier the device and the longer a
        // hand-off waits for it.
        String via = ", \"kv_transfer\": \"cxl:0\"";
        Path cfg = config("\"cxl_mem\": {\"mem_size\": 256, \"mem_bw\": 30, \"mem_latency\": 250, \"num_devices\": 1},",
                instance("prefill", via), instance("prefill", via), instance("decode", via), instance("decode", via));
        double[] busy = new double[2];
        double[] handoffMs = new double[2];
        long[] spacingNs = {400_000_000L, 20_000_000L};
        for (int k = 0; k < 2; k++) {
            int n = 60;
            long[] arrivals = new long[n];
            int[] prompts = new int[n];
            int[] outputs = new int[n];
            for (int i = 0; i < n; i++) {
                arrivals[i] = i * spacingNs[k];
                prompts[i] = 2000;
                outputs[i] = 16;
            }
            ClusterSimulation sim = run(cfg, new FixedWorkload(arrivals, prompts, outputs), 0.9);
            assertEquals(n, sim.completedRequests());
            MemorySystem m = sim.memory();
            int cxl = deviceNamed(m, "cxl:0");
            busy[k] = m.busyNs(cxl) / (double) sim.endTimeNs();
            handoffMs[k] = sim.handoffStats().latency().meanNs() / 1e6;
            // Written once and read once: each hand-off crossed the device twice.
            assertEquals(2 * sim.handoffStats().bytesMoved(), m.bytesTransferred(cxl), 1.0);
        }
        assertTrue(busy[1] > 5 * busy[0], busy[0] + " -> " + busy[1]);
        assertTrue(handoffMs[1] > handoffMs[0], handoffMs[0] + " -> " + handoffMs[1] + " ms");
    }

    @Test
    void aDecodeInstanceWithoutRoomKeepsHandoffsWaitingAndDropsNone() throws IOException {
        // A decode instance with little KV room: hand-offs wait for blocks to free, in order.
        Path cfg = config("", instance("prefill", ""), instance("decode", 0.22, ""));
        ClusterSimulation sim = run(cfg, FixedWorkload.burst(40, 3000, 200), 0.9);
        assertEquals(40, sim.completedRequests());
        assertTrue(sim.handoffStats().waitedForRoom() > 0, "some hand-offs should have waited");
    }

    @Test
    void refusesPrefillInstancesWithNoDecodeInstance() throws IOException {
        Path cfg = config("", instance("prefill", ""), instance(null, ""));
        InputException e = assertThrows(InputException.class,
                () -> ClusterBuilder.build(ClusterConfigLoader.load(cfg), options(0.9), null));
        assertEquals("pd.json: nodes[0].instances[0].pd_type: \"prefill\" instances need a \"decode\" instance to"
                + " hand their requests to, and the config has none", e.getMessage());
    }

    @Test
    void refusesAKvTransferDeviceThatDoesNotExist() throws IOException {
        Path cfg = config("\"cxl_mem\": {\"mem_size\": 64, \"mem_bw\": 30, \"mem_latency\": 250, \"num_devices\": 1},",
                instance("prefill", ", \"kv_transfer\": \"cxl:3\""), instance("decode", ""));
        InputException e = assertThrows(InputException.class, () -> ClusterConfigLoader.load(cfg));
        assertTrue(e.getMessage().startsWith("pd.json: nodes[0].instances[0].kv_transfer: cxl:3 does not exist"),
                e.getMessage());
    }

    private static int deviceNamed(MemorySystem m, String name) {
        for (int d = 0; d < m.count(); d++) {
            if (m.name(d).equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no device " + name);
    }
}
