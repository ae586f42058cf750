package dev.memwall.power;

import dev.memwall.config.CpuPowerConfig;
import dev.memwall.config.DramPowerConfig;
import dev.memwall.config.LinkPowerConfig;
import dev.memwall.config.NicPowerConfig;
import dev.memwall.config.StoragePowerConfig;

/**
 * One node's host-side power, from its {@code power} block or {@link PowerDefaults}.
 *
 * @param baseW            always-on draw of the node
 * @param dramGib          the node's host DRAM ({@code cpu_mem.mem_size}), which sets its DIMM count
 * @param hostLinkPjPerBit energy per bit over each of its GPUs' host links
 * @param fromConfig       whether the node's own {@code power} block gave these
 * @param hostLinkFromConfig whether its block gave {@code host_link} (a memwall extension)
 */
public record NodePower(double baseW, CpuPowerConfig cpu, DramPowerConfig dram, double dramGib, LinkPowerConfig link,
        NicPowerConfig nic, StoragePowerConfig storage, double hostLinkPjPerBit, boolean fromConfig,
        boolean hostLinkFromConfig) {

    /** DIMMs of host DRAM: its size over the DIMM size, rounded up. */
    public double dimms() {
        return Math.ceil(dramGib / dram.dimmSizeGb() - 1e-9);
    }

    /** The draw that does not depend on work: base, CPU, DRAM, link, NIC and storage idle power. */
    public double constantW() {
        return baseW + cpuW() + dimms() * dram.idlePowerWPerDimm() + link.numLinks() * link.idlePowerW()
                + nic.numNics() * nic.idlePowerW() + storage.numDevices() * storage.idlePowerW();
    }

    /** CPU draw: {@code idle + (active - idle) * util}. */
    public double cpuW() {
        return cpu.idlePowerW() + (cpu.activePowerW() - cpu.idlePowerW()) * cpu.util();
    }
}
