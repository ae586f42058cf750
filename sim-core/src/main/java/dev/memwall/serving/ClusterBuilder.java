package dev.memwall.serving;

import dev.memwall.memory.MemoryModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.InstanceConfig;
import dev.memwall.config.SupportCheck;
import dev.memwall.hardware.Fidelity;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.input.InputException;
import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.ResolvedPlacement;
import dev.memwall.memory.TransferPath;
import dev.memwall.model.DType;
import dev.memwall.model.ModelShape;
import dev.memwall.power.PowerModel;

/**
 * Turns a validated cluster config and run options into a ready {@link ClusterSimulation}, in
 * phases, each a class of its own:
 * <ol>
 *   <li>{@link InstancePlan}: each instance's model, hardware, dtypes and scheduler settings;</li>
 *   <li>{@link MemoryTopology}: the devices and links (host DRAM and network per node, CXL
 *       devices, HBM and host link per instance);</li>
 *   <li>{@link DeviceBudget}: off-GPU weights reserved, what KV pools and prefix tiers share;</li>
 *   <li>{@link InstanceWiring}: per instance, transfer paths, HBM weights, the KV pool, swap and
 *       prefix tier, and the timing backend ({@link TimingBackends});</li>
 *   <li>capacities checked, and instances whose transfers share a device made stepwise.</li>
 * </ol>
 */
public final class ClusterBuilder {
    private ClusterBuilder() {
    }

    /**
     * What was resolved for one instance, for banners and summaries; with pipeline stages, the
     * KV and weight figures are those of its fullest stage's GPUs.
     */
    public record ResolvedInstance(int id, String path, String modelName, String hardwareName, DType dtype,
            DType kvDtype, ModelShape shape, int pipelineStages, HardwareSpec hardware, SchedulerSettings settings,
            int blockSize,
            long kvBlocks, long kvBlockBytes, long weightsHbmBytes, double hbmCapacityBytes, double memUtil,
            ResolvedPlacement placement, String kvLocation, long offloadedWeightBytes, Fidelity fidelity) {
    }

    /** A built simulation, its memory system, what each instance resolved to, its power model and options. */
    public record Built(ClusterSimulation simulation, List<ResolvedInstance> instances, MemorySystem memory,
            PowerModel power, SimulationOptions options) {
    }

    public static Built build(ClusterConfig config, SimulationOptions options, ClusterSimulation.Heartbeat heartbeat) {
        SupportCheck.requireSupported(config);
        boolean lss = options.memoryModel() == MemoryModel.LSS;
        List<InstancePlan> plans = new ArrayList<>();
        for (InstanceConfig ic : config.instances()) {
            plans.add(InstancePlan.resolve(config, ic, options));
        }
        if (plans.size() > StageAddress.MAX_INSTANCES) {
            throw new InputException(config.fileName() + ": " + plans.size() + " instances; at most "
                    + StageAddress.MAX_INSTANCES + " are supported");
        }
        MemoryTopology topology = MemoryTopology.build(config, plans, lss);
        DeviceBudget budget = new DeviceBudget(topology, plans, options, config.fileName());

        TimingBackends timing = new TimingBackends(options);
        RequestTable table = new RequestTable(1024);
        Instance[] instances = new Instance[plans.size()];
        List<InstanceWiring.Wired> wired = new ArrayList<>();
        List<ResolvedInstance> resolved = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            InstanceWiring.Wired w = new InstanceWiring(topology, budget, options, timing, plans.get(i), i).wire(table);
            wired.add(w);
            instances[i] = w.instance();
            resolved.add(w.resolved());
        }
        if (!lss) {
            checkCapacities(topology.memory, plans.isEmpty() ? "" : config.fileName());
            makeSharedTimelinesStepwise(wired, topology.memory.count());
        }
        DataParallelGroup[] groups = dataParallelGroups(config);
        if (lss) {
            for (DataParallelGroup g : groups) {
                g.holdIdleWavesToPolls();
            }
            lssMoeGroupRules(groups, plans, topology, instances);
        }
        ClusterSimulation sim = new ClusterSimulation(instances, groups,
                handoffPaths(config, topology), table, options.routing(), options.seed(), options.keepTokenTimes(),
                options.heartbeatIntervalNs(), heartbeat, topology.memory, lss, options.skipPrefill());
        sim.countGoodAgainst(options.slo());
        PowerModel power = powerModel(config, plans, topology);
        for (int i = 0; i < plans.size(); i++) {
            sim.setStandbyWindowNs(i, power.standbyWindowNs(i));
        }
        return new Built(sim, List.copyOf(resolved), topology.memory, power, options);
    }

    private static PowerModel powerModel(ClusterConfig config, List<InstancePlan> plans, MemoryTopology topology) {
        List<PowerModel.Gpus> gpus = new ArrayList<>();
        List<PowerModel.Link> hostLinks = new ArrayList<>();
        List<PowerModel.Link> scaleUp = new ArrayList<>();
        MemorySystem m = topology.memory;
        for (int i = 0; i < plans.size(); i++) {
            InstancePlan p = plans.get(i);
            int stages = p.ic().ppSize();
            gpus.add(new PowerModel.Gpus(p.node(), p.ic().hardware(), p.hw().boardPowerW(), p.tp() * stages,
                    p.where()));
            for (int s = 0; s < stages; s++) {
                int link = topology.hostLink(i, s);
                hostLinks.add(new PowerModel.Link(i, link, m.name(link)));
                int port = topology.scaleUpPort(i, s);
                if (port != MemoryTopology.NONE) {
                    scaleUp.add(new PowerModel.Link(i, port, m.name(port)));
                }
            }
        }
        int[] hostDram = new int[config.nodes().size()];
        for (int n = 0; n < hostDram.length; n++) {
            hostDram[n] = topology.cpuDevice(n);
        }
        return PowerModel.of(config, gpus, new PowerModel.Devices(hostDram, hostLinks, topology.cxlDevices(), scaleUp));
    }

    /**
     * Physical-model stages whose transfers share a device or link with another stage's (of this
     * instance or another) must issue them one event at a time, so that the FIFO queues see them in
     * global issue order.
     */
    private static void makeSharedTimelinesStepwise(List<InstanceWiring.Wired> wired, int resources) {
        // Users of each resource: stage timelines, and swap paths (swaps are issued as they happen,
        // but a timeline reserving ahead must not make another instance's swap queue behind it).
        // An instance's own swaps never race its own (sequential) iterations, but its stages do
        // race each other: each stage counts as a user, the swap path only where no stage is one.
        int[] users = new int[resources];
        for (InstanceWiring.Wired w : wired) {
            Set<Integer> mine = new TreeSet<>();
            for (Stage stage : w.instance().stages) {
                if (stage.timing() instanceof OffloadedIteration offloaded) {
                    for (int r : offloaded.timeline().possibleResources()) {
                        users[r]++;
                        mine.add(r);
                    }
                }
            }
            for (int r : swapResources(w.memory().swapPath())) {
                if (mine.add(r)) {
                    users[r]++;
                }
            }
        }
        for (InstanceWiring.Wired w : wired) {
            for (Stage stage : w.instance().stages) {
                if (!(stage.timing() instanceof OffloadedIteration offloaded)) {
                    continue;
                }
                boolean shared = false;
                for (int r : offloaded.timeline().possibleResources()) {
                    shared |= users[r] > 1;
                }
                if (shared) {
                    offloaded.makeStepwise();
                }
            }
        }
    }

    private static Set<Integer> swapResources(TransferPath swap) {
        Set<Integer> mine = new TreeSet<>();
        if (swap != null) {
            for (int k = 0; k < swap.deviceCount(); k++) {
                mine.add(swap.device(k));
            }
            if (swap.link() >= 0) {
                mine.add(swap.link());
            }
        }
        return mine;
    }

    /**
     * The paths of P/D hand-offs, for every prefill and decode pair: through CXL where the prefill
     * instance (else the decode one) names devices in {@code kv_transfer}, else direct. A config
     * with prefill instances and no decode instance (or the reverse) is refused.
     */
    private static HandoffPaths handoffPaths(ClusterConfig config, MemoryTopology topology) {
        List<InstanceConfig> all = config.instances();
        List<InstanceConfig> prefill = all.stream().filter(i -> InstanceConfig.PREFILL.equals(i.pdType())).toList();
        List<InstanceConfig> decode = all.stream().filter(i -> InstanceConfig.DECODE.equals(i.pdType())).toList();
        if (prefill.isEmpty() && decode.isEmpty()) {
            return HandoffPaths.none(topology.memory);
        }
        if (decode.isEmpty()) {
            throw new InputException(config.fileName() + ": " + prefill.get(0).path() + ".pd_type: \"prefill\""
                    + " instances need a \"decode\" instance to hand their requests to, and the config has none");
        }
        if (prefill.isEmpty()) {
            throw new InputException(config.fileName() + ": " + decode.get(0).path() + ".pd_type: \"decode\""
                    + " instances take requests from \"prefill\" instances, and the config has none");
        }
        HandoffPaths paths = new HandoffPaths(topology.memory, all.size());
        for (InstanceConfig p : prefill) {
            for (InstanceConfig d : decode) {
                dev.memwall.config.MemoryLocation via = p.kvTransfer() != null ? p.kvTransfer() : d.kvTransfer();
                int from = p.globalIndex();
                int to = d.globalIndex();
                if (via != null) {
                    paths.throughCxl(from, to, topology.cxlLeg(from, via, p.nodeIndex()),
                            topology.cxlLeg(to, via, d.nodeIndex()));
                } else {
                    paths.direct(from, to, topology.handoffPath(from, p.nodeIndex(), to, d.nodeIndex()));
                }
            }
        }
        return paths;
    }

    /**
     * The {@code dp_group}s: instances naming the same group, in instance order. Members must agree
     * on tensor, pipeline and expert parallelism (vLLM's data parallelism runs one model shape).
     */
    private static DataParallelGroup[] dataParallelGroups(ClusterConfig config) {
        java.util.Map<String, List<InstanceConfig>> byName = new java.util.LinkedHashMap<>();
        for (InstanceConfig ic : config.instances()) {
            if (ic.dpGroup() != null) {
                byName.computeIfAbsent(ic.dpGroup(), k -> new ArrayList<>()).add(ic);
            }
        }
        List<DataParallelGroup> groups = new ArrayList<>();
        for (java.util.Map.Entry<String, List<InstanceConfig>> e : byName.entrySet()) {
            List<InstanceConfig> members = e.getValue();
            InstanceConfig first = members.get(0);
            for (InstanceConfig m : members) {
                if (m.tpSize() != first.tpSize() || m.ppSize() != first.ppSize()
                        || !java.util.Objects.equals(m.epSize(), first.epSize())) {
                    throw new InputException(config.fileName() + ": " + m.path() + ".dp_group: members of \""
                            + e.getKey() + "\" must agree on tp_size, pp_size and ep_size (" + first.path()
                            + " has tp " + first.tpSize() + ", pp " + first.ppSize() + ", ep " + first.epSize()
                            + "; this one tp " + m.tpSize() + ", pp " + m.ppSize() + ", ep " + m.epSize() + ")");
                }
            }
            groups.add(new DataParallelGroup(e.getKey(), members.stream().mapToInt(InstanceConfig::globalIndex)
                    .toArray(), first.ppSize() > 1));
        }
        return groups.toArray(new DataParallelGroup[0]);
    }

    /**
     * LLMServingSim's ways with MoE groups ({@code lss} mode): members with tensor parallelism form
     * every member's batch at the first report; groups whose {@code ep_size} exceeds their members'
     * TP degree run each MoE layer's EP collectives as one ring across the members (LLMServingSim's
     * DP+EP; pipelined members' meet stage by stage). Only members without pipeline stages form at
     * the first report.
     */
    private static void lssMoeGroupRules(DataParallelGroup[] groups, List<InstancePlan> plans,
            MemoryTopology topology, Instance[] instances) {
        for (DataParallelGroup g : groups) {
            InstancePlan first = plans.get(g.members[0]);
            if (first.model().isMoe() && first.tp() > 1 && first.ic().ppSize() == 1) {
                g.formAllAtFirstReport(instances);
            }
            if (first.model().isMoe() && first.ep() > first.tp()) {
                g.coupleExperts(new ExpertParallelCoupling(first.shape(), topology.lssAcrossNetwork(g.members[0]),
                        first.ep(), first.ic().npuMem().memBwGBps(), g.members.length),
                        PipelineCut.of(first.shape(), first.ic().ppSize()));
            }
        }
    }

    /** Off-GPU devices must hold their weights (KV pools were sized to fit what is left). */
    private static void checkCapacities(MemorySystem memory, String file) {
        for (int d = 0; d < memory.count(); d++) {
            MemorySystem.Kind kind = memory.kind(d);
            if (kind != MemorySystem.Kind.CXL && kind != MemorySystem.Kind.HOST_DRAM) {
                continue;
            }
            double reserved = memory.reservedBytes(d);
            if (reserved > memory.capacityBytes(d)) {
                throw new InputException(String.format(Locale.US,
                        "%s: %s: the weights placed on it need %.1f GB but it holds %.1f GB (%s GiB)",
                        file, memory.name(d), reserved / 1e9, memory.capacityBytes(d) / 1e9,
                        trim(memory.capacityBytes(d) / MemoryTopology.GIB)));
            }
        }
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.US, "%.2f", v);
    }
}
