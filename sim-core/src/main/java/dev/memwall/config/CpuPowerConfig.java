package dev.memwall.config;

/**
 * Host CPU power, {@code power.cpu}: {@code idle + (active - idle) * util}.
 *
 * @param idlePowerW {@code idle_power}
 * @param activePowerW {@code active_power}
 * @param util {@code util}, in [0, 1]
 */
public record CpuPowerConfig(double idlePowerW, double activePowerW, double util) {
}
