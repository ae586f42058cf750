package dev.memwall.serving;

import dev.memwall.memory.MemoryModel;
import dev.memwall.config.FaultSpec;
import dev.memwall.metrics.Slo;
import dev.memwall.moe.ExpertRouting;
import java.util.List;
import java.nio.file.Path;


/**
 * Run-wide settings, mostly LLMServingSim's command-line flags with its defaults; an instance's
 * own runtime overrides in the cluster config win over these.
 *
 * @param dtype                  weight and activation dtype name, or null for the model's
 *                               {@code torch_dtype} (then bfloat16)
 * @param npuMemoryUtilization   fraction of HBM for weights plus KV
 * @param keepTokenTimes         keep every token's emission time (for the per-request ITL column)
 * @param heartbeatIntervalNs    simulated time between heartbeats; 0 = none
 * @param memoryModel            how off-GPU transfers are timed: the physical model, or
 *                               LLMServingSim's ({@code lss})
 * @param prefetchWindowLayers   layers of off-GPU weights staged ahead of compute (physical model)
 * @param preemptionMode         what happens to a preempted request's KV
 * @param timing                 which iteration-time backend instances use
 * @param profileDir             root of LLMServingSim profile bundles, or null for none
 * @param prefixStorage          the second prefix-cache tier
 * @param prefixSharing          one second tier per node (host DRAM) or per cluster (CXL) shared
 *                               by its instances, instead of one per instance
 * @param kvCacheDtype           {@code auto} (the model's dtype) or {@code fp8}; an instance's own
 *                               {@code kv_cache_dtype} wins
 * @param skipPrefill            requests arrive with their prompt's KV in place and start decoding
 * @param expertRouting          how an MoE gate spreads tokens over experts
 * @param maxModelLen            the longest prompt accepted, 0 = the model's context length
 * @param engine                 the serving engine's profile for the roofline backend: a name in
 *                               the {@code engines} folder beside {@code hardwareDir}, a
 *                               {@code .json} file, or null for the newest
 * @param slo                    the service-level objective goodput is counted against
 * @param faults                 faults to inject (beside the cluster config's)
 * @param coldStart              hold each instance until its weights are loaded
 * @param attnOffloading         decode attention on the PIM device of the node's host memory
 *                               ({@code cpu_mem.pim_config}); an instance's own setting wins
 * @param subBatchInterleaving   two half batches overlapping GPU work and PIM attention
 * @param pimDir                 folder of PIM device inis ({@code <pim_config>.ini})
 */
public record SimulationOptions(String dtype, int blockSize, int maxNumSeqs, int maxNumBatchedTokens,
        int longPrefillTokenThreshold, boolean chunkedPrefill, boolean prefixCaching, boolean reserveFullIsl,
        double npuMemoryUtilization, RoutingPolicy routing, long seed, Path modelsDir, Path hardwareDir,
        boolean keepTokenTimes, long heartbeatIntervalNs, MemoryModel memoryModel, int prefetchWindowLayers,
        PreemptionMode preemptionMode, TimingBackend timing, Path profileDir, PrefixStorage prefixStorage,
        boolean prefixSharing, String kvCacheDtype, boolean skipPrefill, ExpertRouting expertRouting,
        int maxModelLen, String engine, Slo slo, List<FaultSpec> faults, boolean coldStart,
        boolean attnOffloading, boolean subBatchInterleaving, Path pimDir) {

    public SimulationOptions {
        faults = List.copyOf(faults);
    }

    /** LLMServingSim's defaults (reference §2), models and hardware under {@code configs/}. */
    public static SimulationOptions defaults() {
        return new SimulationOptions(null, 16, 128, 2048, 0, true, true, true, 0.9, RoutingPolicy.LOAD, 42,
                Path.of("configs/models"), Path.of("configs/hardware"), false, 0, MemoryModel.PHYSICAL, 2,
                PreemptionMode.RECOMPUTE, TimingBackend.AUTO, null, PrefixStorage.NONE, false, "auto", false,
                ExpertRouting.BALANCED, 0, null, Slo.NONE, List.of(), false, false, false, Path.of("configs/pim"));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public SimulationOptions withKeepTokenTimes(boolean keep) {
        return toBuilder().keepTokenTimes(keep).build();
    }

    public SimulationOptions withModelsAndHardware(Path models, Path hardware) {
        return toBuilder().modelsDir(models).hardwareDir(hardware).build();
    }

    public SimulationOptions withMemoryUtilization(double util) {
        return toBuilder().npuMemoryUtilization(util).build();
    }

    public SimulationOptions withMaxNumSeqs(int seqs) {
        return toBuilder().maxNumSeqs(seqs).build();
    }

    public SimulationOptions withMaxNumBatchedTokens(int tokens) {
        return toBuilder().maxNumBatchedTokens(tokens).build();
    }

    public SimulationOptions withRouting(RoutingPolicy policy) {
        return toBuilder().routing(policy).build();
    }

    /** A mutable copy of a {@link SimulationOptions}, one setter per field. */
    public static final class Builder {
        private String dtype;
        private int blockSize;
        private int maxNumSeqs;
        private int maxNumBatchedTokens;
        private int longPrefillTokenThreshold;
        private boolean chunkedPrefill;
        private boolean prefixCaching;
        private boolean reserveFullIsl;
        private double npuMemoryUtilization;
        private RoutingPolicy routing;
        private long seed;
        private Path modelsDir;
        private Path hardwareDir;
        private boolean keepTokenTimes;
        private long heartbeatIntervalNs;
        private MemoryModel memoryModel;
        private int prefetchWindowLayers;
        private PreemptionMode preemptionMode;
        private TimingBackend timing;
        private Path profileDir;
        private PrefixStorage prefixStorage;
        private boolean prefixSharing;
        private String kvCacheDtype;
        private boolean skipPrefill;
        private ExpertRouting expertRouting;
        private int maxModelLen;
        private String engine;
        private Slo slo;
        private List<FaultSpec> faults;
        private boolean coldStart;
        private boolean attnOffloading;
        private boolean subBatchInterleaving;
        private Path pimDir;

        private Builder(SimulationOptions o) {
            dtype = o.dtype;
            blockSize = o.blockSize;
            maxNumSeqs = o.maxNumSeqs;
            maxNumBatchedTokens = o.maxNumBatchedTokens;
            longPrefillTokenThreshold = o.longPrefillTokenThreshold;
            chunkedPrefill = o.chunkedPrefill;
            prefixCaching = o.prefixCaching;
            reserveFullIsl = o.reserveFullIsl;
            npuMemoryUtilization = o.npuMemoryUtilization;
            routing = o.routing;
            seed = o.seed;
            modelsDir = o.modelsDir;
            hardwareDir = o.hardwareDir;
            keepTokenTimes = o.keepTokenTimes;
            heartbeatIntervalNs = o.heartbeatIntervalNs;
            memoryModel = o.memoryModel;
            prefetchWindowLayers = o.prefetchWindowLayers;
            preemptionMode = o.preemptionMode;
            timing = o.timing;
            profileDir = o.profileDir;
            prefixStorage = o.prefixStorage;
            prefixSharing = o.prefixSharing;
            kvCacheDtype = o.kvCacheDtype;
            skipPrefill = o.skipPrefill;
            expertRouting = o.expertRouting;
            maxModelLen = o.maxModelLen;
            engine = o.engine;
            slo = o.slo;
            faults = o.faults;
            coldStart = o.coldStart;
            attnOffloading = o.attnOffloading;
            subBatchInterleaving = o.subBatchInterleaving;
            pimDir = o.pimDir;
        }

        public Builder dtype(String v) {
            dtype = v;
            return this;
        }

        public Builder blockSize(int v) {
            blockSize = v;
            return this;
        }

        public Builder maxNumSeqs(int v) {
            maxNumSeqs = v;
            return this;
        }

        public Builder maxNumBatchedTokens(int v) {
            maxNumBatchedTokens = v;
            return this;
        }

        public Builder longPrefillTokenThreshold(int v) {
            longPrefillTokenThreshold = v;
            return this;
        }

        public Builder chunkedPrefill(boolean v) {
            chunkedPrefill = v;
            return this;
        }

        public Builder prefixCaching(boolean v) {
            prefixCaching = v;
            return this;
        }

        public Builder reserveFullIsl(boolean v) {
            reserveFullIsl = v;
            return this;
        }

        public Builder npuMemoryUtilization(double v) {
            npuMemoryUtilization = v;
            return this;
        }

        public Builder routing(RoutingPolicy v) {
            routing = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder modelsDir(Path v) {
            modelsDir = v;
            return this;
        }

        public Builder hardwareDir(Path v) {
            hardwareDir = v;
            return this;
        }

        public Builder keepTokenTimes(boolean v) {
            keepTokenTimes = v;
            return this;
        }

        public Builder heartbeatIntervalNs(long v) {
            heartbeatIntervalNs = v;
            return this;
        }

        public Builder memoryModel(MemoryModel v) {
            memoryModel = v;
            return this;
        }

        public Builder prefetchWindowLayers(int v) {
            prefetchWindowLayers = v;
            return this;
        }

        public Builder preemptionMode(PreemptionMode v) {
            preemptionMode = v;
            return this;
        }

        public Builder timing(TimingBackend v) {
            timing = v;
            return this;
        }

        public Builder profileDir(Path v) {
            profileDir = v;
            return this;
        }

        public Builder prefixStorage(PrefixStorage v) {
            prefixStorage = v;
            return this;
        }

        public Builder prefixSharing(boolean v) {
            prefixSharing = v;
            return this;
        }

        public Builder kvCacheDtype(String v) {
            kvCacheDtype = v;
            return this;
        }

        public Builder skipPrefill(boolean v) {
            skipPrefill = v;
            return this;
        }

        public Builder expertRouting(ExpertRouting v) {
            expertRouting = v;
            return this;
        }

        public Builder maxModelLen(int v) {
            maxModelLen = v;
            return this;
        }

        public Builder engine(String v) {
            engine = v;
            return this;
        }

        public Builder slo(Slo v) {
            slo = v;
            return this;
        }

        public Builder faults(List<FaultSpec> v) {
            faults = v;
            return this;
        }

        public Builder coldStart(boolean v) {
            coldStart = v;
            return this;
        }

        public Builder attnOffloading(boolean v) {
            attnOffloading = v;
            return this;
        }

        public Builder subBatchInterleaving(boolean v) {
            subBatchInterleaving = v;
            return this;
        }

        public Builder pimDir(Path v) {
            pimDir = v;
            return this;
        }

        public SimulationOptions build() {
            return new SimulationOptions(dtype, blockSize, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold,
                    chunkedPrefill, prefixCaching, reserveFullIsl, npuMemoryUtilization, routing, seed, modelsDir,
                    hardwareDir, keepTokenTimes, heartbeatIntervalNs, memoryModel, prefetchWindowLayers,
                    preemptionMode, timing, profileDir, prefixStorage, prefixSharing, kvCacheDtype, skipPrefill,
                    expertRouting, maxModelLen, engine, slo, faults, coldStart, attnOffloading, subBatchInterleaving,
                    pimDir);
        }
    }
}
