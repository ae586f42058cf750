package dev.memwall.memory;

import dev.memwall.config.MemoryLocation;

/**
 * Where one instance keeps each layer's weights, its KV block pool, and evicted KV.
 *
 * @param weights     per layer of the instance's model shape
 * @param kv          the KV block pool's location (one per instance)
 * @param kvEvict     where preempted KV goes in swap mode
 * @param experts     per expert of an MoE layer (the same in every block), where it lives; null
 *                    without {@code placement.experts} (then experts go with their layer)
 * @param expertCacheBytes HBM bytes per GPU kept as an LRU cache of off-GPU experts
 * @param fallback    where weights streamed from a CXL device are read from once it is lost for
 *                    good ({@code placement.fallback}); null without one
 */
public record ResolvedPlacement(MemoryLocation[] weights, MemoryLocation kv, MemoryLocation kvEvict,
        MemoryLocation[] experts, double expertCacheBytes, MemoryLocation fallback) {

    public ResolvedPlacement(MemoryLocation[] weights, MemoryLocation kv, MemoryLocation kvEvict) {
        this(weights, kv, kvEvict, null, 0, null);
    }

    /** The one off-GPU location of the placed experts, or null when every expert is on the GPU. */
    public MemoryLocation offGpuExperts() {
        if (experts == null) {
            return null;
        }
        for (MemoryLocation m : experts) {
            if (!m.onGpu()) {
                return m;
            }
        }
        return null;
    }

    /** Everything on the GPU, the default when a config has no placement. */
    public static ResolvedPlacement allOnGpu(int layers) {
        MemoryLocation[] w = new MemoryLocation[layers];
        java.util.Arrays.fill(w, MemoryLocation.NPU);
        return new ResolvedPlacement(w, MemoryLocation.NPU, MemoryLocation.CPU);
    }

    public boolean anyWeightsOffGpu() {
        for (MemoryLocation m : weights) {
            if (!m.onGpu()) {
                return true;
            }
        }
        return false;
    }
}
