package dev.memwall.memory;

import dev.memwall.config.MemoryLocation;

/**
 * Where one instance keeps each layer's weights, its KV block pool, and evicted KV.
 *
 * @param weights     per layer of the instance's model shape
 * @param kv          the KV block pool's location (one per instance)
 * @param kvEvict     where preempted KV goes in swap mode
 */
public record ResolvedPlacement(MemoryLocation[] weights, MemoryLocation kv, MemoryLocation kvEvict) {

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
