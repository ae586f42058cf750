package dev.memwall.config;

import dev.memwall.input.JsonFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an instance's {@code placement}: default, disjoint block groups, and per-layer entries. */
final class PlacementParser {
    private static final List<String> PLACEMENT_KEYS = List.of("default", "blocks", "layers", "experts",
            "expert_cache_gb", "fallback");
    private static final List<String> ENTRY_KEYS = List.of("weights", "kv_loc", "kv_evict_loc");
    private static final List<String> BLOCK_KEYS = List.of("blocks", "weights", "kv_loc", "kv_evict_loc");

    private PlacementParser() {
    }

    static PlacementConfig parse(JsonFields p, int cxlDeviceCount) {
        p.object(PLACEMENT_KEYS);
        PlacementEntry defaults = p.optional("default", e -> entry(e.object(ENTRY_KEYS), cxlDeviceCount));
        List<BlockPlacement> blocks = p.has("blocks") ? blocks(p.get("blocks"), cxlDeviceCount) : List.of();
        Map<String, PlacementEntry> layers = p.has("layers") ? layers(p.get("layers"), cxlDeviceCount) : Map.of();
        Map<String, String> experts = p.has("experts") ? experts(p.get("experts"), cxlDeviceCount) : Map.of();
        Double cacheGb = p.optional("expert_cache_gb", v -> v.number(Limits.EXPERT_CACHE_GB));
        if (cacheGb != null && cacheGb > 0 && experts.isEmpty()) {
            throw p.get("expert_cache_gb").error("an expert cache needs placement.experts placing some experts off"
                    + " the GPU");
        }
        String fallback = p.optional("fallback", v -> offGpu(v, cxlDeviceCount));
        return new PlacementConfig(defaults, blocks, layers, experts, cacheGb == null ? 0 : cacheGb, fallback);
    }

    /** {@code "a-b"} or {@code "a"} (0-based expert ids) to a location; ranges checked for syntax here. */
    private static Map<String, String> experts(JsonFields map, int cxlDeviceCount) {
        map.freeObject();
        Map<String, String> out = new LinkedHashMap<>();
        for (String range : map.keys()) {
            JsonFields v = map.entry(range);
            if (!range.matches("\\d{1,6}(-\\d{1,6})?")
                    || PlacementConfig.expertRange(range)[0] > PlacementConfig.expertRange(range)[1]) {
                throw v.error("expected an expert range such as \"0-31\" or \"7\" (got \"" + range + "\")");
            }
            out.put(range, location(v, cxlDeviceCount));
        }
        return out;
    }


    private static List<BlockPlacement> blocks(JsonFields list, int cxlDeviceCount) {
        List<BlockPlacement> out = new ArrayList<>();
        Map<Integer, String> owner = new HashMap<>();
        for (JsonFields b : list.list()) {
            b.object(BLOCK_KEYS);
            JsonFields spec = b.get("blocks");
            List<Integer> ids = BlockSpec.parse(spec);
            // name the earlier entry relative to the instance, as the user sees it in the file
            String here = b.path().substring(b.path().lastIndexOf("placement.blocks["));
            for (int id : ids) {
                String earlier = owner.putIfAbsent(id, here);
                if (earlier != null) {
                    throw spec.error("block " + id + " is already placed by " + earlier);
                }
            }
            out.add(new BlockPlacement(b.path(), ids, BlockSpec.text(spec), entry(b, cxlDeviceCount)));
        }
        return out;
    }

    private static Map<String, PlacementEntry> layers(JsonFields layers, int cxlDeviceCount) {
        layers.freeObject();
        Map<String, PlacementEntry> out = new LinkedHashMap<>();
        for (String name : layers.keys()) {
            if (name.isBlank()) {
                throw layers.error("layer names must not be empty");
            }
            out.put(name, entry(layers.entry(name).object(ENTRY_KEYS), cxlDeviceCount));
        }
        return out;
    }

    private static PlacementEntry entry(JsonFields e, int cxlDeviceCount) {
        return new PlacementEntry(
                e.optional("weights", v -> location(v, cxlDeviceCount)),
                e.optional("kv_loc", v -> location(v, cxlDeviceCount)),
                e.optional("kv_evict_loc", v -> location(v, cxlDeviceCount)));
    }

    /** {@code placement.fallback}: a location off the GPU ({@code cpu} or CXL devices), as written. */
    private static String offGpu(JsonFields v, int cxlDeviceCount) {
        String value = location(v, cxlDeviceCount);
        if (value.equals("npu")) {
            throw v.error("must be off the GPU (\"cpu\" or \"cxl:<i>\"): it holds the weights a lost CXL device"
                    + " held (got \"npu\")");
        }
        return value;
    }

    /** Validates a location and keeps it as written; consumers parse it with the device count. */
    private static String location(JsonFields v, int cxlDeviceCount) {
        String value = v.text();
        MemoryLocation.parse(value, cxlDeviceCount, v.where());
        return value;
    }
}
