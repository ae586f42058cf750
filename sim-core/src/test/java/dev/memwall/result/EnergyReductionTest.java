package dev.memwall.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.memory.MemorySystem;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/** Energy of whole runs, from what each run counted, against sums done by hand. */
class EnergyReductionTest {
    private static final String POWER = """
            "power": {"base_node_power": 60,
              "npu": {"H100": {"idle_power": 35, "standby_power": 300, "active_power": 600, "standby_duration": 18}},
              "cpu": {"idle_power": 10, "active_power": 200, "util": 0.15},
              "dram": {"dimm_size": 32, "idle_power": 2.0, "energy_per_bit": 6.0},
              "link": {"num_links": 1, "idle_power": 5, "energy_per_bit": 4.0},
              "nic": {"num_nics": 1, "idle_power": 20},
              "storage": {"num_devices": 2, "idle_power": 5}},
            """;

    private static ClusterBuilder.Built build(String placement) throws Exception {
        String json = """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 256, "mem_bw": 64, "mem_latency": 250, "num_devices": 1,
                             "power": {"idle_power": 20, "energy_per_bit": 10}},
                 "nodes": [{"num_instances": 1,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   %s
                   "instances": [{"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                     "num_npus": 1, "tp_size": 1, "pd_type": null,
                     "placement": {"default": {"weights": "%s"}}}]}]}
                """.formatted(POWER, placement);
        Path root = RepoPaths.root();
        SimulationOptions o = SimulationOptions.defaults()
                .withModelsAndHardware(root.resolve("configs/models"), root.resolve("configs/hardware"));
        return ClusterBuilder.build(ClusterConfigLoader.load(new ObjectMapper().readTree(json), "cluster.json"), o,
                null);
    }

    /** Two 256 + 32 token requests, at 0 and {@code gapS} seconds. */
    private static RunResult runTwoApart(ClusterBuilder.Built built, long gapS) {
        built.simulation().run(new FixedWorkload(new long[] {0, gapS * 1_000_000_000L}, new int[] {256, 256},
                new int[] {32, 32}), "test");
        return RunReduction.reduce(built, 0);
    }

    @Test
    void aGpuIdleBetweenTwoRequestsSpendsExactlyItsStandbyDurationInStandby() throws Exception {
        ClusterBuilder.Built built = build("npu");
        RunResult r = runTwoApart(built, 100);
        double seconds = r.get(Metric.SIMULATED_SECONDS);
        double compute = built.simulation().computeNs(0) / 1e9;
        assertTrue(seconds > 100 && compute > 0 && compute < 1, seconds + " s, " + compute + " s computing");
        // Weights and KV in HBM: no stalls; one gap of ~100 s after the first request, capped at 18 s.
        assertEquals(600 * compute, r.energy().joules("npu_active"), 1e-6);
        assertEquals(300 * 18.0, r.energy().joules("npu_standby"), 1e-6);
        assertEquals(35 * (seconds - compute - 18), r.energy().joules("npu_idle"), 1e-6);
        // The CXL device holds nothing and moves nothing here: not installed, no energy.
        assertEquals(0.0, r.energy().joules("cxl:0"));
        assertEquals(0.0, r.cost().components().get("cxl_memory"));
        double constantW = 60 + (10 + 190 * 0.15) + 16 * 2 + 5 + 20 + 2 * 5;
        double busyJ = 600 * compute + 300 * 18 + 35 * (seconds - compute - 18);
        assertEquals(busyJ + constantW * seconds, r.get(Metric.ENERGY_JOULES), 1e-6);
        assertEquals(r.get(Metric.ENERGY_JOULES) / 64, r.get(Metric.JOULES_PER_OUTPUT_TOKEN), 1e-9);
        assertEquals(r.get(Metric.ENERGY_JOULES) / 2, r.get(Metric.JOULES_PER_REQUEST), 1e-9);
        assertEquals(r.get(Metric.ENERGY_JOULES) / seconds, r.get(Metric.AVERAGE_WATTS), 1e-9);
    }

    @Test
    void weightsOnCxlCostAtLeastTheirBytesAtCxlEnergyPerBitMorePerToken() throws Exception {
        RunResult hbm = runTwoApart(build("npu"), 2000);
        ClusterBuilder.Built cxlBuilt = build("cxl:0");
        RunResult cxl = runTwoApart(cxlBuilt, 2000);
        // Arrivals 2000 s apart: both serve the same requests at the same rate (within 1 %).
        assertEquals(hbm.get(Metric.REQUESTS_PER_S), cxl.get(Metric.REQUESTS_PER_S),
                0.01 * hbm.get(Metric.REQUESTS_PER_S));
        double cxlBytes = 0;
        MemorySystem m = cxlBuilt.memory();
        for (int d = 0; d < m.count(); d++) {
            if (m.kind(d) == MemorySystem.Kind.CXL) {
                cxlBytes += m.bytesTransferred(d);
            }
        }
        assertTrue(cxlBytes > 32 * 15e9, cxlBytes + " bytes read from CXL");
        double floorPerToken = cxlBytes * 8 * 10e-12 / 64;
        double rise = cxl.get(Metric.JOULES_PER_OUTPUT_TOKEN) - hbm.get(Metric.JOULES_PER_OUTPUT_TOKEN);
        assertTrue(rise >= floorPerToken, "rise " + rise + " J/token below " + floorPerToken);
        assertEquals(cxlBytes * 8 * 10e-12 + 20 * cxl.get(Metric.SIMULATED_SECONDS), cxl.energy().joules("cxl:0"),
                1e-6);
    }
}
