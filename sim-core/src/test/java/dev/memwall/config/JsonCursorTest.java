package dev.memwall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCursorTest {
    private static final List<String> KEYS = List.of("weights", "kv_loc", "kv_evict_loc");

    @Test
    void unknownKeyHintSuggestsTheNearestKeyOrListsTheAllowedOnes() {
        assertEquals("did you mean 'weights'?", JsonCursor.unknownKeyHint("wieghts", KEYS));
        assertEquals("allowed: weights, kv_loc, kv_evict_loc", JsonCursor.unknownKeyHint("layers", KEYS));
    }
}
