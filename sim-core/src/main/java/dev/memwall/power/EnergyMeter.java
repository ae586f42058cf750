package dev.memwall.power;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Usage} into {@link Energy} under a {@link PowerModel}, the way LLMServingSim's
 * power model adds it up, plus CXL devices and host links:
 * <ul>
 *   <li>each GPU is active while it computes, in standby while an iteration waits for memory and
 *       for up to {@code standby_duration} after each batch, idle otherwise; each state's joules
 *       are its power times its time;
 *   <li>the host draws {@code base_node_power}, the CPU's {@code idle + (active - idle) * util},
 *       each DIMM's idle power, each link's, NIC's and storage device's, all the time;
 *   <li>host DRAM adds {@code energy_per_bit} per bit moved, the scale-up links theirs per bit of
 *       TP all-reduce traffic (ring: {@code 2 (p - 1)} times the reduced bytes) and of pipeline
 *       stages' activation hand-offs;
 *   <li>each CXL device draws its idle power all the time plus its energy per bit moved (a device
 *       nothing ever used counts as not installed), and each GPU's host link its energy per bit;
 *   <li>a PIM device's in-memory KV reads (attention offload; component {@code pim}, present
 *       only when a PIM read anything) cost its node's DRAM {@code energy_per_bit}: the arrays
 *       are read as for a transfer, and the I/O energy PIM saves is not credited, for want of a
 *       sourced figure (an upper bound).
 * </ul>
 */
public final class EnergyMeter {
    private static final double PICO = 1e-12;
    private static final double BITS_PER_BYTE = 8;

    private EnergyMeter() {
    }

    /** The energy of {@code u} under {@code m}. */
    public static Energy measure(PowerModel m, Usage u) {
        double seconds = u.simulatedNs() / 1e9;
        Map<String, Double> c = new LinkedHashMap<>();
        npus(m.npus(), u, c);
        host(m, u, seconds, c);
        PowerModel.Devices d = m.devices();
        int[] cxl = d.cxl();
        for (int k = 0; k < cxl.length; k++) {
            double joules = !u.deviceInUse()[cxl[k]] ? 0
                    : m.cxl().idlePowerW() * seconds + perBit(u.deviceBytes()[cxl[k]], m.cxl().energyPerBitPj());
            c.put("cxl:" + k, joules);
        }
        pim(m, u, c);
        for (PowerModel.Link l : d.hostLinks()) {
            double pj = m.nodes().get(m.npus().get(l.instance()).node()).hostLinkPjPerBit();
            c.put(l.name(), perBit(u.deviceBytes()[l.device()], pj));
        }
        return new Energy(c, m.source());
    }

    private static void pim(PowerModel m, Usage u, Map<String, Double> c) {
        double joules = 0;
        boolean any = false;
        for (int i = 0; i < u.pimReadBytes().length; i++) {
            double bytes = u.pimReadBytes()[i];
            if (bytes > 0) {
                any = true;
                joules += perBit(bytes, m.nodes().get(m.npus().get(i).node()).dram().energyPerBitPj());
            }
        }
        if (any) {
            c.put("pim", joules);
        }
    }

    private static void npus(List<NpuPower> npus, Usage u, Map<String, Double> c) {
        double total = u.simulatedNs() / 1e9;
        double active = 0;
        double standby = 0;
        double idle = 0;
        for (int i = 0; i < npus.size(); i++) {
            NpuPower p = npus.get(i);
            double activeS = Math.min(total, u.computeNs()[i] / 1e9);
            double standbyS = Math.min(total - activeS, (u.stalledNs()[i] + u.standbyGapNs()[i]) / 1e9);
            double idleS = Math.max(0, total - activeS - standbyS);
            active += p.count() * p.activeW() * activeS;
            standby += p.count() * p.standbyW() * standbyS;
            idle += p.count() * p.idleW() * idleS;
        }
        c.put("npu_active", active);
        c.put("npu_standby", standby);
        c.put("npu_idle", idle);
    }

    private static void host(PowerModel m, Usage u, double seconds, Map<String, Double> c) {
        double cpu = 0;
        double dram = 0;
        double link = 0;
        double nic = 0;
        double storage = 0;
        double base = 0;
        int[] hostDram = m.devices().hostDram();
        for (int n = 0; n < m.nodes().size(); n++) {
            NodePower p = m.nodes().get(n);
            cpu += p.cpuW() * seconds;
            dram += p.dimms() * p.dram().idlePowerWPerDimm() * seconds
                    + perBit(u.deviceBytes()[hostDram[n]], p.dram().energyPerBitPj());
            link += p.link().numLinks() * p.link().idlePowerW() * seconds + perBit(ringBytes(m, u, n),
                    p.link().energyPerBitPj());
            nic += p.nic().numNics() * p.nic().idlePowerW() * seconds;
            storage += p.storage().numDevices() * p.storage().idlePowerW() * seconds;
            base += p.baseW() * seconds;
        }
        c.put("cpu", cpu);
        c.put("dram", dram);
        c.put("link", link);
        c.put("nic", nic);
        c.put("storage", storage);
        c.put("base", base);
    }

    /** Bytes over node {@code node}'s GPU-to-GPU links: TP all-reduce rings and pipeline hand-offs. */
    private static double ringBytes(PowerModel m, Usage u, int node) {
        double bytes = 0;
        for (int i = 0; i < m.npus().size(); i++) {
            if (m.npus().get(i).node() == node) {
                bytes += u.ringBytes()[i];
            }
        }
        for (PowerModel.Link l : m.devices().scaleUp()) {
            if (m.npus().get(l.instance()).node() == node) {
                bytes += u.deviceBytes()[l.device()];
            }
        }
        return bytes;
    }

    private static double perBit(double bytes, double pjPerBit) {
        return bytes * BITS_PER_BYTE * pjPerBit * PICO;
    }
}
