package dev.memwall.config;

import dev.memwall.input.JsonFields;
import dev.memwall.input.InputException;

/**
 * Refuses what a config may say but memwall does not simulate yet, so that nothing parsed is ever
 * silently ignored. Simulated: colocated instances with tensor parallelism, weights and KV
 * cache placed on HBM, host DRAM or CXL devices, a per-instance {@code host_link}. Refused, each as
 * {@code <file>: <json path>: <what> is not supported yet (<hint>)}:
 * <ul>
 *   <li>a node's {@code power} section and {@code cpu_mem.pim_config};
 *   <li>{@code enable_local_offloading}, {@code enable_attn_offloading} or
 *       {@code enable_sub_batch_interleaving} set to true.
 * </ul>
 */
public final class SupportCheck {
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

    private static InputException unsupported(ClusterConfig c, String path, String what, String hint) {
        return InputException.at(c.fileName() + ": " + path, what + " is not supported yet (" + hint + ")");
    }
}
