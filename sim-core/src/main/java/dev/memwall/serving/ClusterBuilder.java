package dev.memwall.serving;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.CxlMemConfig;
import dev.memwall.config.InstanceConfig;
import dev.memwall.config.MemConfig;
import dev.memwall.config.MemoryLocation;
import dev.memwall.config.NodeConfig;
import dev.memwall.config.RuntimeOverrides;
import dev.memwall.config.SupportCheck;
import dev.memwall.hardware.EngineCatalog;
import dev.memwall.hardware.EngineProfile;
import dev.memwall.hardware.Fidelity;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.hardware.RooflineTimeModel;
import dev.memwall.hardware.ValidatedErrors;
import dev.memwall.hardware.profile.ProfileBundle;
import dev.memwall.hardware.profile.ProfileTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.memory.KvBlockPool;
import dev.memwall.memory.LoadedLatency;
import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.OffloadTimeline;
import dev.memwall.memory.PlacementResolver;
import dev.memwall.memory.PrefixVictimCache;
import dev.memwall.memory.ResolvedPlacement;
import dev.memwall.memory.TransferPath;
import dev.memwall.model.DType;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelConfig;
import dev.memwall.model.ModelShape;

/**
 * Turns a validated cluster config and run options into a ready {@link ClusterSimulation}:
 * resolves each instance's model, hardware, scheduler settings (instance overrides win over run
 * options) and placement; builds the memory system (HBM and host link per instance, host DRAM
 * per node, the CXL devices); places weights and sizes the KV pool.
 *
 * <p>Physical memory model: off-GPU weights occupy their devices, not HBM; HBM holds the rest
 * plus a staging buffer of {@code prefetch window} times the largest streamed layer; the KV pool
 * is {@code (mem_size * util - HBM weights) / block bytes} in HBM, or, with {@code kv_loc} off
 * the GPU, the device's capacity left after weights, shared equally by the pools placed there.
 * Anything over a device's capacity is a start-up error. LLMServingSim's model ({@code lss})
 * charges all weights to HBM, keeps KV in HBM whatever {@code kv_loc} says, and checks nothing
 * off the GPU (reference §5).
 */
public final class ClusterBuilder {
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private ClusterBuilder() {
    }

    /** What was resolved for one instance, for banners and summaries. */
    public record ResolvedInstance(int id, String path, String modelName, String hardwareName, DType dtype,
            DType kvDtype, ModelShape shape, HardwareSpec hardware, SchedulerSettings settings, int blockSize,
            long kvBlocks, long kvBlockBytes, long weightsHbmBytes, double hbmCapacityBytes, double memUtil,
            ResolvedPlacement placement, String kvLocation, long offloadedWeightBytes, Fidelity fidelity) {
    }

    /** A built simulation, its memory system, and what each instance resolved to. */
    public record Built(ClusterSimulation simulation, List<ResolvedInstance> instances, MemorySystem memory) {
    }

    /** Per-instance facts gathered in the first pass. */
    private record Partial(InstanceConfig ic, String where, ModelConfig model, HardwareSpec hw, DType dtype,
            DType kvDtype, int blockSize, SchedulerSettings settings, ModelShape shape, ResolvedPlacement placement) {
    }

    public static Built build(ClusterConfig config, SimulationOptions options, ClusterSimulation.Heartbeat heartbeat) {
        SupportCheck.requireSupported(config);
        boolean lss = options.memoryModel() == OffloadTimeline.Mode.LSS;
        List<InstanceConfig> configs = config.instances();
        List<Partial> partials = new ArrayList<>();
        for (InstanceConfig ic : configs) {
            partials.add(resolve(config, ic, options));
        }

        MemorySystem memory = new MemorySystem();
        int[] cpuDevice = new int[config.nodes().size()];
        for (NodeConfig node : config.nodes()) {
            MemConfig m = node.cpuMem();
            cpuDevice[node.index()] = memory.addDevice("node" + node.index() + ".cpu_mem", MemorySystem.Kind.HOST_DRAM,
                    m.memSizeGb() * GIB, m.memBwGBps() * 1e9, Math.round(m.memLatencyNs()));
        }
        CxlMemConfig cxl = config.cxlMem();
        int[] cxlDevice = new int[cxl == null ? 0 : cxl.numDevices()];
        for (int d = 0; d < cxlDevice.length; d++) {
            cxlDevice[d] = memory.addDevice("cxl:" + d, MemorySystem.Kind.CXL, cxl.memSizeGb() * GIB,
                    cxl.memBwGBps() * 1e9, Math.round(cxl.memLatencyNs()));
            if (cxl.loadedLatency() != null && lss) {
                throw new InputException(config.fileName() + ": cxl_mem.loaded_latency: a memwall extension that"
                        + " --memory-model lss (LLMServingSim's model) does not have");
            }
            if (cxl.loadedLatency() != null) {
                double[][] curve = cxl.loadedLatency().curve() != null ? cxl.loadedLatency().curve()
                        : LoadedLatency.MESS_DDR5;
                memory.setLoadedLatency(cxlDevice[d], new LoadedLatency(curve, cxl.loadedLatency().windowNs()));
            }
        }
        int[] hbmDevice = new int[partials.size()];
        int[] linkDevice = new int[partials.size()];
        for (int i = 0; i < partials.size(); i++) {
            Partial p = partials.get(i);
            hbmDevice[i] = memory.addDevice("instance" + i + ".hbm", MemorySystem.Kind.HBM,
                    p.ic().npuMem().memSizeGb() * GIB * p.ic().tpSize(),
                    p.hw().memoryBandwidthBytesPerSec() * p.hw().memoryEfficiency(), 0);
            double linkBw = p.ic().hostLink() != null ? p.ic().hostLink().bwGBps() * 1e9
                    : p.hw().hostLink().achievableBytesPerSec();
            long linkLatency = p.ic().hostLink() != null ? Math.round(p.ic().hostLink().latencyNs())
                    : p.hw().hostLink().latencyNs();
            linkDevice[i] = memory.addLink("instance" + i + ".host_link", linkBw, linkLatency);
        }

        // Off-GPU weights occupy their devices (physical model only), and count the KV pools
        // that will share each device.
        int[] kvPoolsOn = new int[memory.count()];
        for (int i = 0; i < partials.size(); i++) {
            Partial p = partials.get(i);
            if (lss) {
                continue;
            }
            for (int l = 0; l < p.shape().layerCount(); l++) {
                MemoryLocation loc = p.placement().weights()[l];
                if (!loc.onGpu()) {
                    int[] devs = devices(loc, cpuDevice[p.ic().nodeIndex()], cxlDevice);
                    for (int d : devs) {
                        memory.reserve(d, (double) p.shape().weightBytes(l) * p.ic().tpSize() / devs.length);
                    }
                }
            }
            if (!p.placement().kv().onGpu()) {
                for (int d : devices(p.placement().kv(), cpuDevice[p.ic().nodeIndex()], cxlDevice)) {
                    kvPoolsOn[d]++;
                }
            }
        }
        double[] weightsOn = new double[memory.count()];
        for (int d = 0; d < memory.count(); d++) {
            weightsOn[d] = memory.reservedBytes(d);
        }
        // Second prefix tiers: one per instance, on its node's DRAM or on cxl:0.
        int[] prefixTiersOn = new int[memory.count()];
        double[] kvReservedOn = new double[memory.count()];
        if (options.prefixStorage() != PrefixStorage.NONE) {
            MemoryLocation tier = prefixTierLocation(options.prefixStorage(), cxl, lss, config.fileName());
            for (Partial p : partials) {
                prefixTiersOn[devices(tier, cpuDevice[p.ic().nodeIndex()], cxlDevice)[0]]++;
            }
            // KV pools placed on a tier's device get their share first: leave them what they need.
            for (int d = 0; d < memory.count(); d++) {
                if (prefixTiersOn[d] > 0 && kvPoolsOn[d] > 0) {
                    kvReservedOn[d] = (memory.capacityBytes(d) - weightsOn[d]) / 2;
                }
            }
        }

        Engines engines = new Engines(options);
        RequestTable table = new RequestTable(1024);
        Instance[] instances = new Instance[partials.size()];
        OffloadTimeline[] timelines = new OffloadTimeline[partials.size()];
        List<InstanceMemory> memories = new ArrayList<>();
        List<ResolvedInstance> resolved = new ArrayList<>();
        for (int i = 0; i < partials.size(); i++) {
            Partial p = partials.get(i);
            ModelShape shape = p.shape();
            int tp = p.ic().tpSize();
            int node = p.ic().nodeIndex();
            int n = shape.layerCount();

            // Transfer paths, one per distinct location.
            Map<MemoryLocation, TransferPath> paths = new HashMap<>();
            TransferPath[] weightPath = new TransferPath[n];
            double[] weightBytes = new double[n];
            long onGpuWeights = 0;
            long offloaded = 0;
            long largestStreamed = 0;
            for (int l = 0; l < n; l++) {
                MemoryLocation loc = p.placement().weights()[l];
                weightBytes[l] = shape.weightBytes(l);
                if (loc.onGpu()) {
                    onGpuWeights += shape.weightBytes(l);
                } else {
                    weightPath[l] = paths.computeIfAbsent(loc,
                            k -> path(k, cpuDevice[node], cxlDevice, lss ? -1 : linkDevice[p.ic().globalIndex()],
                                    cxl, lss, p.where()));
                    offloaded += shape.weightBytes(l);
                    largestStreamed = Math.max(largestStreamed, shape.weightBytes(l));
                }
            }
            long stagingBytes = lss ? 0 : (long) options.prefetchWindowLayers() * largestStreamed;
            long weightsHbm = lss ? shape.totalWeightBytes() : onGpuWeights + stagingBytes;

            double util = p.ic().npuMem().memUtil() != null ? p.ic().npuMem().memUtil() : options.npuMemoryUtilization();
            double capacity = p.ic().npuMem().memSizeGb() * GIB;
            double usable = capacity * util;
            long blockBytes = (long) p.blockSize() * shape.kvBytesPerToken();
            if (weightsHbm > usable) {
                throw new InputException(String.format(Locale.ROOT,
                        "%s: %s needs %.1f GB of %s weights%s but npu_mem holds %.1f GB (%s GiB x mem_util %.2f):"
                                + " the weights do not fit in HBM",
                        p.where(), p.ic().modelName(), weightsHbm / 1e9, p.dtype().cliName(),
                        stagingBytes > 0 ? " and staging buffers" : "", usable / 1e9,
                        trim(p.ic().npuMem().memSizeGb()), util));
            }
            boolean kvOffGpu = !lss && !p.placement().kv().onGpu();
            long blocks;
            int[] kvDevices;
            TransferPath kvPath = null;
            String kvLocation;
            if (!kvOffGpu) {
                blocks = (long) Math.floor((usable - weightsHbm) / blockBytes);
                if (blocks < 1) {
                    throw new InputException(String.format(Locale.ROOT,
                            "%s: %s leaves %.2f GB for the KV cache, less than one block of %d bytes"
                                    + " (raise npu_mem.mem_size or mem_util)",
                            p.where(), p.ic().modelName(), (usable - weightsHbm) / 1e9, blockBytes));
                }
                kvDevices = new int[] {hbmDevice[i]};
                kvLocation = "npu";
            } else {
                kvDevices = devices(p.placement().kv(), cpuDevice[node], cxlDevice);
                kvPath = paths.computeIfAbsent(p.placement().kv(),
                        k -> path(k, cpuDevice[node], cxlDevice, linkDevice[p.ic().globalIndex()], cxl, false, p.where()));
                double share = Double.MAX_VALUE;
                for (int d : kvDevices) {
                    // A device that also holds prefix tiers gives KV pools half of what weights leave.
                    double free = (memory.capacityBytes(d) - weightsOn[d]) - kvReservedOn[d];
                    share = Math.min(share, free / kvPoolsOn[d] * kvDevices.length);
                }
                // KV for all ranks lives on the device(s); a block holds every rank's share.
                blocks = (long) Math.floor(share / ((double) blockBytes * tp));
                if (blocks < 1) {
                    throw new InputException(String.format(Locale.ROOT,
                            "%s: kv_loc %s has %.2f GB left after weights for this instance's KV pool, less than one"
                                    + " block of %d bytes", p.where(), p.placement().kv(), Math.max(0, share) / 1e9,
                            blockBytes * tp));
                }
                kvLocation = p.placement().kv().toString();
            }
            if (blocks > Integer.MAX_VALUE - 8) {
                throw new InputException(p.where() + ": KV pool of " + blocks + " blocks is too large; raise --block-size");
            }
            memory.reserve(hbmDevice[i], (double) weightsHbm * tp);

            OffloadTimeline timeline = null;
            if (offloaded > 0 || kvOffGpu) {
                boolean[] attention = new boolean[n];
                for (int l = 0; l < n; l++) {
                    attention[l] = shape.kind(l) == LayerKind.ATTENTION;
                }
                timeline = new OffloadTimeline(memory, options.memoryModel(), tp, options.prefetchWindowLayers(),
                        weightPath, weightBytes, kvPath, attention, shape.kvBytesPerTokenPerLayer());
            }
            double kvBytesPerBlockPerDevice = kvOffGpu ? (double) blockBytes * tp / kvDevices.length
                    : (double) blockBytes * tp;
            timelines[i] = timeline;
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
                swapDevices = devices(evict, cpuDevice[node], cxlDevice);
                swapPath = paths.computeIfAbsent(evict,
                        k -> path(k, cpuDevice[node], cxlDevice, linkDevice[p.ic().globalIndex()], cxl, false, p.where()));
            }
            TransferPath prefixPath = null;
            int[] prefixDevices = new int[0];
            PrefixVictimCache prefixTier = null;
            if (options.prefixStorage() != PrefixStorage.NONE) {
                MemoryLocation tier = prefixTierLocation(options.prefixStorage(), cxl, lss, config.fileName());
                prefixDevices = devices(tier, cpuDevice[node], cxlDevice);
                prefixPath = paths.computeIfAbsent(tier,
                        k -> path(k, cpuDevice[node], cxlDevice, linkDevice[p.ic().globalIndex()], cxl, false, p.where()));
                // Each instance's tier is private (LLMServingSim without prefix sharing); instances
                // sharing a device split what weights and KV pools leave of it.
                int d = prefixDevices[0];
                double free = memory.capacityBytes(d) - weightsOn[d] - kvReservedOn[d];
                long tierBlocks = (long) Math.floor(free / prefixTiersOn[d] / ((double) blockBytes * tp));
                if (tierBlocks < 1) {
                    throw new InputException(p.where() + ": --prefix-storage " + options.prefixStorage()
                            + ": " + memory.name(d) + " has no room left for a prefix tier");
                }
                prefixTier = new PrefixVictimCache((int) Math.min(tierBlocks, Integer.MAX_VALUE - 8));
            }
            InstanceMemory im = new InstanceMemory(memory, hbmDevice[i],
                    p.hw().memoryBandwidthBytesPerSec() * p.hw().memoryEfficiency(), kvDevices,
                    kvBytesPerBlockPerDevice, timeline, false, n, swapPath, swapDevices, shape.kvBytesPerToken(), tp,
                    prefixPath, prefixDevices);
            KvBlockPool pool = new KvBlockPool((int) blocks, p.blockSize());
            pool.setVictimCache(prefixTier);
            Timed timed = timeModel(p, options, engines);
            IterationTimeModel time = timed.model();
            memories.add(im);
            instances[i] = new Instance(i, p.settings(), pool, time, weightsHbm, blockBytes, capacity, table, im);
            resolved.add(new ResolvedInstance(i, p.ic().path(), p.ic().modelName(), p.hw().name(), p.dtype(),
                    p.kvDtype(), shape, p.hw(), p.settings(), p.blockSize(), blocks, blockBytes, weightsHbm, capacity,
                    util, p.placement(), kvLocation, lss ? 0 : offloaded, timed.fidelity()));
        }
        if (!lss) {
            checkCapacities(config, memory, partials.isEmpty() ? "" : config.fileName());
            markSharedTimelines(instances, timelines, memories, memory.count());
        }
        ClusterSimulation sim = new ClusterSimulation(instances, table, options.routing(), options.seed(),
                options.keepTokenTimes(), options.heartbeatIntervalNs(), heartbeat, memory);
        return new Built(sim, List.copyOf(resolved), memory);
    }

    /**
     * Physical-model instances whose transfers share a device or link with another instance's
     * must issue them one event at a time, so that the FIFO queues see them in global issue order.
     */
    private static void markSharedTimelines(Instance[] instances, OffloadTimeline[] timelines,
            List<InstanceMemory> memories, int resources) {
        // Users of each resource: timelines, and swap paths (swaps are issued as they happen, but
        // a timeline reserving ahead must not make another instance's swap queue behind it).
        int[] users = new int[resources];
        for (int i = 0; i < instances.length; i++) {
            java.util.Set<Integer> mine = new java.util.TreeSet<>();
            if (timelines[i] != null) {
                for (int r : timelines[i].resources()) {
                    mine.add(r);
                }
            }
            TransferPath swap = memories.get(i).swapPath();
            if (swap != null) {
                for (int k = 0; k < swap.deviceCount(); k++) {
                    mine.add(swap.device(k));
                }
                if (swap.link() >= 0) {
                    mine.add(swap.link());
                }
            }
            for (int r : mine) {
                users[r]++;
            }
        }
        for (int i = 0; i < instances.length; i++) {
            if (timelines[i] == null) {
                continue;
            }
            boolean shared = false;
            for (int r : timelines[i].resources()) {
                shared |= users[r] > 1;
            }
            if (shared) {
                instances[i].setMemory(memories.get(i).stepping());
            }
        }
    }

    private static MemoryLocation prefixTierLocation(PrefixStorage storage, CxlMemConfig cxl, boolean lss,
            String file) {
        if (lss) {
            throw new InputException("--prefix-storage: LLMServingSim's write-through prefix tier is not reproduced by"
                    + " --memory-model lss; use the physical model");
        }
        if (storage == PrefixStorage.CXL) {
            if (cxl == null) {
                throw new InputException(file + ": --prefix-storage CXL needs a cxl_mem section");
            }
            return MemoryLocation.parse("cxl:0", cxl.numDevices(), file + ": --prefix-storage");
        }
        return MemoryLocation.CPU;
    }

    /** Off-GPU devices must hold their weights (KV pools were sized to fit what is left). */
    private static void checkCapacities(ClusterConfig config, MemorySystem memory, String file) {
        for (int d = 0; d < memory.count(); d++) {
            MemorySystem.Kind kind = memory.kind(d);
            if (kind != MemorySystem.Kind.CXL && kind != MemorySystem.Kind.HOST_DRAM) {
                continue;
            }
            double reserved = memory.reservedBytes(d);
            if (reserved > memory.capacityBytes(d)) {
                throw new InputException(String.format(Locale.ROOT,
                        "%s: %s: the weights placed on it need %.1f GB but it holds %.1f GB (%s GiB)",
                        file, memory.name(d), reserved / 1e9, memory.capacityBytes(d) / 1e9,
                        trim(memory.capacityBytes(d) / GIB)));
            }
        }
    }

    private static int[] devices(MemoryLocation loc, int cpu, int[] cxlDevice) {
        if (loc.kind() == MemoryLocation.Kind.CPU) {
            return new int[] {cpu};
        }
        int[] ids = loc.cxlDevices();
        int[] out = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            out[k] = cxlDevice[ids[k]];
        }
        return out;
    }

    private static TransferPath path(MemoryLocation loc, int cpu, int[] cxlDevice, int link, CxlMemConfig cxl,
            boolean lss, String where) {
        int[] devs = devices(loc, cpu, cxlDevice);
        if (lss && devs.length > 1) {
            throw new InputException(where + ": placement " + loc + " stripes over several devices, a memwall"
                    + " extension that --memory-model lss (LLMServingSim's model) does not have");
        }
        double efficiency = devs.length > 1 ? cxl.interleaveEfficiency() : 1.0;
        return new TransferPath(devs, link, efficiency, lss);
    }

    /** An instance's iteration-time backend and what it says about the run's fidelity. */
    private record Timed(IterationTimeModel model, Fidelity fidelity) {
    }

    /** The engine profile (read once, when a roofline instance first needs it) and the validated errors. */
    private static final class Engines {
        private final SimulationOptions options;
        private EngineProfile engine;
        private ValidatedErrors errors;

        Engines(SimulationOptions options) {
            this.options = options;
        }

        EngineProfile engine() {
            if (engine == null) {
                engine = EngineCatalog.load(EngineCatalog.enginesDirFor(options.hardwareDir()), options.engine(),
                        "--engine");
            }
            return engine;
        }

        ValidatedErrors errors() {
            if (errors == null) {
                errors = ValidatedErrors.load(ValidatedErrors.fileFor(options.hardwareDir()));
            }
            return errors;
        }
    }

    /** The instance's iteration-time backend, as {@code --timing}, {@code --profile-dir} and {@code --engine} choose. */
    private static Timed timeModel(Partial p, SimulationOptions o, Engines engines) {
        int tp = p.ic().tpSize();
        String variant = ProfileBundle.variantFor(p.dtype(), p.kvDtype());
        java.util.Optional<java.nio.file.Path> bundle = o.profileDir() == null || o.timing() == TimingBackend.ROOFLINE
                ? java.util.Optional.empty()
                : ProfileBundle.locate(o.profileDir(), p.hw().name(), p.ic().modelName(), variant, tp);
        HardwareSpec hw = p.hw();
        if (bundle.isPresent()) {
            double linkBw = RooflineTimeModel.allReduceBytesPerSec(hw);
            long linkLatency = RooflineTimeModel.allReduceLatencyNs(hw);
            IterationTimeModel model = new ProfileTimeModel(ProfileBundle.load(bundle.get(), tp), p.shape(),
                    bytes -> RooflineTimeModel.ringAllReduceNs(tp, bytes, linkBw, linkLatency));
            return new Timed(model, Fidelity.of("profile", "", hw, p.ic().modelName(), tp, engines.errors()));
        }
        if (o.timing() == TimingBackend.PROFILE) {
            String looked = o.profileDir() == null ? "no --profile-dir given"
                    : "no " + o.profileDir().resolve(p.hw().name()).resolve(p.ic().modelName()).resolve(variant)
                            .resolve("tp" + tp) + " with a meta.yaml beside it";
            throw new InputException(p.where() + ": --timing profile: no profile bundle for " + p.hw().name() + ", "
                    + p.ic().modelName() + ", " + variant + ", tp" + tp + " (" + looked + ")");
        }
        EngineProfile engine = engines.engine();
        IterationTimeModel model = new RooflineTimeModel(p.shape(), hw, engine, p.dtype(), p.where());
        return new Timed(model, Fidelity.of("roofline", engine.name(), hw, p.ic().modelName(), tp, engines.errors()));
    }

    private static Partial resolve(ClusterConfig config, InstanceConfig ic, SimulationOptions o) {
        String where = config.fileName() + ": " + ic.path();
        RuntimeOverrides ov = ic.overrides();
        ModelConfig model = ModelCatalog.load(o.modelsDir(), ic.modelName(), where + ".model_name");
        HardwareSpec hw = HardwareCatalog.load(o.hardwareDir(), ic.hardware(), where + ".hardware");

        String dtypeName = ov.dtype() != null ? ov.dtype()
                : o.dtype() != null ? o.dtype()
                : model.torchDtype() != null ? model.torchDtype() : "bfloat16";
        String dtypeWhere = ov.dtype() != null ? where + ".dtype"
                : o.dtype() != null ? "--dtype" : "model " + ic.modelName() + ": torch_dtype";
        DType dtype = DType.parse(dtypeName, dtypeWhere);
        DType kvDtype = "fp8".equals(ov.kvCacheDtype()) ? DType.FP8 : dtype;

        int blockSize = ov.blockSize() != null ? ov.blockSize() : o.blockSize();
        int maxSeqs = ov.maxNumSeqs() != null ? ov.maxNumSeqs() : o.maxNumSeqs();
        int maxTokens = ov.maxNumBatchedTokens() != null ? ov.maxNumBatchedTokens() : o.maxNumBatchedTokens();
        // LLMServingSim caps the token budget at the model's context length; 0 means that cap.
        int cap = model.maxPositionEmbeddings();
        maxTokens = maxTokens <= 0 ? cap : Math.min(maxTokens, cap);
        int threshold = ov.longPrefillTokenThreshold() != null ? ov.longPrefillTokenThreshold()
                : o.longPrefillTokenThreshold();
        boolean chunked = ov.enableChunkedPrefill() != null ? ov.enableChunkedPrefill() : o.chunkedPrefill();
        boolean prefix = ov.enablePrefixCaching() != null ? ov.enablePrefixCaching() : o.prefixCaching();
        boolean reserve = ov.reserveFullIsl() != null ? ov.reserveFullIsl() : o.reserveFullIsl();
        SchedulerSettings settings = new SchedulerSettings(maxSeqs, maxTokens, threshold, chunked, prefix, reserve);

        String tpProblem = ModelShape.tpProblem(model, ic.tpSize());
        if (tpProblem != null) {
            throw new InputException(where + ".tp_size: " + tpProblem);
        }
        ModelShape shape = ModelShape.of(model, dtype, kvDtype, ic.tpSize());
        ResolvedPlacement placement = PlacementResolver.resolve(ic.placement(), shape, config.cxlDeviceCount(),
                config.fileName(), ic.path());
        return new Partial(ic, where, model, hw, dtype, kvDtype, blockSize, settings, shape, placement);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
