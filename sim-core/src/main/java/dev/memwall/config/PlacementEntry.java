package dev.memwall.config;

/**
 * Where one scope (default, a group of blocks, or a layer name) puts its tensors. Values are
 * validated location strings ({@code npu}, {@code cpu}, {@code cxl:<i>}, {@code cxl:0+1},
 * {@code cxl:*}); parse them with {@link MemoryLocation#parse}. Each is {@code null} when the scope
 * does not set it, so a wider scope (or LLMServingSim's default) applies.
 *
 * @param weights where the weights live (LLMServingSim default {@code npu})
 * @param kvLoc where the KV cache lives (default {@code npu})
 * @param kvEvictLoc where evicted KV goes (default {@code cpu})
 */
public record PlacementEntry(String weights, String kvLoc, String kvEvictLoc) {
}
