package dev.memwall.config;

/**
 * One serving instance: a model on {@code numNpus} NPUs of one hardware kind.
 *
 * @param path JSON path, e.g. {@code nodes[0].instances[1]}, for later messages about it
 * @param nodeIndex index of its node
 * @param globalIndex index among all instances of the cluster, in node order
 * @param modelName {@code model_name}, e.g. {@code meta-llama/Llama-3.1-8B}
 * @param hardware {@code hardware}, a profile folder name such as {@code RTXPRO6000}
 * @param npuMem {@code npu_mem}, per NPU
 * @param pdType {@code "prefill"}, {@code "decode"}, or {@code null} for a colocated instance
 * @param numNpus {@code num_npus} = {@code tpSize * ppSize} (inferred when only one is given)
 * @param tpSize {@code tp_size}, tensor-parallel degree
 * @param ppSize {@code pp_size}, pipeline-parallel degree (default 1)
 * @param epSize {@code ep_size}; {@code null} when absent (then tp for MoE models, 1 for dense)
 * @param dpGroup {@code dp_group} name; {@code null} when absent
 * @param placement {@code placement}; {@code null} when absent (everything on the NPU, evictions
 *     to cpu)
 * @param overrides per-instance runtime overrides, never {@code null}
 * @param hostLink memwall extension {@code host_link}; {@code null} when absent
 * @param kvTransfer memwall extension {@code kv_transfer}: the CXL device(s) this instance's P/D
 *     hand-offs write KV to (prefill) or read it from (decode); {@code null} for a direct path
 */
public record InstanceConfig(String path, int nodeIndex, int globalIndex, String modelName,
        String hardware, NpuMemConfig npuMem, String pdType, int numNpus, int tpSize, int ppSize,
        Integer epSize, String dpGroup, PlacementConfig placement, RuntimeOverrides overrides,
        HostLinkConfig hostLink, MemoryLocation kvTransfer) {

    /** {@code pd_type} of a prefill instance. */
    public static final String PREFILL = "prefill";
    /** {@code pd_type} of a decode instance. */
    public static final String DECODE = "decode";
}
