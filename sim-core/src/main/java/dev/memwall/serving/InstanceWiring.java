package dev.memwall.serving;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.memwall.config.MemoryLocation;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.memory.KvBlockPool;
import dev.memwall.memory.OffloadTimeline;
import dev.memwall.memory.PrefixVictimCache;
import dev.memwall.memory.TransferPath;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;

/**
 * Wires one instance into the memory topology, the fourth phase of {@link ClusterBuilder}: the
 * transfer path of each off-GPU layer, the HBM its weights and staging buffers take, the size and
 * place of its KV pool, its swap path and second prefix tier, and its iteration timing.
 *
 * <p>Physical memory model: off-GPU weights occupy their devices, not HBM; HBM holds the rest
 * plus a staging buffer of {@code prefetch window} times the largest streamed layer; the KV pool
 * is {@code (mem_size * util - HBM weights) / block bytes} in HBM, or, with {@code kv_loc} off
 * the GPU, the device's share left after weights. LLMServingSim's model ({@code lss}) charges all
 * weights to HBM and keeps KV in HBM whatever {@code kv_loc} says (reference §5).
 */
final class InstanceWiring {
    private final MemoryTopology topology;
    private final DeviceBudget budget;
    private final SimulationOptions options;
    private final InstancePlan p;
    private final int index;
    private final boolean lss;
    /** One path per distinct off-GPU location. */
    private final Map<MemoryLocation, TransferPath> paths = new HashMap<>();

    // Weights, filled by wireWeights().
    private TransferPath[] weightPath;
    private double[] weightBytes;
    private long offloadedBytes;
    private long stagingBytes;
    private long weightsHbmBytes;

    // KV pool, filled by sizeKvPool().
    private long blockBytes;
    private long blocks;
    private boolean kvOffGpu;
    private int[] kvDevices;
    private TransferPath kvPath;

    InstanceWiring(MemoryTopology topology, DeviceBudget budget, SimulationOptions options, InstancePlan plan,
            int index) {
        this.topology = topology;
        this.budget = budget;
        this.options = options;
        this.p = plan;
        this.index = index;
        this.lss = topology.lss;
    }

    /** Builds the instance on the shared request table, and what it resolved to. */
    Wired wire(RequestTable table) {
        wireWeights();
        sizeKvPool();
        topology.memory.reserve(topology.hbm(index), (double) weightsHbmBytes * p.tp());
        InstanceMemory mem = instanceMemory();
        PrefixVictimCache tier = prefixTier();
        IterationTiming timing = timing(TimingBackends.timeModel(p, options));
        KvBlockPool pool = new KvBlockPool((int) blocks, p.blockSize());
        pool.setVictimCache(tier);
        KvCacheManager kv = new KvCacheManager(pool, table, mem, p.settings());
        Scheduler scheduler = new Scheduler(p.settings(), table, kv);
        double capacity = p.ic().npuMem().memSizeGb() * MemoryTopology.GIB;
        Instance instance = new Instance(index, scheduler, kv, new IterationRunner(mem, timing), weightsHbmBytes,
                blockBytes, capacity, !kvOffGpu);
        ClusterBuilder.ResolvedInstance resolved = new ClusterBuilder.ResolvedInstance(index, p.ic().path(),
                p.ic().modelName(), p.hw().name(), p.dtype(), p.kvDtype(), p.shape(), p.hw(), p.settings(),
                p.blockSize(), blocks, blockBytes, weightsHbmBytes, capacity, p.memUtil(options), p.placement(),
                kvOffGpu ? p.placement().kv().toString() : "npu", lss ? 0 : offloadedBytes);
        return new Wired(instance, resolved, mem);
    }

    /** An instance, what it resolved to, and its memory wiring (for the shared-timeline check). */
    record Wired(Instance instance, ClusterBuilder.ResolvedInstance resolved, InstanceMemory memory) {
    }

    private TransferPath pathTo(MemoryLocation loc, boolean weights) {
        // LLMServingSim's weight loads cross no link and truncate to whole ns; KV paths are ours.
        boolean asLss = weights && lss;
        int link = asLss ? -1 : topology.hostLink(p.ic().globalIndex());
        return paths.computeIfAbsent(loc, k -> topology.path(k, p.node(), link, asLss, p.where()));
    }

    private void wireWeights() {
        ModelShape shape = p.shape();
        int n = shape.layerCount();
        weightPath = new TransferPath[n];
        weightBytes = new double[n];
        long onGpuWeights = 0;
        long largestStreamed = 0;
        for (int l = 0; l < n; l++) {
            MemoryLocation loc = p.placement().weights()[l];
            weightBytes[l] = shape.weightBytes(l);
            if (loc.onGpu()) {
                onGpuWeights += shape.weightBytes(l);
            } else {
                weightPath[l] = pathTo(loc, true);
                offloadedBytes += shape.weightBytes(l);
                largestStreamed = Math.max(largestStreamed, shape.weightBytes(l));
            }
        }
        stagingBytes = lss ? 0 : (long) options.prefetchWindowLayers() * largestStreamed;
        weightsHbmBytes = lss ? shape.totalWeightBytes() : onGpuWeights + stagingBytes;
    }

    private void sizeKvPool() {
        double util = p.memUtil(options);
        double usable = p.ic().npuMem().memSizeGb() * MemoryTopology.GIB * util;
        blockBytes = (long) p.blockSize() * p.shape().kvBytesPerToken();
        if (weightsHbmBytes > usable) {
            throw new InputException(String.format(Locale.ROOT,
                    "%s: %s needs %.1f GB of %s weights%s but npu_mem holds %.1f GB (%s GiB x mem_util %.2f):"
                            + " the weights do not fit in HBM",
                    p.where(), p.ic().modelName(), weightsHbmBytes / 1e9, p.dtype().cliName(),
                    stagingBytes > 0 ? " and staging buffers" : "", usable / 1e9,
                    ClusterBuilder.trim(p.ic().npuMem().memSizeGb()), util));
        }
        kvOffGpu = !lss && !p.placement().kv().onGpu();
        if (kvOffGpu) {
            sizeOffGpuKvPool();
        } else {
            blocks = (long) Math.floor((usable - weightsHbmBytes) / blockBytes);
            if (blocks < 1) {
                throw new InputException(String.format(Locale.ROOT,
                        "%s: %s leaves %.2f GB for the KV cache, less than one block of %d bytes"
                                + " (raise npu_mem.mem_size or mem_util)",
                        p.where(), p.ic().modelName(), (usable - weightsHbmBytes) / 1e9, blockBytes));
            }
            kvDevices = new int[] {topology.hbm(index)};
        }
        if (blocks > Integer.MAX_VALUE - 8) {
            throw new InputException(p.where() + ": KV pool of " + blocks + " blocks is too large; raise --block-size");
        }
    }

    private void sizeOffGpuKvPool() {
        MemoryLocation kv = p.placement().kv();
        kvDevices = topology.devices(kv, p.node());
        kvPath = pathTo(kv, false);
        double share = budget.kvPoolShare(kvDevices);
        // KV for all ranks lives on the device(s); a block holds every rank's share.
        blocks = (long) Math.floor(share / ((double) blockBytes * p.tp()));
        if (blocks < 1) {
            throw new InputException(String.format(Locale.ROOT,
                    "%s: kv_loc %s has %.2f GB left after weights for this instance's KV pool, less than one"
                            + " block of %d bytes", p.where(), kv, Math.max(0, share) / 1e9, blockBytes * p.tp()));
        }
    }

    private IterationTiming timing(IterationTimeModel time) {
        if (offloadedBytes == 0 && !kvOffGpu) {
            return new HbmIteration(time);
        }
        ModelShape shape = p.shape();
        int n = shape.layerCount();
        boolean[] attention = new boolean[n];
        for (int l = 0; l < n; l++) {
            attention[l] = shape.kind(l) == LayerKind.ATTENTION;
        }
        OffloadTimeline timeline = new OffloadTimeline(topology.memory, options.memoryModel(), p.tp(),
                options.prefetchWindowLayers(), weightPath, weightBytes, kvPath, attention,
                shape.kvBytesPerTokenPerLayer());
        return new OffloadedIteration(time, timeline, n);
    }

    private InstanceMemory instanceMemory() {
        int tp = p.tp();
        double kvBytesPerBlockPerDevice = kvOffGpu ? (double) blockBytes * tp / kvDevices.length
                : (double) blockBytes * tp;
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
            swapPath = pathTo(evict, false);
        }
        TransferPath prefixPath = null;
        int[] prefixDevices = new int[0];
        if (budget.prefixTier() != null) {
            prefixDevices = topology.devices(budget.prefixTier(), p.node());
            prefixPath = pathTo(budget.prefixTier(), false);
        }
        return new InstanceMemory(topology.memory, topology.hbm(index), MemoryTopology.hbmBytesPerSec(p), kvDevices,
                kvBytesPerBlockPerDevice, swapPath, swapDevices, p.shape().kvBytesPerToken(), blockBytes, tp,
                prefixPath, prefixDevices);
    }

    /**
     * The instance's second prefix tier, private to it (LLMServingSim without prefix sharing);
     * instances sharing a device split what weights and KV pools leave of it. Null without one.
     */
    private PrefixVictimCache prefixTier() {
        if (budget.prefixTier() == null) {
            return null;
        }
        int d = topology.devices(budget.prefixTier(), p.node())[0];
        long tierBlocks = (long) Math.floor(budget.prefixTierShare(d) / ((double) blockBytes * p.tp()));
        if (tierBlocks < 1) {
            throw new InputException(p.where() + ": --prefix-storage " + options.prefixStorage()
                    + ": " + topology.memory.name(d) + " has no room left for a prefix tier");
        }
        return new PrefixVictimCache((int) Math.min(tierBlocks, Integer.MAX_VALUE - 8));
    }
}
