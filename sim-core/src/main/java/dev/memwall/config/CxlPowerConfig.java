package dev.memwall.config;

/**
 * Power of one CXL memory device, {@code cxl_mem.power} (a memwall extension: LLMServingSim has no
 * CXL energy): a constant draw per device and an energy per bit read or written.
 *
 * @param idlePowerW     {@code idle_power}, W per device (controller, board and its DIMMs at idle)
 * @param energyPerBitPj {@code energy_per_bit}, pJ per bit moved (DRAM access, controller and CXL link)
 */
public record CxlPowerConfig(double idlePowerW, double energyPerBitPj) {
}
