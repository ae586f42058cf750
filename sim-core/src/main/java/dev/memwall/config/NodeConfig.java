package dev.memwall.config;

import java.util.List;

/**
 * One node: host memory shared by its NPUs, and the instances running on them.
 *
 * @param index position in {@code nodes}
 * @param numInstances {@code num_instances}, equal to {@code instances.size()}
 * @param cpuMem {@code cpu_mem}
 * @param instances its instances, in file order
 * @param power {@code power}; {@code null} when absent
 */
public record NodeConfig(int index, int numInstances, MemConfig cpuMem, List<InstanceConfig> instances,
        PowerConfig power) {
    public NodeConfig {
        instances = List.copyOf(instances);
    }
}
