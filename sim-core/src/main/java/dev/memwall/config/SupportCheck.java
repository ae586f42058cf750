package dev.memwall.config;

import dev.memwall.input.InputException;
import java.util.Map;

/**
 * Refuses what a config may say but memwall does not simulate yet, so that nothing parsed is ever
 * silently ignored. The foundation release simulates colocated instances on one NPU each
 * (TP = PP = 1) with weights and KV cache in HBM. Refused, each as
 * {@code <file>: <json path>: <what> is not supported yet (<hint>)}:
 * <ul>
 *   <li>a node's {@code power} section and {@code cpu_mem.pim_config};
 *   <li>an instance's non-null {@code pd_type}, {@code tp_size}, {@code pp_size}, {@code num_npus}
 *       or {@code ep_size} above 1, {@code dp_group}, and {@code host_link};
 *   <li>a {@code weights} or {@code kv_loc} placement (default, block or layer) anywhere but
 *       {@code npu};
 *   <li>{@code enable_local_offloading}, {@code enable_attn_offloading} or
 *       {@code enable_sub_batch_interleaving} set to true.
 * </ul>
 * Accepted: {@code cxl_mem} alone (devices declared, nothing placed on them), any valid
 * {@code kv_evict_loc} (nothing is evicted to it yet: eviction is recomputation), and
 * {@code kv_cache_dtype} fp8.
 */
public final class SupportCheck {
    private static final String PLACEMENT_HINT =
            "use npu; only kv_evict_loc may point off the GPU for now, since nothing is evicted to it yet";

    private SupportCheck() {
    }

    /**
     * Throws for the first feature the config uses that is not simulated yet.
     *
     * @throws InputException naming the file, the JSON path and the feature
     */
    public static void requireSupported(ClusterConfig c) {
        for (NodeConfig node : c.nodes()) {
            String nodePath = "nodes[" + node.index() + "]";
            if (node.power() != null) {
                throw unsupported(c, nodePath + ".power", "the power model", "remove the power section");
            }
            if (node.cpuMem().pimConfig() != null) {
                throw unsupported(c, nodePath + ".cpu_mem.pim_config", "PIM attention offload", "remove pim_config");
            }
            for (InstanceConfig inst : node.instances()) {
                checkInstance(c, inst);
            }
        }
    }

    private static void checkInstance(ClusterConfig c, InstanceConfig inst) {
        String p = inst.path();
        if (inst.pdType() != null) {
            throw unsupported(c, p + ".pd_type", "prefill/decode disaggregation",
                    "set pd_type to null for a colocated instance");
        }
        if (inst.tpSize() > 1) {
            throw unsupported(c, p + ".tp_size", "tensor parallelism (tp_size " + inst.tpSize() + ")",
                    "use one NPU per instance: tp_size 1");
        }
        if (inst.ppSize() > 1) {
            throw unsupported(c, p + ".pp_size", "pipeline parallelism (pp_size " + inst.ppSize() + ")",
                    "use pp_size 1");
        }
        if (inst.numNpus() > 1) {
            throw unsupported(c, p + ".num_npus", inst.numNpus() + " NPUs per instance", "use num_npus 1");
        }
        if (inst.epSize() != null && inst.epSize() > 1) {
            throw unsupported(c, p + ".ep_size", "expert parallelism (ep_size " + inst.epSize() + ")",
                    "use ep_size 1 or leave it out");
        }
        if (inst.dpGroup() != null) {
            throw unsupported(c, p + ".dp_group", "data-parallel group " + JsonCursor.quote(inst.dpGroup()),
                    "remove dp_group");
        }
        if (inst.placement() != null) {
            checkPlacement(c, inst);
        }
        if (inst.hostLink() != null) {
            throw unsupported(c, p + ".host_link", "the host link model",
                    "it matters only once weights or KV leave the GPU; remove host_link");
        }
        RuntimeOverrides o = inst.overrides();
        if (Boolean.TRUE.equals(o.enableLocalOffloading())) {
            throw unsupported(c, p + ".enable_local_offloading", "local offloading", "set it to false or remove it");
        }
        if (Boolean.TRUE.equals(o.enableAttnOffloading())) {
            throw unsupported(c, p + ".enable_attn_offloading", "attention offloading to PIM",
                    "set it to false or remove it");
        }
        if (Boolean.TRUE.equals(o.enableSubBatchInterleaving())) {
            throw unsupported(c, p + ".enable_sub_batch_interleaving", "sub-batch interleaving",
                    "set it to false or remove it");
        }
    }

    private static void checkPlacement(ClusterConfig c, InstanceConfig inst) {
        PlacementConfig placement = inst.placement();
        if (placement.defaults() != null) {
            checkEntry(c, PlacementConfig.defaultPath(inst.path()), placement.defaults());
        }
        for (BlockPlacement block : placement.blocks()) {
            checkEntry(c, block.path(), block.entry());
        }
        for (Map.Entry<String, PlacementEntry> layer : placement.layers().entrySet()) {
            checkEntry(c, PlacementConfig.layerPath(inst.path(), layer.getKey()), layer.getValue());
        }
    }

    private static void checkEntry(ClusterConfig c, String path, PlacementEntry e) {
        checkOnGpu(c, path + ".weights", "weights", e.weights());
        checkOnGpu(c, path + ".kv_loc", "the KV cache", e.kvLoc());
    }

    private static void checkOnGpu(ClusterConfig c, String path, String what, String value) {
        if (value != null && !MemoryLocation.parse(value, c.cxlDeviceCount(), c.fileName() + ": " + path).onGpu()) {
            throw unsupported(c, path, "placing " + what + " on " + value, PLACEMENT_HINT);
        }
    }

    private static InputException unsupported(ClusterConfig c, String path, String what, String hint) {
        return InputException.at(c.fileName() + ": " + path, what + " is not supported yet (" + hint + ")");
    }
}
