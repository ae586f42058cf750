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
 */
public record PlacementConfig(PlacementEntry defaults, List<BlockPlacement> blocks,
        Map<String, PlacementEntry> layers) {
    public PlacementConfig {
        blocks = List.copyOf(blocks);
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
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
