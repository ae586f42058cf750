package dev.memwall.config;

import dev.memwall.input.JsonFields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance's {@code placement}. Priority when resolving a tensor is layer &gt; block &gt;
 * default &gt; LLMServingSim's defaults (weights npu, kv_loc npu, kv_evict_loc cpu). A
 * {@code layers} entry applies to that layer name in every block.
 *
 * @param defaults {@code placement.default}; {@code null} when absent
 * @param blocks {@code placement.blocks}, in file order, disjoint
 * @param layers {@code placement.layers} by layer name, in file order; names are not yet checked
 *     against the model (the engine does that)
 * @param experts memwall extension {@code placement.experts}: where each range of an MoE layer's
 *     experts lives, by range text ({@code "0-31"}, {@code "7"}) in file order, locations as
 *     written; empty when absent. Ranges are checked against the model by the engine.
 * @param expertCacheGb memwall extension {@code placement.expert_cache_gb}: GiB of HBM per GPU kept
 *     as an LRU cache of off-GPU experts; 0 when absent
 * @param fallback memwall extension {@code placement.fallback}: where the weights streamed from a
 *     CXL device are read from once that device is lost for good ({@code cpu} or {@code cxl:<j>}),
 *     as written; null when absent (the instance is lost with the device)
 */
public record PlacementConfig(PlacementEntry defaults, List<BlockPlacement> blocks,
        Map<String, PlacementEntry> layers, Map<String, String> experts, double expertCacheGb, String fallback) {
    public PlacementConfig {
        blocks = List.copyOf(blocks);
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
        experts = Collections.unmodifiableMap(new LinkedHashMap<>(experts));
    }

    /** Without the expert extension. */
    public PlacementConfig(PlacementEntry defaults, List<BlockPlacement> blocks, Map<String, PlacementEntry> layers) {
        this(defaults, blocks, layers, Map.of(), 0, null);
    }

    /**
     * The first and last expert of a {@code placement.experts} range as the parser accepted it
     * ({@code "0-31"} or {@code "7"}).
     */
    public static int[] expertRange(String range) {
        int dash = range.indexOf('-');
        int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
        return new int[] {first, last};
    }

    /** JSON path of the {@code placement.experts} entry for a range under an instance path. */
    public static String expertsPath(String instancePath, String range) {
        return instancePath + ".placement.experts" + JsonFields.keyStep(range);
    }

    /** JSON path of {@code placement.default} under an instance path. */
    public static String defaultPath(String instancePath) {
        return instancePath + ".placement.default";
    }

    /** JSON path of the {@code placement.layers} entry for a layer name under an instance path. */
    public static String layerPath(String instancePath, String layerName) {
        return instancePath + ".placement.layers" + JsonFields.keyStep(layerName);
    }
}
