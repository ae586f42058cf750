package dev.memwall.serving;

import java.util.List;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.CxlMemConfig;
import dev.memwall.config.MemConfig;
import dev.memwall.config.MemoryLocation;
import dev.memwall.config.NodeConfig;
import dev.memwall.input.InputException;
import dev.memwall.memory.LoadedLatency;
import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.TransferPath;

/**
 * The cluster's memory devices and links, the second phase of {@link ClusterBuilder}: host DRAM
 * per node, the CXL devices, HBM and a host link per instance, and a network link per node
 * ({@code link_bw}, {@code link_latency}). Resolves placement locations to device ids and
 * transfer paths.
 */
final class MemoryTopology {
    static final double GIB = 1024.0 * 1024.0 * 1024.0;

    final MemorySystem memory = new MemorySystem();
    final CxlMemConfig cxl;
    final boolean lss;
    private final int[] cpuDevice;
    private final int[] cxlDevice;
    private final int[] hbmDevice;
    private final int[] hostLink;
    private final int[] networkLink;

    private MemoryTopology(ClusterConfig config, List<InstancePlan> plans, boolean lss) {
        this.cxl = config.cxlMem();
        this.lss = lss;
        cpuDevice = new int[config.nodes().size()];
        for (NodeConfig node : config.nodes()) {
            MemConfig m = node.cpuMem();
            cpuDevice[node.index()] = memory.addDevice("node" + node.index() + ".cpu_mem", MemorySystem.Kind.HOST_DRAM,
                    m.memSizeGb() * GIB, m.memBwGBps() * 1e9, Math.round(m.memLatencyNs()));
        }
        cxlDevice = new int[cxl == null ? 0 : cxl.numDevices()];
        for (int d = 0; d < cxlDevice.length; d++) {
            cxlDevice[d] = addCxlDevice(config, d);
        }
        hbmDevice = new int[plans.size()];
        hostLink = new int[plans.size()];
        for (int i = 0; i < plans.size(); i++) {
            addInstanceDevices(i, plans.get(i));
        }
        networkLink = new int[config.nodes().size()];
        double[] bw = config.linkBwGBps();
        double[] latency = config.linkLatencyNs();
        for (NodeConfig node : config.nodes()) {
            // The first network dimension: the links a node's GPUs reach each other and other nodes over.
            networkLink[node.index()] = memory.addDevice("node" + node.index() + ".network", MemorySystem.Kind.NETWORK,
                    0, bw[0] * 1e9, Math.round(latency[0]));
        }
    }

    /** Builds the devices and links of {@code config} for the resolved instances. */
    static MemoryTopology build(ClusterConfig config, List<InstancePlan> plans, boolean lss) {
        return new MemoryTopology(config, plans, lss);
    }

    private int addCxlDevice(ClusterConfig config, int d) {
        int id = memory.addDevice("cxl:" + d, MemorySystem.Kind.CXL, cxl.memSizeGb() * GIB, cxl.memBwGBps() * 1e9,
                Math.round(cxl.memLatencyNs()));
        if (cxl.loadedLatency() != null && lss) {
            throw new InputException(config.fileName() + ": cxl_mem.loaded_latency: a memwall extension that"
                    + " --memory-model lss (LLMServingSim's model) does not have");
        }
        if (cxl.loadedLatency() != null) {
            double[][] curve = cxl.loadedLatency().curve() != null ? cxl.loadedLatency().curve()
                    : LoadedLatency.MESS_DDR5;
            memory.setLoadedLatency(id, new LoadedLatency(curve, cxl.loadedLatency().windowNs()));
        }
        return id;
    }

    private void addInstanceDevices(int i, InstancePlan p) {
        hbmDevice[i] = memory.addDevice("instance" + i + ".hbm", MemorySystem.Kind.HBM,
                p.ic().npuMem().memSizeGb() * GIB * p.tp(), hbmBytesPerSec(p), 0);
        double linkBw = p.ic().hostLink() != null ? p.ic().hostLink().bwGBps() * 1e9
                : p.hw().hostLink().achievableBytesPerSec();
        long linkLatency = p.ic().hostLink() != null ? Math.round(p.ic().hostLink().latencyNs())
                : p.hw().hostLink().latencyNs();
        hostLink[i] = memory.addLink("instance" + i + ".host_link", linkBw, linkLatency);
    }

    /** Achievable HBM bandwidth of one instance's GPUs. */
    static double hbmBytesPerSec(InstancePlan p) {
        return p.hw().memoryBandwidthBytesPerSec() * p.hw().memoryEfficiency();
    }

    int hbm(int instance) {
        return hbmDevice[instance];
    }

    int hostLink(int instance) {
        return hostLink[instance];
    }

    int network(int node) {
        return networkLink[node];
    }

    /** Node {@code node}'s host DRAM device. */
    int cpuDevice(int node) {
        return cpuDevice[node];
    }

    /** The memory-system ids of the CXL devices, in {@code cxl:<i>} order. */
    int[] cxlDevices() {
        return cxlDevice.clone();
    }

    /** The devices an off-GPU location names, for an instance on {@code node}. */
    int[] devices(MemoryLocation loc, int node) {
        if (loc.kind() == MemoryLocation.Kind.CPU) {
            return new int[] {cpuDevice[node]};
        }
        int[] ids = loc.cxlDevices();
        int[] out = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            out[k] = cxlDevice[ids[k]];
        }
        return out;
    }

    /**
     * The path from an off-GPU location to an instance on {@code node}, crossing {@code link}
     * (-1 for none, as LLMServingSim's model has it).
     */
    TransferPath path(MemoryLocation loc, int node, int link, boolean truncate, String where) {
        int[] devs = devices(loc, node);
        if (truncate && devs.length > 1) {
            throw new InputException(where + ": placement " + loc + " stripes over several devices, a memwall"
                    + " extension that --memory-model lss (LLMServingSim's model) does not have");
        }
        double efficiency = devs.length > 1 ? cxl.interleaveEfficiency() : 1.0;
        return new TransferPath(devs, link, efficiency, truncate);
    }
}
