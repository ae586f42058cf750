package dev.memwall.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.memwall.input.KeySuggestions.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {
    private static final List<String> KEYS = List.of("weights", "kv_loc", "kv_evict_loc");

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertEquals(1, KeySuggestions.typoDistance("tp_szie", "tp_size"));
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        // kitten -> sitten -> sittin -> sitting
        assertEquals(3, KeySuggestions.editDistance("kitten", "sitting"));
        assertEquals(1, KeySuggestions.editDistance("memory_bandwith_gb_per_s", "memory_bandwidth_gb_per_s"));
    }

    @Test
    void suggestsForTyposCaseSlipsAndLongerSpellings() {
        assertEquals("weights", KeySuggestions.nearest("wieghts", KEYS, Rule.TYPO_OR_TRUNCATION));
        assertEquals("kv_loc", KeySuggestions.nearest("KV_LOC", KEYS, Rule.TYPO_OR_TRUNCATION));
        assertEquals("kv_loc", KeySuggestions.nearest("kv_location", KEYS, Rule.TYPO_OR_TRUNCATION));
        assertEquals("kv_evict_loc", KeySuggestions.nearest("kv_evict", KEYS, Rule.TYPO_OR_TRUNCATION));
    }

    @Test
    void suggestsNothingForUnrelatedKeys() {
        assertNull(KeySuggestions.nearest("xy", KEYS, Rule.TYPO_OR_TRUNCATION));
        assertNull(KeySuggestions.nearest("layers", KEYS, Rule.TYPO_OR_TRUNCATION));
    }

    @Test
    void exactCaseRuleComparesCaseAndAllowsTwoEditsOnShortKeys() {
        assertEquals("kv_loc", KeySuggestions.nearest("kv_lc", KEYS, Rule.EXACT_CASE));
        assertEquals("kv_loc", KeySuggestions.nearest("kvxloq", KEYS, Rule.EXACT_CASE));
        assertNull(KeySuggestions.nearest("KV_LOC", KEYS, Rule.EXACT_CASE));
    }

    @Test
    void atMostThreeEditsRuleIgnoresCaseButNotTruncation() {
        assertEquals("kv_loc", KeySuggestions.nearest("KV_LOC", KEYS, Rule.AT_MOST_THREE_EDITS));
        assertNull(KeySuggestions.nearest("kv_location", KEYS, Rule.AT_MOST_THREE_EDITS));
        assertEquals("input_length", KeySuggestions.nearest("input_len",
                List.of("timestamp", "input_length", "output_length", "hash_ids"), Rule.AT_MOST_THREE_EDITS));
    }
}
