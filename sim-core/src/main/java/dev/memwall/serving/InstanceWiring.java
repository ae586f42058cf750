package dev.memwall.serving;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.memwall.config.MemoryLocation;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.hardware.profile.ProfileTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.memory.KvBlockPool;
import dev.memwall.memory.OffloadTimeline;
import dev.memwall.memory.PrefixVictimCache;
import dev.memwall.memory.TransferPath;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;
import dev.memwall.moe.ExpertGate;

/**
 * Wires one instance into the memory topology, the fourth phase of {@link ClusterBuilder}: its
 * pipeline stages ({@link PipelineCut}), the transfer path of each off-GPU layer, the HBM each
 * stage's weights and staging buffers take, the size and place of its KV pool, its swap path and
 * second prefix tier, and each stage's timing.
 *
 * <p>Physical memory model: off-GPU weights occupy their devices, not HBM; each stage's HBM holds
 * the rest of its layers' weights plus a staging buffer of {@code prefetch window} times its
 * largest streamed layer; each stage holds the KV of its own layers, so the pool has the blocks
 * the tightest stage fits, {@code (mem_size * util - stage weights) / stage block bytes}; with
 * {@code kv_loc} off the GPU the pool gets the device's share left after weights.
 * LLMServingSim's model ({@code lss}) charges the largest stage's weights, all of them, to every
 * stage, splits the KV bytes of a token evenly over all of an instance's GPUs, and keeps KV in
 * HBM whatever {@code kv_loc} says (reference §5).
 */
final class InstanceWiring {
    private final MemoryTopology topology;
    private final DeviceBudget budget;
    private final SimulationOptions options;
    private final TimingBackends timing;
    private final InstancePlan p;
    private final int index;
    private final boolean lss;
    private final PipelineCut cut;
    /** One path per distinct off-GPU location and stage (each stage crosses its own host link). */
    private final Map<PathKey, TransferPath> paths = new HashMap<>();

    private record PathKey(MemoryLocation location, int stage) {
    }

    // Weights, filled by wireWeights(): per layer, and per stage.
    private TransferPath[] weightPath;
    private double[] weightBytes;
    private long offloadedBytes;
    private long[] stagingBytes;
    private long[] weightsHbmBytes;
    /** The instance's MoE gate, null for a dense model. */
    private ExpertGate gate;
    /** Per expert, whether {@code placement.experts} puts it off the GPU; null when none is. */
    private boolean[] expertOffGpu;

    // KV pool, filled by sizeKvPool(): bytes of one block per rank, per stage.
    private long[] blockBytes;
    private long blocks;
    private boolean kvOffGpu;
    private int[] kvDevices;
    private double[] kvBytesPerBlockOnDevice;

    InstanceWiring(MemoryTopology topology, DeviceBudget budget, SimulationOptions options, TimingBackends timing,
            InstancePlan plan, int index) {
        this.topology = topology;
        this.budget = budget;
        this.options = options;
        this.timing = timing;
        this.p = plan;
        this.index = index;
        this.lss = topology.lss;
        this.cut = PipelineCut.of(plan.shape(), plan.ic().ppSize());
    }

    /** Builds the instance on the shared request table, and what it resolved to. */
    Wired wire(RequestTable table) {
        wireWeights();
        sizeKvPool();
        for (int s = 0; s < cut.stages(); s++) {
            topology.memory.reserve(topology.hbm(index, s), (double) weightsHbmBytes[s] * p.tp());
        }
        InstanceMemory mem = instanceMemory();
        PrefixVictimCache tier = prefixTier();
        gate = p.model().isMoe() ? new ExpertGate(options.expertRouting(), p.model().numExperts(),
                p.model().numExpertsPerToken(), p.ep(), options.seed() + p.ic().globalIndex()) : null;
        TimingBackends.Timed timed = timing.timeModel(p, lss ? topology.lssNetwork(index) : null,
                lss ? topology.lssAcrossNetwork(index) : null, gate);
        IterationTimeModel time = PimWiring.wrap(timed.model(), p, options, nodeCpuMem(), lss);
        KvBlockPool pool = new KvBlockPool((int) blocks, p.blockSize());
        pool.setVictimCache(tier, (double) Arrays.stream(blockBytes).sum() * p.tp());
        KvCacheManager kv = new KvCacheManager(pool, table, mem, p.settings());
        InstanceRole role = InstanceRole.of(p.ic().pdType());
        Scheduler scheduler = new Scheduler(p.settings(), role, table, kv);
        double capacity = p.ic().npuMem().memSizeGb() * MemoryTopology.GIB;
        int binding = bindingStage();
        Instance instance = new Instance(index, scheduler, kv, stages(time, mem), hops(), tail(role),
                p.shape().layerCount(), weightsHbmBytes[binding], blockBytes[binding], capacity, !kvOffGpu);
        instance.pim = PimWiring.totals(time);
        ClusterBuilder.ResolvedInstance resolved = new ClusterBuilder.ResolvedInstance(index, p.ic().path(),
                p.ic().modelName(), p.hw().name(), p.dtype(), p.kvDtype(), p.shape(), cut.stages(), p.hw(),
                p.settings(), p.blockSize(), blocks, blockBytes[binding], weightsHbmBytes[binding], capacity, p.memUtil(options),
                p.placement(), kvOffGpu ? p.placement().kv().toString() : "npu", lss ? 0 : offloadedBytes,
                timed.fidelity());
        return new Wired(instance, resolved, mem);
    }

    /** An instance, what it resolved to, and its memory wiring (for the shared-timeline check). */
    record Wired(Instance instance, ClusterBuilder.ResolvedInstance resolved, InstanceMemory memory) {
    }

    private TransferPath pathTo(MemoryLocation loc, boolean weights, int stage) {
        // LLMServingSim's weight loads cross no link and truncate to whole ns; KV paths are ours.
        boolean asLss = weights && lss;
        int link = asLss ? -1 : topology.hostLink(p.ic().globalIndex(), stage);
        return paths.computeIfAbsent(new PathKey(loc, stage),
                k -> topology.path(k.location(), p.node(), link, asLss, p.where()));
    }

    private int stageOf(int layer) {
        int s = 0;
        while (layer >= cut.endLayer(s)) {
            s++;
        }
        return s;
    }

    private void wireWeights() {
        ModelShape shape = p.shape();
        int n = shape.layerCount();
        int stages = cut.stages();
        weightPath = new TransferPath[n];
        weightBytes = new double[n];
        long[] onGpu = new long[stages];
        long[] all = new long[stages];
        long[] largestStreamed = new long[stages];
        MemoryLocation expertsAt = expertsOffGpu();
        long offExperts = expertsAt == null ? 0 : offGpuExpertBytesPerRank();
        for (int l = 0; l < n; l++) {
            int s = stageOf(l);
            MemoryLocation loc = p.placement().weights()[l];
            weightBytes[l] = shape.weightBytes(l);
            all[s] += shape.weightBytes(l);
            if (expertsAt != null && shape.kind(l) == LayerKind.MOE) {
                // the router gate and resident experts stay; the rest stream, at most all of them a step
                onGpu[s] += shape.weightBytes(l) - offExperts;
                weightPath[l] = pathTo(expertsAt, true, s);
                weightBytes[l] = offExperts;
                offloadedBytes += offExperts;
                largestStreamed[s] = Math.max(largestStreamed[s], offExperts);
            } else if (loc.onGpu()) {
                onGpu[s] += shape.weightBytes(l);
            } else {
                weightPath[l] = pathTo(loc, true, s);
                offloadedBytes += shape.weightBytes(l);
                largestStreamed[s] = Math.max(largestStreamed[s], shape.weightBytes(l));
            }
        }
        stagingBytes = new long[stages];
        weightsHbmBytes = new long[stages];
        long worstStage = Arrays.stream(all).max().orElse(0);
        for (int s = 0; s < stages; s++) {
            stagingBytes[s] = lss ? 0 : (long) options.prefetchWindowLayers() * largestStreamed[s];
            weightsHbmBytes[s] = lss ? worstStage : onGpu[s] + stagingBytes[s] + expertCacheBytes();
        }
    }

    /**
     * Where {@code placement.experts} puts experts off the GPU, or null when none; physical model
     * only (LLMServingSim has no such placement).
     */
    private MemoryLocation expertsOffGpu() {
        MemoryLocation at = p.placement().offGpuExperts();
        if (at != null && lss) {
            throw new InputException(p.where() + ".placement.experts: experts off the GPU are a memwall extension of"
                    + " the physical memory model (use --memory-model physical)");
        }
        if (at != null) {
            expertOffGpu = new boolean[p.model().numExperts()];
            for (int e = 0; e < expertOffGpu.length; e++) {
                expertOffGpu[e] = !p.placement().experts()[e].onGpu();
            }
        }
        return at;
    }

    /** The most off-GPU expert bytes of one MoE layer any one rank holds (each rank holds E / tp experts). */
    private long offGpuExpertBytesPerRank() {
        int perRank = p.model().numExperts() / p.tp();
        int most = 0;
        for (int r = 0; r < p.tp(); r++) {
            int count = 0;
            for (int e = r * perRank; e < (r + 1) * perRank; e++) {
                count += expertOffGpu[e] ? 1 : 0;
            }
            most = Math.max(most, count);
        }
        return most * p.shape().expertWeightBytes();
    }

    /** HBM per GPU kept for the expert cache (only with experts off the GPU). */
    private long expertCacheBytes() {
        return expertOffGpu == null ? 0 : (long) p.placement().expertCacheBytes();
    }

    private void sizeKvPool() {
        double util = p.memUtil(options);
        double usable = p.ic().npuMem().memSizeGb() * MemoryTopology.GIB * util;
        blockBytes = stageBlockBytes();
        for (int s = 0; s < cut.stages(); s++) {
            if (weightsHbmBytes[s] > usable) {
                throw new InputException(String.format(Locale.US,
                        "%s: %s needs %.1f GB of %s weights%s%s but npu_mem holds %.1f GB (%s GiB x mem_util %.2f):"
                                + " the weights do not fit in HBM",
                        p.where(), p.ic().modelName(), weightsHbmBytes[s] / 1e9, p.dtype().cliName(),
                        stagingBytes[s] > 0 ? " and staging buffers" : "",
                        cut.stages() > 1 ? " on pipeline stage " + s : "", usable / 1e9,
                        ClusterBuilder.trim(p.ic().npuMem().memSizeGb()), util));
            }
        }
        kvOffGpu = !lss && !p.placement().kv().onGpu();
        if (kvOffGpu) {
            sizeOffGpuKvPool();
        } else {
            sizeHbmKvPool(usable);
        }
        if (blocks > Integer.MAX_VALUE - 8) {
            throw new InputException(p.where() + ": KV pool of " + blocks + " blocks is too large; raise --block-size");
        }
    }

    /**
     * One rank's bytes of one KV block on each stage: the KV of the stage's attention layers
     * (physical), or the instance's whole KV split evenly over its GPUs (LLMServingSim).
     */
    private long[] stageBlockBytes() {
        ModelShape shape = p.shape();
        int stages = cut.stages();
        long[] bytes = new long[stages];
        for (int s = 0; s < stages; s++) {
            if (lss || stages == 1) {
                bytes[s] = (long) p.blockSize() * shape.kvBytesPerToken() / stages;
                continue;
            }
            long layers = 0;
            for (int l = cut.firstLayer(s); l < cut.endLayer(s); l++) {
                layers += shape.kind(l) == LayerKind.ATTENTION ? 1 : 0;
            }
            bytes[s] = (long) p.blockSize() * shape.kvBytesPerTokenPerLayer() * layers;
        }
        return bytes;
    }

    private void sizeHbmKvPool(double usable) {
        int stages = cut.stages();
        blocks = Long.MAX_VALUE;
        int tightest = 0;
        for (int s = 0; s < stages; s++) {
            long fit = (long) Math.floor((usable - weightsHbmBytes[s]) / blockBytes[s]);
            if (fit < blocks) {
                blocks = fit;
                tightest = s;
            }
        }
        if (blocks < 1) {
            throw new InputException(String.format(Locale.US,
                    "%s: %s leaves %.2f GB for the KV cache%s, less than one block of %d bytes"
                            + " (raise npu_mem.mem_size or mem_util)",
                    p.where(), p.ic().modelName(), (usable - weightsHbmBytes[tightest]) / 1e9,
                    stages > 1 ? " on pipeline stage " + tightest : "", blockBytes[tightest]));
        }
        kvDevices = new int[stages];
        kvBytesPerBlockOnDevice = new double[stages];
        for (int s = 0; s < stages; s++) {
            kvDevices[s] = topology.hbm(index, s);
            kvBytesPerBlockOnDevice[s] = (double) blockBytes[s] * p.tp();
        }
    }

    private void sizeOffGpuKvPool() {
        MemoryLocation kv = p.placement().kv();
        long wholeBlockBytes = Arrays.stream(blockBytes).sum();
        kvDevices = topology.devices(kv, p.node());
        double share = budget.kvPoolShare(kvDevices);
        // KV for all ranks lives on the device(s); a block holds every rank's share.
        blocks = (long) Math.floor(share / ((double) wholeBlockBytes * p.tp()));
        if (blocks < 1) {
            throw new InputException(String.format(Locale.US,
                    "%s: kv_loc %s has %.2f GB left after weights for this instance's KV pool, less than one"
                            + " block of %d bytes", p.where(), kv, Math.max(0, share) / 1e9, wholeBlockBytes * p.tp()));
        }
        kvBytesPerBlockOnDevice = new double[kvDevices.length];
        Arrays.fill(kvBytesPerBlockOnDevice, (double) wholeBlockBytes * p.tp() / kvDevices.length);
    }

    /** The stage whose HBM is fullest per block: what the instance reports per GPU. */
    private int bindingStage() {
        int best = 0;
        for (int s = 1; s < cut.stages(); s++) {
            if (weightsHbmBytes[s] + blocks * blockBytes[s] > weightsHbmBytes[best] + blocks * blockBytes[best]) {
                best = s;
            }
        }
        return best;
    }

    private Stage[] stages(IterationTimeModel time, InstanceMemory mem) {
        int stages = cut.stages();
        Stage[] out = new Stage[stages];
        for (int s = 0; s < stages; s++) {
            NodeClock clock = new NodeClock(p.shape(), cut.firstLayer(s), cut.endLayer(s), cut.isLast(s),
                    topology.lssNetwork(index), p.ep(), topology.lssAcrossNetwork(index), p.dataParallelMembers());
            out[s] = new Stage(s, mem, topology.hbm(index, s), MemoryTopology.hbmBytesPerSec(p), timing(time, s),
                    clock, stages);
            if (lss && s == 0) {
                out[s].headNs(hostOps(1));
            }
        }
        return out;
    }

    private IterationTiming timing(IterationTimeModel time, int s) {
        int from = cut.firstLayer(s);
        int to = cut.endLayer(s);
        boolean offloaded = kvOffGpu;
        for (int l = from; l < to && !offloaded; l++) {
            offloaded = weightPath[l] != null && weightBytes[l] > 0;
        }
        if (!offloaded) {
            // LLMServingSim's polling needs every layer's time (HbmStage fills them); memwall's
            // physics does not, and the whole-iteration time is cheaper.
            return cut.stages() == 1 && !lss ? new HbmIteration(time) : new HbmStage(time, from, to, cut.isLast(s));
        }
        ModelShape shape = p.shape();
        boolean[] attention = new boolean[to - from];
        for (int l = from; l < to; l++) {
            attention[l - from] = shape.kind(l) == LayerKind.ATTENTION;
        }
        OffloadTimeline timeline = new OffloadTimeline(topology.memory, options.memoryModel(), p.tp(),
                options.prefetchWindowLayers(), Arrays.copyOfRange(weightPath, from, to),
                Arrays.copyOfRange(weightBytes, from, to), kvOffGpu ? pathTo(p.placement().kv(), false, s) : null,
                attention, shape.kvBytesPerTokenPerLayer());
        if (p.placement().fallback() != null) {
            timeline.fallBackTo(pathTo(p.placement().fallback(), true, s));
        }
        OffloadedIteration iteration = new OffloadedIteration(time, timeline, from, to, cut.isLast(s));
        if (expertOffGpu != null) {
            iteration.streamExperts(new ExpertStreaming(gate, time instanceof ProfileTimeModel, shape, from, to,
                    expertOffGpu, expertCacheBytes()));
        }
        return iteration;
    }

    private StageHops hops() {
        if (cut.stages() == 1) {
            return StageHops.none();
        }
        if (lss) {
            return StageHops.lss(topology.lssNetwork(index), hopBytesPerToken());
        }
        TransferPath[] paths = new TransferPath[cut.stages() - 1];
        for (int s = 0; s < paths.length; s++) {
            paths[s] = topology.stageHop(index, s);
        }
        return StageHops.physical(topology.memory, paths, hopBytesPerToken());
    }

    /**
     * How long the last stage stays busy after its compute: in LLMServingSim's model a prefill
     * instance's iteration ends with one SEND of 4 bytes per scheduled token on the network (its
     * code's K+V size slip, as its outputs show); memwall times the KV's hand-off instead.
     */
    private java.util.function.ToLongFunction<Batch> tail(InstanceRole role) {
        if (!lss) {
            return b -> 0L;
        }
        java.util.function.ToLongFunction<Batch> stores = hostOps(p.tp());
        if (role != InstanceRole.PREFILL) {
            return stores;
        }
        dev.memwall.network.AstraSimAnalytical network = topology.lssNetwork(index);
        return b -> stores.applyAsLong(b) + network.messageNs(4 * b.shape.scheduledTokens);
    }

    /**
     * LLMServingSim's per-iteration host-memory operations: every NPU loads 4 bytes per scheduled
     * token before its first layer and stores as many after its last, through the node's one
     * host-memory queue, each op {@code int(mem_latency + 4 tokens / mem_bw)}: the loads of
     * {@code ops} NPUs one after another (its outputs show {@code (tp + 1)} such ops per iteration).
     */
    private java.util.function.ToLongFunction<Batch> hostOps(int ops) {
        dev.memwall.config.MemConfig cpu = PimWiring.lssHostMemory(nodeCpuMem(), p, options);
        double latency = cpu.memLatencyNs();
        double bytesPerNs = cpu.memBwGBps();
        return b -> ops * (long) (latency + 4.0 * b.shape.scheduledTokens / bytesPerNs);
    }

    private dev.memwall.config.MemConfig nodeCpuMem() {
        return topology.nodeCpuMem(p.node());
    }

    /** Activation bytes per scheduled token crossing a stage boundary: the hidden state. */
    private double hopBytesPerToken() {
        return (double) p.shape().config().hiddenSize() * p.dtype().bytesPerElement();
    }

    private InstanceMemory instanceMemory() {
        int tp = p.tp();
        TransferPath swapPath = null;
        int[] swapDevices = new int[0];
        if (options.preemptionMode() == PreemptionMode.SWAP) {
            MemoryLocation evict = p.placement().kvEvict();
            if (lss) {
                throw new InputException("--preemption-mode swap: LLMServingSim's model (--memory-model lss)"
                        + " recomputes preempted requests; use the physical model to time swapping");
            }
            if (evict.onGpu()) {
                throw new InputException(p.where() + ".placement: --preemption-mode swap needs kv_evict_loc off the"
                        + " GPU (cpu or cxl:<i>), not npu");
            }
            swapDevices = topology.devices(evict, p.node());
            swapPath = pathTo(evict, false, 0);
        }
        TransferPath prefixPath = null;
        int[] prefixDevices = new int[0];
        if (budget.prefixTier() != null) {
            prefixDevices = topology.devices(budget.prefixTier(), p.node());
            // LLMServingSim loads second-tier hits from the placement's kv_evict_loc (a quirk of
            // its code), as weight loads: no host link. memwall loads them from the tier itself.
            prefixPath = lss ? pathTo(p.placement().kvEvict(), true, 0) : pathTo(budget.prefixTier(), false, 0);
        }
        long wholeBlockBytes = Arrays.stream(blockBytes).sum();
        return new InstanceMemory(topology.memory, topology.hbm(index, 0), MemoryTopology.hbmBytesPerSec(p),
                kvDevices, kvBytesPerBlockOnDevice, swapPath, swapDevices, p.shape().kvBytesPerToken(),
                wholeBlockBytes, tp, prefixPath, prefixDevices);
    }

    /** The instance's second prefix tier (its own or a shared one), or null without one. */
    private PrefixVictimCache prefixTier() {
        if (budget.prefixTier() == null) {
            return null;
        }
        long wholeBlockBytes = Arrays.stream(blockBytes).sum();
        return budget.tierFor(index, p.node(), (double) wholeBlockBytes * p.tp(), p.where());
    }
}
