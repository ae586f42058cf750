package dev.memwall.serving;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.InstanceConfig;
import dev.memwall.config.RuntimeOverrides;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.input.InputException;
import dev.memwall.memory.PlacementResolver;
import dev.memwall.memory.ResolvedPlacement;
import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelConfig;
import dev.memwall.model.ModelShape;

/**
 * What one instance of a config resolves to before anything is wired: its model, hardware,
 * dtypes, block size, scheduler settings (instance overrides win over run options) and placement.
 * The first phase of {@link ClusterBuilder}.
 *
 * @param where names the instance in errors: {@code <file>: nodes[i].instances[j]}
 * @param dataParallelMembers how many instances share its {@code dp_group} (1 outside one)
 */
record InstancePlan(InstanceConfig ic, String where, ModelConfig model, HardwareSpec hw, DType dtype,
        DType kvDtype, int blockSize, SchedulerSettings settings, ModelShape shape, ResolvedPlacement placement,
        int dataParallelMembers) {

    static InstancePlan resolve(ClusterConfig config, InstanceConfig ic, SimulationOptions o) {
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
        String kvCache = ov.kvCacheDtype() != null ? ov.kvCacheDtype() : o.kvCacheDtype();
        DType kvDtype = "fp8".equals(kvCache) ? DType.FP8 : dtype;
        int blockSize = ov.blockSize() != null ? ov.blockSize() : o.blockSize();

        String tpProblem = ModelShape.tpProblem(model, ic.tpSize());
        if (tpProblem != null) {
            throw new InputException(where + ".tp_size: " + tpProblem);
        }
        int dpMembers = dataParallelMembers(config, ic);
        ModelShape shape = ModelShape.of(model, dtype, kvDtype, ic.tpSize(), dpMembers);
        if (ic.ppSize() > shape.blockCount()) {
            throw new InputException(where + ".pp_size: " + ic.ppSize() + " pipeline stages but " + model.name()
                    + " has only " + shape.blockCount() + " decoder blocks to cut (vLLM cuts stages on block"
                    + " boundaries; use pp_size <= " + shape.blockCount() + ")");
        }
        String epProblem = epProblem(ic, model);
        if (epProblem != null) {
            throw new InputException(where + ".ep_size: " + epProblem);
        }
        ResolvedPlacement placement = PimWiring.kvPlacement(PlacementResolver.resolve(ic.placement(), shape,
                config.cxlDeviceCount(), config.fileName(), ic.path()), ic, o, config.fileName());
        return new InstancePlan(ic, where, model, hw, dtype, kvDtype, blockSize, settings(ic, model, o), shape,
                placement, dpMembers);
    }

    /** How many instances share {@code ic}'s {@code dp_group} (1 outside one). */
    private static int dataParallelMembers(ClusterConfig config, InstanceConfig ic) {
        if (ic.dpGroup() == null) {
            return 1;
        }
        return (int) config.instances().stream().filter(o -> ic.dpGroup().equals(o.dpGroup())).count();
    }

    /** Why {@code ep_size} cannot apply to {@code model}, or null when it can. */
    private static String epProblem(InstanceConfig ic, ModelConfig model) {
        Integer ep = ic.epSize();
        if (ep == null || ep == 1) {
            return null;
        }
        if (!model.isMoe()) {
            return "ep_size " + ep + " needs an MoE model (" + model.name() + " has no experts; use 1 or leave it out)";
        }
        if (model.numExperts() % ep != 0) {
            return "ep_size " + ep + " does not divide the " + model.numExperts() + " experts of " + model.name();
        }
        return null;
    }

    private static SchedulerSettings settings(InstanceConfig ic, ModelConfig model, SimulationOptions o) {
        RuntimeOverrides ov = ic.overrides();
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
        int maxModelLen = o.maxModelLen() == 0 ? cap : o.maxModelLen();
        if (maxModelLen > cap) {
            throw new InputException("--max-model-len: " + maxModelLen + " is longer than " + model.name()
                    + "'s context (max_position_embeddings " + cap + ")");
        }
        return new SchedulerSettings(maxSeqs, maxTokens, threshold, chunked, prefix, reserve, maxModelLen);
    }

    int tp() {
        return ic.tpSize();
    }

    /**
     * Expert-parallel degree: {@code ep_size}, else the TP degree for an MoE model (LLMServingSim's
     * default), 1 for a dense one.
     */
    int ep() {
        if (ic.epSize() != null) {
            return ic.epSize();
        }
        return model.isMoe() ? ic.tpSize() : 1;
    }

    int node() {
        return ic.nodeIndex();
    }

    /** Fraction of HBM for weights plus KV: the instance's {@code npu_mem.mem_util}, else the run's. */
    double memUtil(SimulationOptions o) {
        return ic.npuMem().memUtil() != null ? ic.npuMem().memUtil() : o.npuMemoryUtilization();
    }
}
