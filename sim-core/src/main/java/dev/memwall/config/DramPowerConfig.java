package dev.memwall.config;

/**
 * Host DRAM power, {@code power.dram}: idle power per DIMM plus energy per bit moved.
 *
 * @param dimmSizeGb {@code dimm_size}, GiB per DIMM (&gt; 0: the DIMM count is size / dimm size)
 * @param idlePowerWPerDimm {@code idle_power}, W per DIMM
 * @param energyPerBitPj {@code energy_per_bit}, pJ
 */
public record DramPowerConfig(double dimmSizeGb, double idlePowerWPerDimm, double energyPerBitPj) {
}
