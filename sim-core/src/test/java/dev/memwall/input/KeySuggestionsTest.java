package dev.memwall.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {
    private static final List<String> KEYS = List.of("weights", "kv_loc", "kv_evict_loc");

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertEquals(1, KeySuggestions.typoDistance("tp_szie", "tp_size"));
        // kitten -> sitten -> sittin -> sitting
        assertEquals(3, KeySuggestions.typoDistance("kitten", "sitting"));
    }

    @Test
    void suggestsForTyposCaseSlipsAndLongerOrShorterSpellings() {
        assertEquals("weights", KeySuggestions.nearest("wieghts", KEYS));
        assertEquals("kv_loc", KeySuggestions.nearest("KV_LOC", KEYS));
        assertEquals("kv_loc", KeySuggestions.nearest("kv_lc", KEYS));
        assertEquals("kv_loc", KeySuggestions.nearest("kvxloq", KEYS));
        assertEquals("kv_loc", KeySuggestions.nearest("kv_location", KEYS));
        assertEquals("kv_evict_loc", KeySuggestions.nearest("kv_evict", KEYS));
        assertEquals("input_length", KeySuggestions.nearest("input_len",
                List.of("timestamp", "input_length", "output_length", "hash_ids")));
        assertEquals("memory_bandwidth_gb_per_s", KeySuggestions.nearest("memory_bandwith_gb_per_s",
                List.of("memory_gb", "memory_bandwidth_gb_per_s")));
    }

    @Test
    void suggestsNothingForUnrelatedKeys() {
        assertNull(KeySuggestions.nearest("xy", KEYS));
        assertNull(KeySuggestions.nearest("layers", KEYS));
        // two letters, one edit apart, are still different words
        assertNull(KeySuggestions.nearest("tp", List.of("pp")));
    }

    @Test
    void theHintSuggestsTheNearestKeyOrListsTheAllowedOnes() {
        assertEquals("did you mean 'weights'?", KeySuggestions.hint("wieghts", KEYS));
        assertEquals("allowed: weights, kv_loc, kv_evict_loc", KeySuggestions.hint("layers", KEYS));
    }

    @Test
    void withinCountsEditsRegardlessOfLength() {
        List<String> tools = List.of("simulate", "generate", "gate", "plot");
        assertEquals("simulate", KeySuggestions.within("simulat", tools, 2));
        assertEquals("gate", KeySuggestions.within("gtae", tools, 2));
        assertEquals("plot", KeySuggestions.within("pot", tools, 2));
        assertEquals("gate", KeySuggestions.within("date", tools, 2));
        assertNull(KeySuggestions.within("engine", tools, 2));
        assertNull(KeySuggestions.within("memory", tools, 2));
    }
}
