package dev.memwall.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's {@code power} section (LLMServingSim's power model; it is enabled only when every node
 * has one). Powers in W, energies in pJ per bit, durations in s.
 *
 * @param baseNodePowerW {@code base_node_power}: constant draw of the node
 * @param npu {@code npu}: per hardware name (as in the instances' {@code hardware}), in file order
 * @param cpu {@code cpu}
 * @param dram {@code dram}
 * @param link {@code link}
 * @param nic {@code nic}
 * @param storage {@code storage}
 * @param hostLink {@code host_link}, a memwall extension; null for the power model's default
 */
public record PowerConfig(double baseNodePowerW, Map<String, NpuPowerConfig> npu, CpuPowerConfig cpu,
        DramPowerConfig dram, LinkPowerConfig link, NicPowerConfig nic, StoragePowerConfig storage,
        HostLinkPowerConfig hostLink) {
    public PowerConfig {
        npu = Collections.unmodifiableMap(new LinkedHashMap<>(npu));
    }
}
