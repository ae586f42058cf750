package dev.memwall.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.InstanceConfig;
import dev.memwall.config.RuntimeOverrides;
import dev.memwall.config.SupportCheck;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.hardware.RooflineTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.memory.KvBlockPool;
import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelConfig;
import dev.memwall.model.ModelShape;

/**
 * Turns a validated cluster config and run options into a ready {@link ClusterSimulation}:
 * resolves each instance's model and hardware, its effective scheduler settings (instance
 * overrides win over run options), its weights in HBM and its KV pool, sized as LLMServingSim
 * sizes it: {@code blocks = (mem_size * util - weights) / (block_size * kv_bytes_per_token)}.
 */
public final class ClusterBuilder {
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private ClusterBuilder() {
    }

    /** What was resolved for one instance, for banners and summaries. */
    public record ResolvedInstance(int id, String path, String modelName, String hardwareName, DType dtype,
            DType kvDtype, ModelShape shape, HardwareSpec hardware, SchedulerSettings settings, int blockSize,
            long kvBlocks, long kvBlockBytes, long weightsHbmBytes, double hbmCapacityBytes, double memUtil,
            double nodeCpuMemBytes) {
    }

    /** A built simulation and what each instance resolved to. */
    public record Built(ClusterSimulation simulation, List<ResolvedInstance> instances) {
    }

    public static Built build(ClusterConfig config, SimulationOptions options, ClusterSimulation.Heartbeat heartbeat) {
        SupportCheck.requireSupported(config);
        List<InstanceConfig> configs = config.instances();
        List<ResolvedInstance> resolved = new ArrayList<>();
        RequestTable table = new RequestTable(1024);
        Instance[] instances = new Instance[configs.size()];
        for (int i = 0; i < configs.size(); i++) {
            InstanceConfig ic = configs.get(i);
            ResolvedInstance ri = resolve(config, ic, i, options);
            resolved.add(ri);
            KvBlockPool pool = new KvBlockPool((int) ri.kvBlocks(), ri.blockSize());
            String where = config.fileName() + ": " + ic.path();
            RooflineTimeModel time = new RooflineTimeModel(ri.shape(), ri.hardware(), ri.dtype(), where);
            instances[i] = new Instance(i, ri.settings(), pool, time, ri.weightsHbmBytes(), ri.kvBlockBytes(),
                    ri.hbmCapacityBytes(), table);
        }
        ClusterSimulation sim = new ClusterSimulation(instances, table, options.routing(), options.seed(),
                options.keepTokenTimes(), options.heartbeatIntervalNs(), heartbeat);
        return new Built(sim, List.copyOf(resolved));
    }

    private static ResolvedInstance resolve(ClusterConfig config, InstanceConfig ic, int id, SimulationOptions o) {
        String where = config.fileName() + ": " + ic.path();
        RuntimeOverrides ov = ic.overrides();
        ModelConfig model = ModelCatalog.load(o.modelsDir(), ic.modelName(), where + ".model_name");
        HardwareSpec hw = HardwareCatalog.load(o.hardwareDir(), ic.hardware(), where + ".hardware");

        String dtypeName = ov != null && ov.dtype() != null ? ov.dtype()
                : o.dtype() != null ? o.dtype()
                : model.torchDtype() != null ? model.torchDtype() : "bfloat16";
        String dtypeWhere = ov != null && ov.dtype() != null ? where + ".dtype"
                : o.dtype() != null ? "--dtype" : "model " + ic.modelName() + ": torch_dtype";
        DType dtype = DType.parse(dtypeName, dtypeWhere);
        DType kvDtype = ov != null && "fp8".equals(ov.kvCacheDtype()) ? DType.FP8 : dtype;

        int blockSize = ov != null && ov.blockSize() != null ? ov.blockSize() : o.blockSize();
        int maxSeqs = ov != null && ov.maxNumSeqs() != null ? ov.maxNumSeqs() : o.maxNumSeqs();
        int maxTokens = ov != null && ov.maxNumBatchedTokens() != null ? ov.maxNumBatchedTokens() : o.maxNumBatchedTokens();
        // LLMServingSim caps the token budget at the model's context length; 0 means that cap.
        int cap = model.maxPositionEmbeddings();
        maxTokens = maxTokens <= 0 ? cap : Math.min(maxTokens, cap);
        int threshold = ov != null && ov.longPrefillTokenThreshold() != null ? ov.longPrefillTokenThreshold()
                : o.longPrefillTokenThreshold();
        boolean chunked = ov != null && ov.enableChunkedPrefill() != null ? ov.enableChunkedPrefill() : o.chunkedPrefill();
        boolean prefix = ov != null && ov.enablePrefixCaching() != null ? ov.enablePrefixCaching() : o.prefixCaching();
        boolean reserve = ov != null && ov.reserveFullIsl() != null ? ov.reserveFullIsl() : o.reserveFullIsl();
        SchedulerSettings settings = new SchedulerSettings(maxSeqs, maxTokens, threshold, chunked, prefix, reserve);

        ModelShape shape = ModelShape.of(model, dtype, kvDtype, ic.tpSize());
        long weights = shape.totalWeightBytes();
        double util = ic.npuMem().memUtil() != null ? ic.npuMem().memUtil() : o.npuMemoryUtilization();
        double capacity = ic.npuMem().memSizeGb() * GIB;
        double usable = capacity * util;
        long blockBytes = (long) blockSize * shape.kvBytesPerToken();
        if (weights > usable) {
            throw new InputException(String.format(Locale.ROOT,
                    "%s: %s needs %.1f GB of %s weights but npu_mem holds %.1f GB (%s GiB x mem_util %.2f):"
                            + " the weights do not fit in HBM",
                    where, ic.modelName(), weights / 1e9, dtype.cliName(), usable / 1e9,
                    trim(ic.npuMem().memSizeGb()), util));
        }
        long blocks = (long) Math.floor((usable - weights) / blockBytes);
        if (blocks < 1) {
            throw new InputException(String.format(Locale.ROOT,
                    "%s: %s leaves %.2f GB for the KV cache, less than one block of %d bytes"
                            + " (raise npu_mem.mem_size or mem_util)",
                    where, ic.modelName(), (usable - weights) / 1e9, blockBytes));
        }
        if (blocks > Integer.MAX_VALUE - 8) {
            throw new InputException(where + ": KV pool of " + blocks + " blocks is too large; raise --block-size");
        }
        double cpuBytes = config.nodes().get(ic.nodeIndex()).cpuMem().memSizeGb() * GIB;
        return new ResolvedInstance(id, ic.path(), ic.modelName(), hw.name(), dtype, kvDtype, shape, hw, settings,
                blockSize, blocks, blockBytes, weights, capacity, util, cpuBytes);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
