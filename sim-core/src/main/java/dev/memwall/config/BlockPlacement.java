package dev.memwall.config;

import java.util.List;

/**
 * One {@code placement.blocks[i]} entry: a set of decoder blocks and where their tensors go.
 *
 * @param path JSON path of the entry, e.g. {@code nodes[0].instances[0].placement.blocks[2]}
 * @param blocks block indices, ascending, no duplicates (not yet checked against the model's
 *     layer count: the engine does that)
 * @param spec the block list as written, e.g. {@code "0-3,8,9"}
 * @param entry the locations it sets
 */
public record BlockPlacement(String path, List<Integer> blocks, String spec, PlacementEntry entry) {
    public BlockPlacement {
        blocks = List.copyOf(blocks);
    }
}
