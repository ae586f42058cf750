package dev.memwall.config;

/**
 * Energy of the GPUs' host links on a node, {@code power.host_link} (a memwall extension:
 * LLMServingSim does not charge the PCIe link between host memory and GPU).
 *
 * @param energyPerBitPj {@code energy_per_bit}, pJ per bit moved over a GPU's host link
 */
public record HostLinkPowerConfig(double energyPerBitPj) {
}
