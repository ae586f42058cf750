package dev.memwall.memory;

import java.util.Map;
import java.util.TreeSet;

import dev.memwall.config.BlockPlacement;
import dev.memwall.config.MemoryLocation;
import dev.memwall.config.PlacementConfig;
import dev.memwall.config.PlacementEntry;
import dev.memwall.input.InputException;
import dev.memwall.model.ModelShape;

/**
 * Resolves an instance's {@code placement} against its model exactly as LLMServingSim does:
 * a {@code layers} entry (by sub-layer name, in every block) beats a {@code blocks} entry, which
 * beats {@code default}; anything unset is {@code npu} for weights and KV, {@code cpu} for
 * evicted KV. The KV pool has one location per instance: block or layer entries may repeat the
 * default's {@code kv_loc} but not change it.
 */
public final class PlacementResolver {
    private PlacementResolver() {
    }

    /**
     * @param file         the config's file name, for messages
     * @param instancePath the instance's JSON path, e.g. {@code nodes[0].instances[0]}
     */
    public static ResolvedPlacement resolve(PlacementConfig placement, ModelShape shape, int cxlDevices,
            String file, String instancePath) {
        int n = shape.layerCount();
        if (placement == null) {
            return ResolvedPlacement.allOnGpu(n);
        }
        String defaultsWhere = file + ": " + PlacementConfig.defaultPath(instancePath);
        PlacementEntry d = placement.defaults();
        MemoryLocation defaultWeights = location(d == null ? null : d.weights(), MemoryLocation.NPU, cxlDevices,
                defaultsWhere + ".weights");
        MemoryLocation kv = location(d == null ? null : d.kvLoc(), MemoryLocation.NPU, cxlDevices,
                defaultsWhere + ".kv_loc");
        MemoryLocation evict = location(d == null ? null : d.kvEvictLoc(), MemoryLocation.CPU, cxlDevices,
                defaultsWhere + ".kv_evict_loc");

        MemoryLocation[] blockWeights = blockWeights(placement, shape, kv, evict, cxlDevices, file);
        MemoryLocation[] weights = new MemoryLocation[n];
        for (int l = 0; l < n; l++) {
            int b = shape.blockIndex(l);
            weights[l] = b >= 0 && blockWeights[b] != null ? blockWeights[b] : defaultWeights;
        }
        layerWeights(placement, shape, weights, kv, evict, cxlDevices, file, instancePath);
        MemoryLocation fallback = location(placement.fallback(), null, cxlDevices,
                file + ": " + instancePath + ".placement.fallback");
        MemoryLocation[] experts = placement.experts().isEmpty() ? null
                : experts(placement, shape, weights, cxlDevices, file, instancePath);
        return new ResolvedPlacement(weights, kv, evict, experts, placement.expertCacheGb() * (1L << 30), fallback);
    }

    /** Per block, where its {@code blocks} entries put its weights, or null for the default. */
    private static MemoryLocation[] blockWeights(PlacementConfig placement, ModelShape shape, MemoryLocation kv,
            MemoryLocation evict, int cxlDevices, String file) {
        int blocks = shape.blockCount();
        MemoryLocation[] blockWeights = new MemoryLocation[blocks];
        for (BlockPlacement bp : placement.blocks()) {
            String bw = file + ": " + bp.path();
            for (int b : bp.blocks()) {
                if (b < 0 || b >= blocks) {
                    throw new InputException(bw + ".blocks: block " + b + " is out of range (" + shape.config().name()
                            + " has " + blocks + " blocks: 0-" + (blocks - 1) + ")");
                }
            }
            PlacementEntry e = bp.entry();
            MemoryLocation w = location(e.weights(), null, cxlDevices, bw + ".weights");
            sameKv(e.kvLoc(), kv, cxlDevices, bw + ".kv_loc");
            sameKv(e.kvEvictLoc(), evict, cxlDevices, bw + ".kv_evict_loc");
            if (w != null) {
                for (int b : bp.blocks()) {
                    blockWeights[b] = w;
                }
            }
        }
        return blockWeights;
    }

    /** Applies the {@code layers} entries (by layer name, in every block) over {@code weights}. */
    private static void layerWeights(PlacementConfig placement, ModelShape shape, MemoryLocation[] weights,
            MemoryLocation kv, MemoryLocation evict, int cxlDevices, String file, String instancePath) {
        int n = shape.layerCount();
        TreeSet<String> known = new TreeSet<>();
        for (int l = 0; l < n; l++) {
            known.add(shape.layerName(l));
        }
        for (Map.Entry<String, PlacementEntry> le : placement.layers().entrySet()) {
            String name = le.getKey();
            String lw = file + ": " + PlacementConfig.layerPath(instancePath, name);
            if (!known.contains(name)) {
                throw new InputException(lw + ": unknown layer '" + name + "' for " + shape.config().name()
                        + " (known: " + String.join(", ", known) + ")");
            }
            PlacementEntry e = le.getValue();
            MemoryLocation w = location(e.weights(), null, cxlDevices, lw + ".weights");
            sameKv(e.kvLoc(), kv, cxlDevices, lw + ".kv_loc");
            sameKv(e.kvEvictLoc(), evict, cxlDevices, lw + ".kv_evict_loc");
            if (w != null) {
                for (int l = 0; l < n; l++) {
                    if (shape.layerName(l).equals(name)) {
                        weights[l] = w;
                    }
                }
            }
        }
    }

    /**
     * {@code placement.experts}: each range's location, unlisted experts on the GPU. The MoE layers
     * themselves (router gate, and the experts' home) must stay on the GPU, and the off-GPU ranges
     * share one location.
     */
    private static MemoryLocation[] experts(PlacementConfig placement, ModelShape shape, MemoryLocation[] weights,
            int cxlDevices, String file, String instancePath) {
        int count = shape.experts();
        String model = shape.config().name();
        MemoryLocation[] out = new MemoryLocation[count];
        java.util.Arrays.fill(out, MemoryLocation.NPU);
        String[] owner = new String[count];
        MemoryLocation offGpu = null;
        for (Map.Entry<String, String> e : placement.experts().entrySet()) {
            String where = file + ": " + PlacementConfig.expertsPath(instancePath, e.getKey());
            if (count == 0) {
                throw new InputException(where + ": " + model + " has no experts (placement.experts is for MoE models)");
            }
            int[] range = PlacementConfig.expertRange(e.getKey());
            if (range[1] >= count) {
                throw new InputException(where + ": expert " + range[1] + " is out of range (" + model + " has "
                        + count + " experts: 0-" + (count - 1) + ")");
            }
            MemoryLocation loc = MemoryLocation.parse(e.getValue(), cxlDevices, where);
            if (!loc.onGpu() && offGpu != null && !offGpu.equals(loc)) {
                throw new InputException(where + ": " + loc + " differs from " + offGpu + ", where other experts are"
                        + " placed (experts off the GPU share one location; not supported yet otherwise)");
            }
            offGpu = loc.onGpu() ? offGpu : loc;
            for (int x = range[0]; x <= range[1]; x++) {
                if (owner[x] != null) {
                    throw new InputException(where + ": expert " + x + " is already placed by \"" + owner[x] + "\"");
                }
                owner[x] = e.getKey();
                out[x] = loc;
            }
        }
        for (int l = 0; l < weights.length; l++) {
            if (shape.kind(l) == dev.memwall.model.LayerKind.MOE && !weights[l].onGpu()) {
                throw new InputException(file + ": " + instancePath + ".placement.experts: block " + shape.blockIndex(l)
                        + "'s moe layer is placed on " + weights[l] + "; with placement.experts the moe layers stay"
                        + " on the npu and the experts ranges say what moves");
            }
        }
        return out;
    }


    private static MemoryLocation location(String value, MemoryLocation fallback, int cxlDevices, String where) {
        return value == null ? fallback : MemoryLocation.parse(value, cxlDevices, where);
    }

    private static void sameKv(String value, MemoryLocation pool, int cxlDevices, String where) {
        if (value == null) {
            return;
        }
        MemoryLocation m = MemoryLocation.parse(value, cxlDevices, where);
        if (!m.equals(pool)) {
            throw new InputException(where + ": " + m + " differs from the instance's default " + pool
                    + " (an instance keeps its whole KV pool in one place; set it in placement.default)");
        }
    }
}
