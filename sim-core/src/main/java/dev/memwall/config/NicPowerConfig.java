package dev.memwall.config;

/**
 * NIC power, {@code power.nic}: a constant.
 *
 * @param numNics {@code num_nics}
 * @param idlePowerW {@code idle_power}, W per NIC
 */
public record NicPowerConfig(int numNics, double idlePowerW) {
}
