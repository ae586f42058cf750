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
import dev.memwall.network.AstraSimAnalytical;

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
    private final MemConfig[] cpuMem;
    private final int[] cxlDevice;
    /** Per instance, per pipeline stage: its GPUs' HBM, host link and scale-up port (or NONE). */
    private final int[][] hbmDevice;
    private final int[][] hostLink;
    private final int[][] scaleUpPort;
    private final int[] networkLink;
    /** LLMServingSim's network (lss): per instance, ASTRA-Sim's first dimension and its NPUs' memory. */
    private final AstraSimAnalytical[] lssNetwork;
    /** Per instance, LLMServingSim's second network dimension (the first when there is one only). */
    private final AstraSimAnalytical[] lssAcross;
    /** What {@link #scaleUpPort} holds for a GPU without a scale-up link. */
    static final int NONE = -1;

    private MemoryTopology(ClusterConfig config, List<InstancePlan> plans, boolean lss) {
        this.cxl = config.cxlMem();
        this.lss = lss;
        cpuDevice = new int[config.nodes().size()];
        cpuMem = new MemConfig[config.nodes().size()];
        for (NodeConfig node : config.nodes()) {
            MemConfig m = node.cpuMem();
            cpuMem[node.index()] = m;
            cpuDevice[node.index()] = memory.addDevice("node" + node.index() + ".cpu_mem", MemorySystem.Kind.HOST_DRAM,
                    m.memSizeGb() * GIB, m.memBwGBps() * 1e9, Math.round(m.memLatencyNs()));
        }
        cxlDevice = new int[cxl == null ? 0 : cxl.numDevices()];
        for (int d = 0; d < cxlDevice.length; d++) {
            cxlDevice[d] = addCxlDevice(config, d);
        }
        hbmDevice = new int[plans.size()][];
        hostLink = new int[plans.size()][];
        scaleUpPort = new int[plans.size()][];
        for (int i = 0; i < plans.size(); i++) {
            addInstanceDevices(i, plans.get(i));
        }
        lssNetwork = new AstraSimAnalytical[plans.size()];
        lssAcross = new AstraSimAnalytical[plans.size()];
        int across = Math.min(1, config.linkBwGBps().length - 1);
        for (int i = 0; i < plans.size(); i++) {
            lssNetwork[i] = new AstraSimAnalytical(config.linkBwGBps()[0], config.linkLatencyNs()[0],
                    plans.get(i).ic().npuMem().memBwGBps());
            lssAcross[i] = new AstraSimAnalytical(config.linkBwGBps()[across], config.linkLatencyNs()[across],
                    plans.get(i).ic().npuMem().memBwGBps());
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

    /**
     * HBM and a host link per pipeline stage of instance {@code i} (named {@code instance<i>.hbm}
     * without pipelining, {@code instance<i>.stage<s>.hbm} with), and a scale-up port per stage when
     * the instance is pipelined or takes part in P/D hand-offs on GPUs that have a scale-up link.
     */
    private void addInstanceDevices(int i, InstancePlan p) {
        int stages = p.ic().ppSize();
        hbmDevice[i] = new int[stages];
        hostLink[i] = new int[stages];
        scaleUpPort[i] = new int[stages];
        double linkBw = p.ic().hostLink() != null ? p.ic().hostLink().bwGBps() * 1e9
                : p.hw().hostLink().achievableBytesPerSec();
        long linkLatency = p.ic().hostLink() != null ? Math.round(p.ic().hostLink().latencyNs())
                : p.hw().hostLink().latencyNs();
        for (int s = 0; s < stages; s++) {
            String prefix = "instance" + i + (stages > 1 ? ".stage" + s : "");
            hbmDevice[i][s] = memory.addDevice(prefix + ".hbm", MemorySystem.Kind.HBM,
                    p.ic().npuMem().memSizeGb() * GIB * p.tp(), hbmBytesPerSec(p), 0);
            hostLink[i][s] = memory.addLink(prefix + ".host_link", linkBw, linkLatency);
            boolean usesPorts = stages > 1 || p.ic().pdType() != null;
            scaleUpPort[i][s] = usesPorts && p.hw().scaleUpLink().present()
                    ? memory.addDevice(prefix + ".scale_up", MemorySystem.Kind.SCALE_UP, 0,
                            p.hw().scaleUpLink().bytesPerSec(), p.hw().scaleUpLink().latencyNs())
                    : NONE;
        }
    }

    /** Achievable HBM bandwidth of one instance's GPUs. */
    static double hbmBytesPerSec(InstancePlan p) {
        return p.hw().memoryBandwidthBytesPerSec() * p.hw().memoryEfficiency();
    }

    /** HBM of stage {@code stage} of instance {@code instance}. */
    int hbm(int instance, int stage) {
        return hbmDevice[instance][stage];
    }

    /** Host link of stage {@code stage} of instance {@code instance}. */
    int hostLink(int instance, int stage) {
        return hostLink[instance][stage];
    }

    /** Scale-up port of stage {@code stage} of instance {@code instance}, or {@link #NONE}. */
    int scaleUpPort(int instance, int stage) {
        return scaleUpPort[instance][stage];
    }

    /**
     * The path a pipelined instance's activations take from stage {@code s} to {@code s + 1}: the
     * sending GPUs' scale-up ports where they have a scale-up link (one hop, full duplex), else out
     * over one stage's host link and in over the other's (PCIe through the host: two legs).
     */
    TransferPath stageHop(int instance, int s) {
        int[] ports = scaleUpPort[instance];
        if (ports[s] != NONE) {
            return new TransferPath(new int[] {ports[s]}, -1, 1.0);
        }
        return new TransferPath(new int[] {hostLink[instance][s]}, hostLink[instance][s + 1], 1.0);
    }

    /** Node {@code node}'s {@code cpu_mem}. */
    MemConfig nodeCpuMem(int node) {
        return cpuMem[node];
    }

    int network(int node) {
        return networkLink[node];
    }

    /** LLMServingSim's network as instance {@code instance} sees it (for {@code --memory-model lss}). */
    AstraSimAnalytical lssNetwork(int instance) {
        return lssNetwork[instance];
    }

    /**
     * LLMServingSim's network dimension across a data-parallel group's members (its second
     * {@code link_bw} / {@code link_latency} entry; the first when the config gives one).
     */
    AstraSimAnalytical lssAcrossNetwork(int instance) {
        return lssAcross[instance];
    }

    /**
     * The direct path a P/D hand-off takes from instance {@code from} to {@code to}: their GPUs'
     * scale-up ports within a node where both have them, PCIe through the host (out over one host
     * link, in over the other) within a node otherwise, the two nodes' network links between nodes.
     */
    TransferPath handoffPath(int from, int fromNode, int to, int toNode) {
        if (fromNode != toNode) {
            return new TransferPath(new int[] {networkLink[fromNode]}, networkLink[toNode], 1.0);
        }
        int out = scaleUpPort[from][0];
        int in = scaleUpPort[to][0];
        if (out != NONE && in != NONE) {
            return new TransferPath(new int[] {out}, in, 1.0);
        }
        return new TransferPath(new int[] {hostLink[from][0]}, hostLink[to][0], 1.0);
    }

    /** The leg between instance {@code instance}'s GPUs and CXL location {@code cxl}, over its host link. */
    TransferPath cxlLeg(int instance, MemoryLocation cxl, int node) {
        return path(cxl, node, hostLink[instance][0], false, "kv_transfer");
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
