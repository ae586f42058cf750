package dev.memwall.config;

/**
 * Interconnect power, {@code power.link}.
 *
 * @param numLinks {@code num_links}
 * @param idlePowerW {@code idle_power}, W per link
 * @param energyPerBitPj {@code energy_per_bit}, pJ
 */
public record LinkPowerConfig(int numLinks, double idlePowerW, double energyPerBitPj) {
}
