package dev.memwall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggesterTest {
    private static final List<String> KEYS = List.of("weights", "kv_loc", "kv_evict_loc");

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertEquals(1, KeySuggester.distance("tp_szie", "tp_size"));
    }

    @Test
    void suggestsForTyposCaseSlipsAndLongerSpellings() {
        assertEquals("weights", KeySuggester.nearest("wieghts", KEYS));
        assertEquals("kv_loc", KeySuggester.nearest("KV_LOC", KEYS));
        assertEquals("kv_loc", KeySuggester.nearest("kv_location", KEYS));
        assertEquals("kv_evict_loc", KeySuggester.nearest("kv_evict", KEYS));
    }

    @Test
    void suggestsNothingForUnrelatedKeys() {
        assertNull(KeySuggester.nearest("xy", KEYS));
        assertEquals("allowed: weights, kv_loc, kv_evict_loc", KeySuggester.hint("layers", KEYS));
    }
}
