package dev.memwall.config;

/**
 * Storage power, {@code power.storage}: a constant.
 *
 * @param numDevices {@code num_devices}
 * @param idlePowerW {@code idle_power}, W per device
 */
public record StoragePowerConfig(int numDevices, double idlePowerW) {
}
