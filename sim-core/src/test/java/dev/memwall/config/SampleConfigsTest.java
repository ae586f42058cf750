package dev.memwall.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memwall.testing.RepoPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every LLMServingSim sample cluster config loads with the values it states. */
class SampleConfigsTest {

    private static ClusterConfig load(String name) {
        return ClusterConfigLoader.load(RepoPaths.sharedFile("llmservingsim-files/configs/cluster/" + name));
    }

    @Test
    void readsTheSingleInstanceSampleWithItsUnitsAndNoExtras() {
        ClusterConfig c = load("single_node_single_instance.json");
        assertEquals("single_node_single_instance.json", c.fileName());
        assertEquals(1, c.numNodes());
        assertArrayEquals(new double[] {16}, c.linkBwGBps());
        assertArrayEquals(new double[] {20000}, c.linkLatencyNs());
        assertNull(c.cxlMem());
        assertEquals(0, c.cxlDeviceCount());
        NodeConfig node = c.nodes().get(0);
        assertEquals(new MemConfig(512, 256, 0, null), node.cpuMem());
        assertNull(node.power());
        InstanceConfig inst = c.instances().get(0);
        assertEquals("nodes[0].instances[0]", inst.path());
        assertEquals("meta-llama/Llama-3.1-8B", inst.modelName());
        assertEquals("RTXPRO6000", inst.hardware());
        assertEquals(new NpuMemConfig(96, 1597, 0, null), inst.npuMem());
        assertNull(inst.pdType());
        assertEquals(List.of(1, 1, 1), List.of(inst.numNpus(), inst.tpSize(), inst.ppSize()));
        assertNull(inst.epSize());
        assertNull(inst.placement());
        assertNull(inst.hostLink());
        assertTrue(inst.overrides().isEmpty());
    }

    @Test
    void readsTheCxlSampleWithFourDevicesAndItsBlockGroups() {
        ClusterConfig c = load("single_node_cxl_instance.json");
        assertEquals(new CxlMemConfig(1024, 60, 250, 4, 0.85, null, null), c.cxlMem());
        InstanceConfig inst = c.instances().get(0);
        assertEquals(1, inst.numNpus(), "num_npus is inferred from tp_size");
        PlacementConfig p = inst.placement();
        assertEquals(new PlacementEntry("cxl:0", "npu", "cpu"), p.defaults());
        assertEquals(5, p.blocks().size());
        BlockPlacement third = p.blocks().get(2);
        assertEquals("nodes[0].instances[0].placement.blocks[2]", third.path());
        assertEquals("8,9,10", third.spec());
        assertEquals(List.of(8, 9, 10), third.blocks());
        assertEquals("cxl:2", third.entry().weights());
        assertEquals(List.of(0, 1, 2, 3), p.blocks().get(0).blocks());
        assertEquals(13, p.blocks().get(3).blocks().size());
        assertEquals(List.of("embedding", "final_layernorm", "lm_head"), List.copyOf(p.layers().keySet()));
        assertEquals("cxl:3", p.layers().get("lm_head").weights());
    }

    @Test
    void readsTheMemorySampleWithEverythingOnTheNpu() {
        PlacementConfig p = load("single_node_memory_instance.json").instances().get(0).placement();
        assertEquals(new PlacementEntry("npu", "npu", "cpu"), p.defaults());
        assertTrue(p.blocks().stream().allMatch(b -> b.entry().weights().equals("npu")));
        assertEquals(32, p.blocks().stream().mapToInt(b -> b.blocks().size()).sum());
    }

    @Test
    void readsThePdSampleAsOnePrefillAndOneDecodeInstance() {
        ClusterConfig c = load("single_node_pd_instance.json");
        List<InstanceConfig> instances = c.instances();
        assertEquals(2, instances.size());
        assertEquals(InstanceConfig.PREFILL, instances.get(0).pdType());
        assertEquals(InstanceConfig.DECODE, instances.get(1).pdType());
        assertEquals("nodes[0].instances[1]", instances.get(1).path());
        assertEquals(1, instances.get(1).globalIndex());
    }

    @Test
    void readsEveryPartOfThePowerSample() {
        PowerConfig power = load("single_node_power_instance.json").nodes().get(0).power();
        assertEquals(60, power.baseNodePowerW());
        assertEquals(new NpuPowerConfig(35, 300, 600, 18), power.npu().get("RTXPRO6000"));
        assertEquals(new CpuPowerConfig(10, 200, 0.15), power.cpu());
        assertEquals(new DramPowerConfig(32, 2.0, 6.0), power.dram());
        assertEquals(new LinkPowerConfig(1, 5, 4.0), power.link());
        assertEquals(new NicPowerConfig(1, 20), power.nic());
        assertEquals(new StoragePowerConfig(2, 5), power.storage());
    }

    @Test
    void readsTheDualNodeSampleWithPerDimensionLinksAndAnExpertParallelDpGroup() {
        ClusterConfig c = load("dual_node_moe_dp_ep_intra_inter_instance.json");
        assertEquals(2, c.numNodes());
        assertArrayEquals(new double[] {128, 16}, c.linkBwGBps());
        assertArrayEquals(new double[] {500, 20000}, c.linkLatencyNs());
        InstanceConfig second = c.instances().get(1);
        assertEquals("nodes[1].instances[0]", second.path());
        assertEquals(1, second.nodeIndex());
        assertEquals(1, second.globalIndex());
        assertEquals(List.of(2, 2, 1), List.of(second.numNpus(), second.tpSize(), second.ppSize()));
        assertEquals(4, second.epSize());
        assertEquals("A", second.dpGroup());
    }
}
