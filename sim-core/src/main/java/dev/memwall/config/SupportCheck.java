package dev.memwall.config;

import dev.memwall.input.JsonFields;
import dev.memwall.input.InputException;

/**
 * Refuses what a config may say but memwall does not simulate yet, so that nothing parsed is ever
 * silently ignored. Simulated: colocated instances with tensor and pipeline parallelism, weights
 * and KV cache placed on HBM, host DRAM or CXL devices, a per-instance {@code host_link}, a node's
 * {@code power} section (the energy model of {@code dev.memwall.power}), its
 * {@code cpu_mem.pim_config} with attention offload ({@code dev.memwall.pim}). Refused, each as
 * {@code <file>: <json path>: <what> is not supported yet (<hint>)}:
 * <ul>
 *   <li>{@code enable_local_offloading} set to true.
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
    }

    private static InputException unsupported(ClusterConfig c, String path, String what, String hint) {
        return InputException.at(c.fileName() + ": " + path, what + " is not supported yet (" + hint + ")");
    }
}
