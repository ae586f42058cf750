package dev.memwall.config;

/**
 * Power states of one NPU kind, {@code power.npu.<hardware>}: idle always, standby for
 * {@code standbyDurationS} after a batch ends, active while computing.
 *
 * @param idlePowerW {@code idle_power}
 * @param standbyPowerW {@code standby_power}
 * @param activePowerW {@code active_power}
 * @param standbyDurationS {@code standby_duration}, seconds
 */
public record NpuPowerConfig(double idlePowerW, double standbyPowerW, double activePowerW,
        double standbyDurationS) {
}
