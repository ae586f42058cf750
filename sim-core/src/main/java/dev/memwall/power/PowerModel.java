package dev.memwall.power;

import java.util.ArrayList;
import java.util.List;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.CxlPowerConfig;
import dev.memwall.config.NodeConfig;
import dev.memwall.config.NpuPowerConfig;
import dev.memwall.config.PowerConfig;
import dev.memwall.input.InputException;

/**
 * The power parameters of a cluster, resolved once when it is built: per node from its
 * {@code power} block (LLMServingSim's schema plus memwall's {@code host_link}) or
 * {@link PowerDefaults}; per instance its GPUs' states; per CXL device {@code cxl_mem.power} or the
 * defaults; and which memory-system ids are the host DRAM, host links and CXL devices whose bytes
 * cost energy. Unlike LLMServingSim, which silently drops the power model unless every node has a
 * block, a node without one gets the defaults, and the result says so ({@link #source}).
 */
public final class PowerModel {
    private final List<NodePower> nodes;
    private final List<NpuPower> npus;
    private final CxlPowerConfig cxl;
    private final boolean cxlFromConfig;
    private final Devices devices;

    /**
     * One instance's GPUs, as the cluster builder resolved them.
     *
     * @param boardPowerW the hardware file's TDP, NaN when it gives none
     * @param where       names the instance in errors
     */
    public record Gpus(int node, String hardware, double boardPowerW, int count, String where) {
    }

    /**
     * A GPU's link whose bytes cost energy: its host link, or a pipeline stage's scale-up port.
     *
     * @param instance the instance it belongs to
     * @param device   its memory-system id
     * @param name     its name, e.g. {@code instance0.host_link}
     */
    public record Link(int instance, int device, String name) {
    }

    /**
     * Memory-system ids of what costs energy per byte.
     *
     * @param hostDram  per node, its host DRAM device
     * @param hostLinks every GPU host link (one per pipeline stage of each instance)
     * @param cxl       the CXL devices, in {@code cxl:<i>} order
     * @param scaleUp   the scale-up ports pipeline stages hand activations over (their bytes count
     *                  with the node's link energy)
     */
    public record Devices(int[] hostDram, List<Link> hostLinks, int[] cxl, List<Link> scaleUp) {
        public Devices {
            hostDram = hostDram.clone();
            hostLinks = List.copyOf(hostLinks);
            cxl = cxl.clone();
            scaleUp = List.copyOf(scaleUp);
        }

        @Override
        public int[] hostDram() {
            return hostDram.clone();
        }

        @Override
        public int[] cxl() {
            return cxl.clone();
        }
    }

    private PowerModel(List<NodePower> nodes, List<NpuPower> npus, CxlPowerConfig cxl, boolean cxlFromConfig,
            Devices devices) {
        this.nodes = List.copyOf(nodes);
        this.npus = List.copyOf(npus);
        this.cxl = cxl;
        this.cxlFromConfig = cxlFromConfig;
        this.devices = devices;
    }

    /**
     * Resolves the power model of {@code config} for its instances' GPUs.
     *
     * @throws InputException when a GPU has neither a {@code power.npu} entry nor a board power in
     *     its hardware file
     */
    public static PowerModel of(ClusterConfig config, List<Gpus> gpus, Devices devices) {
        List<NodePower> nodes = new ArrayList<>();
        for (NodeConfig n : config.nodes()) {
            nodes.add(node(n));
        }
        List<NpuPower> npus = new ArrayList<>();
        for (Gpus g : gpus) {
            npus.add(npu(config, g));
        }
        CxlPowerConfig cxl = null;
        boolean fromConfig = false;
        if (config.cxlMem() != null) {
            fromConfig = config.cxlMem().power() != null;
            cxl = fromConfig ? config.cxlMem().power() : PowerDefaults.cxl(config.cxlMem().memSizeGb());
        }
        return new PowerModel(nodes, npus, cxl, fromConfig, devices);
    }

    private static NodePower node(NodeConfig n) {
        double dramGib = n.cpuMem().memSizeGb();
        PowerConfig p = n.power();
        if (p == null) {
            return new NodePower(PowerDefaults.BASE_NODE_W, PowerDefaults.CPU, PowerDefaults.DRAM, dramGib,
                    PowerDefaults.LINK, PowerDefaults.NIC, PowerDefaults.STORAGE, PowerDefaults.HOST_LINK_PJ_PER_BIT,
                    false, false);
        }
        double hostLink = p.hostLink() == null ? PowerDefaults.HOST_LINK_PJ_PER_BIT : p.hostLink().energyPerBitPj();
        return new NodePower(p.baseNodePowerW(), p.cpu(), p.dram(), dramGib, p.link(), p.nic(), p.storage(), hostLink,
                true, p.hostLink() != null);
    }

    private static NpuPower npu(ClusterConfig config, Gpus g) {
        PowerConfig p = config.nodes().get(g.node()).power();
        if (p != null) {
            // The config parser has checked that every instance's hardware has an entry.
            NpuPowerConfig c = p.npu().get(g.hardware());
            return new NpuPower(c.idlePowerW(), c.standbyPowerW(), c.activePowerW(), seconds(c.standbyDurationS()),
                    g.count(), g.node(), true);
        }
        if (Double.isNaN(g.boardPowerW())) {
            throw new InputException(g.where() + ".hardware: " + g.hardware() + " has no board_power_w in its"
                    + " hardware file and nodes[" + g.node() + "] has no power block: the power model needs one");
        }
        double tdp = g.boardPowerW();
        return new NpuPower(tdp * PowerDefaults.NPU_IDLE_OF_TDP, tdp * PowerDefaults.NPU_STANDBY_OF_TDP, tdp,
                seconds(PowerDefaults.NPU_STANDBY_S), g.count(), g.node(), false);
    }

    private static long seconds(double s) {
        return s >= Long.MAX_VALUE / 1e9 ? Long.MAX_VALUE : Math.round(s * 1e9);
    }

    public List<NodePower> nodes() {
        return nodes;
    }

    /** Per instance, its GPUs' power states. */
    public List<NpuPower> npus() {
        return npus;
    }

    /** How long instance {@code i}'s GPUs stay in standby after a batch. */
    public long standbyWindowNs(int i) {
        return npus.get(i).standbyWindowNs();
    }

    /** Each CXL device's power, or null without CXL memory. */
    public CxlPowerConfig cxl() {
        return cxl;
    }

    public Devices devices() {
        return devices;
    }

    /** {@code config} when every figure came from the cluster config, {@code defaults} when none did, else both. */
    public String source() {
        boolean any = cxlFromConfig;
        boolean all = cxl == null || cxlFromConfig;
        for (NodePower n : nodes) {
            any |= n.fromConfig();
            all &= n.fromConfig() && n.hostLinkFromConfig();
        }
        for (NpuPower n : npus) {
            any |= n.fromConfig();
            all &= n.fromConfig();
        }
        return all ? "config" : any ? "config and defaults" : "defaults";
    }

    /** Where each default in use comes from; empty when the config gave everything. */
    public List<String> defaultSources() {
        List<String> out = new ArrayList<>();
        if (nodes.stream().anyMatch(n -> !n.fromConfig())) {
            out.add("host: " + PowerDefaults.HOST_SOURCE);
        }
        if (nodes.stream().anyMatch(n -> !n.hostLinkFromConfig())) {
            out.add("host_link: " + PowerDefaults.HOST_LINK_SOURCE);
        }
        if (npus.stream().anyMatch(n -> !n.fromConfig())) {
            out.add("npu: " + PowerDefaults.NPU_SOURCE);
        }
        if (cxl != null && !cxlFromConfig) {
            out.add("cxl: " + PowerDefaults.CXL_SOURCE);
        }
        return out;
    }
}
