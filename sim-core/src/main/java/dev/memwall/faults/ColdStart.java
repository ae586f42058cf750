package dev.memwall.faults;

import dev.memwall.memory.MemorySystem;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.FaultControl;

/**
 * The time each instance takes to load its weights before it can serve, and, with
 * {@code --cold-start}, the instance held until then (event kinds {@code cold-start} and
 * {@code cold-start-done}). The weights are read from host DRAM (as from the page cache; storage
 * is not modelled): each GPU's share of the HBM weights crosses its host link, the node's GPUs
 * sharing host DRAM's bandwidth; the weights placed on CXL devices are written there at the
 * slower of host DRAM's and the devices' summed bandwidth, all instances' together. An instance
 * is ready when both are done.
 */
public final class ColdStart {
    private ColdStart() {
    }

    /** Per instance, the seconds its weights take to load. */
    public static double[] seconds(ClusterBuilder.Built built) {
        MemorySystem m = built.memory();
        double dramBw = Double.MAX_VALUE;
        double cxlBytes = 0;
        double cxlBw = 0;
        for (int d = 0; d < m.count(); d++) {
            if (m.kind(d) == MemorySystem.Kind.HOST_DRAM) {
                dramBw = Math.min(dramBw, m.bytesPerSec(d));
            } else if (m.kind(d) == MemorySystem.Kind.CXL && m.reservedBytes(d) > 0) {
                cxlBytes += m.reservedBytes(d);
                cxlBw += m.bytesPerSec(d);
            }
        }
        int gpus = 0;
        for (ClusterBuilder.ResolvedInstance ri : built.instances()) {
            gpus += ri.shape().tpSize() * ri.pipelineStages();
        }
        double cxlSeconds = cxlBytes == 0 ? 0 : cxlBytes / Math.min(dramBw, cxlBw);
        double[] out = new double[built.instances().size()];
        for (int i = 0; i < out.length; i++) {
            ClusterBuilder.ResolvedInstance ri = built.instances().get(i);
            double linkBw = m.bytesPerSec(hostLink(m, i));
            double hbm = ri.weightsHbmBytes() / Math.min(linkBw, dramBw / Math.max(1, gpus));
            out[i] = Math.max(hbm, ri.offloadedWeightBytes() > 0 ? cxlSeconds : 0);
        }
        return out;
    }

    /** With {@code --cold-start}, holds every instance from time 0 until its weights are loaded. */
    static void install(ClusterBuilder.Built built) {
        if (!built.options().coldStart()) {
            return;
        }
        ClusterSimulation sim = built.simulation();
        FaultControl control = sim.faults();
        int hold = sim.loop().register("cold-start", false, (now, i) -> control.setHeld(i, true, now));
        int done = sim.loop().register("cold-start-done", false, (now, i) -> control.setHeld(i, false, now));
        double[] s = seconds(built);
        for (int i = 0; i < s.length; i++) {
            control.schedule(0, hold, i);
            control.schedule(Math.round(s[i] * 1e9), done, i);
        }
    }

    /** Instance {@code i}'s (first stage's) host link. */
    private static int hostLink(MemorySystem m, int i) {
        for (int d = 0; d < m.count(); d++) {
            String name = m.name(d);
            if (m.kind(d) == MemorySystem.Kind.HOST_LINK && (name.equals("instance" + i + ".host_link")
                    || name.equals("instance" + i + ".stage0.host_link"))) {
                return d;
            }
        }
        throw new IllegalStateException("instance " + i + " has no host link");
    }
}
