package dev.memwall.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.input.InputException;

/** The power model's arithmetic against sums done by hand. */
class EnergyMeterTest {
    private static final String POWER = """
            "power": {"base_node_power": 60,
              "npu": {"H100": {"idle_power": 35, "standby_power": 300, "active_power": 600, "standby_duration": 18}},
              "cpu": {"idle_power": 10, "active_power": 200, "util": 0.15},
              "dram": {"dimm_size": 32, "idle_power": 2.0, "energy_per_bit": 6.0},
              "link": {"num_links": 1, "idle_power": 5, "energy_per_bit": 4.0},
              "nic": {"num_nics": 1, "idle_power": 20},
              "storage": {"num_devices": 2, "idle_power": 5}%s},
            """;

    private static ClusterConfig config(String power, String cxlPower) throws Exception {
        String json = """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 256, "mem_bw": 50, "mem_latency": 250, "num_devices": 2%s},
                 "nodes": [{"num_instances": 1,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   %s
                   "instances": [{"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                     "num_npus": 2, "tp_size": 2, "pd_type": null}]}]}
                """.formatted(cxlPower, power);
        return ClusterConfigLoader.load(new ObjectMapper().readTree(json), "cluster.json");
    }

    /** Devices 0 = host DRAM, 1 = the host link, 2 and 3 = cxl:0 and cxl:1. */
    private static PowerModel model(ClusterConfig c, double boardPowerW) {
        return PowerModel.of(c, List.of(new PowerModel.Gpus(0, "H100", boardPowerW, 2, "cluster.json: nodes[0]")),
                new PowerModel.Devices(new int[] {0}, List.of(new PowerModel.Link(0, 1, "instance0.host_link")),
                        new int[] {2, 3}, List.of()));
    }

    /** 10 s: compute 4 s, stalled 1 s, standby gaps 2 s; DRAM 1 GB, host link 2 GB, CXL 0.5 and 0 GB; 3 GB of ring. */
    private static Usage usage() {
        return new Usage(10_000_000_000L, new long[] {4_000_000_000L}, new long[] {1_000_000_000L},
                new long[] {2_000_000_000L}, new double[] {3e9}, new double[] {1e9, 2e9, 0.5e9, 0},
                new boolean[] {true, true, true, true});
    }

    @Test
    void addsUpAConfiguredNodeAsLlmServingSimDescribesIt() throws Exception {
        Energy e = EnergyMeter.measure(model(config(POWER.formatted(""), ""), Double.NaN), usage());
        // Two GPUs: active 4 s x 600 W, standby (1 + 2) s x 300 W, idle 3 s x 35 W.
        assertEquals(2 * 4 * 600.0, e.joules("npu_active"), 1e-9);
        assertEquals(2 * 3 * 300.0, e.joules("npu_standby"), 1e-9);
        assertEquals(2 * 3 * 35.0, e.joules("npu_idle"), 1e-9);
        assertEquals((10 + 190 * 0.15) * 10, e.joules("cpu"), 1e-9);
        // 512 GiB / 32 GiB = 16 DIMMs x 2 W x 10 s, plus 8e9 bits x 6 pJ.
        assertEquals(16 * 2.0 * 10 + 8e9 * 6e-12, e.joules("dram"), 1e-9);
        assertEquals(5.0 * 10 + 24e9 * 4e-12, e.joules("link"), 1e-9);
        assertEquals(200.0, e.joules("nic"), 1e-9);
        assertEquals(100.0, e.joules("storage"), 1e-9);
        assertEquals(600.0, e.joules("base"), 1e-9);
        // The host link's default 4 pJ/bit; CXL's defaults: 8 W + 256 GiB x 2 W / 32 GiB = 24 W, 10 pJ/bit.
        assertEquals(16e9 * 4e-12, e.joules("instance0.host_link"), 1e-12);
        assertEquals(24.0 * 10 + 4e9 * 10e-12, e.joules("cxl:0"), 1e-9);
        assertEquals(24.0 * 10, e.joules("cxl:1"), 1e-9);
        assertEquals("config and defaults", e.source());
        double sum = e.components().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(sum, e.totalJoules(), 1e-9);
    }

    @Test
    void takesCxlAndHostLinkFiguresFromTheConfigWhenGiven() throws Exception {
        String power = POWER.formatted(", \"host_link\": {\"energy_per_bit\": 5}");
        Energy e = EnergyMeter.measure(model(config(power, ", \"power\": {\"idle_power\": 12, \"energy_per_bit\": 20}"),
                Double.NaN), usage());
        assertEquals(16e9 * 5e-12, e.joules("instance0.host_link"), 1e-12);
        assertEquals(12.0 * 10 + 4e9 * 20e-12, e.joules("cxl:0"), 1e-9);
        assertEquals("config", e.source());
    }

    @Test
    void withoutAPowerBlockScalesTheGpuStatesFromItsBoardPower() throws Exception {
        PowerModel m = model(config("", ""), 700);
        Energy e = EnergyMeter.measure(m, usage());
        assertEquals(2 * 4 * 700.0, e.joules("npu_active"), 1e-9);
        assertEquals(2 * 3 * 350.0, e.joules("npu_standby"), 1e-9);
        assertEquals(2 * 3 * 700 * 35.0 / 600, e.joules("npu_idle"), 1e-9);
        assertEquals(600.0, e.joules("base"), 1e-9);
        assertEquals(18_000_000_000L, m.standbyWindowNs(0));
        assertEquals("defaults", e.source());
        assertEquals(4, m.defaultSources().size());
    }

    @Test
    void pimKvReadsCostTheNodesDramEnergyPerBitAsTheirOwnComponent() throws Exception {
        Usage base = usage();
        Usage offloaded = new Usage(base.simulatedNs(), base.computeNs(), base.stalledNs(), base.standbyGapNs(),
                base.ringBytes(), base.deviceBytes(), base.deviceInUse(), new double[] {5e9});
        Energy e = EnergyMeter.measure(model(config(POWER.formatted(""), ""), Double.NaN), offloaded);
        // 5 GB read in memory: 40e9 bits x the node's 6 pJ/bit; the transfers' DRAM energy unchanged.
        assertEquals(40e9 * 6e-12, e.joules("pim"), 1e-9);
        assertEquals(16 * 2.0 * 10 + 8e9 * 6e-12, e.joules("dram"), 1e-9);
        Energy without = EnergyMeter.measure(model(config(POWER.formatted(""), ""), Double.NaN), base);
        assertTrue(!without.components().containsKey("pim"), "no pim component without PIM reads");
        assertEquals(without.totalJoules() + 40e9 * 6e-12, e.totalJoules(), 1e-9);
    }

    @Test
    void standbyNeverTakesMoreThanTheTimeLeftAfterCompute() throws Exception {
        Usage u = new Usage(10_000_000_000L, new long[] {9_000_000_000L}, new long[] {0}, new long[] {5_000_000_000L},
                new double[] {0}, new double[4], new boolean[4]);
        Energy e = EnergyMeter.measure(model(config(POWER.formatted(""), ""), Double.NaN), u);
        assertEquals(2 * 1 * 300.0, e.joules("npu_standby"), 1e-9);
        assertEquals(0.0, e.joules("npu_idle"), 1e-9);
    }

    @Test
    void refusesAGpuWithNeitherAPowerEntryNorABoardPower() throws Exception {
        InputException e = assertThrows(InputException.class, () -> model(config("", ""), Double.NaN));
        assertTrue(e.getMessage().startsWith("cluster.json: nodes[0].hardware: H100 has no board_power_w"),
                e.getMessage());
    }
}
