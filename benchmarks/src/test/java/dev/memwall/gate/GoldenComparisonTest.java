package dev.memwall.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class GoldenComparisonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void identicalSummariesHaveNoDifferences() throws Exception {
        JsonNode a = json("{\"completed\": 200, \"tpot_ms\": {\"p99\": 12.5}, \"devices\": [{\"name\": \"cxl:0\"}]}");
        assertEquals(List.of(), GoldenComparison.differences(a, a.deepCopy()));
    }

    @Test
    void countsMustMatchExactly() throws Exception {
        List<String> d = GoldenComparison.differences(json("{\"completed\": 200}"), json("{\"completed\": 199}"));
        assertEquals(List.of("completed: expected 200, got 199 (counts must match exactly)"), d);
    }

    @Test
    void timesWithinOnePartInABillionMatchAndBeyondItDoNot() throws Exception {
        JsonNode golden = json("{\"tpot_ms\": {\"p99\": 12.5}}");
        assertEquals(List.of(), GoldenComparison.differences(golden, json("{\"tpot_ms\": {\"p99\": 12.500000000005}}")));
        List<String> d = GoldenComparison.differences(golden, json("{\"tpot_ms\": {\"p99\": 12.50000005}}"));
        assertEquals(1, d.size());
        assertTrue(d.get(0).startsWith("tpot_ms.p99: expected 12.5, got 12.50000005 (relative difference"), d.get(0));
    }

    @Test
    void missingExtraAndRenamedKeysAreDifferences() throws Exception {
        List<String> d = GoldenComparison.differences(json("{\"a\": 1, \"b\": 2}"), json("{\"a\": 1, \"c\": 2}"));
        assertEquals(List.of("b: missing (expected 2)", "c: not in the golden file (got 2)"), d);
    }

    @Test
    void listsMustHaveTheSameLengthAndElementsArePathedByIndex() throws Exception {
        assertEquals(List.of("devices: expected 2 entries, got 1"),
                GoldenComparison.differences(json("{\"devices\": [1, 2]}"), json("{\"devices\": [1]}")));
        assertEquals(List.of("devices[1].name: expected \"cxl:1\", got \"cxl:2\""),
                GoldenComparison.differences(json("{\"devices\": [{\"name\": \"cxl:0\"}, {\"name\": \"cxl:1\"}]}"),
                        json("{\"devices\": [{\"name\": \"cxl:0\"}, {\"name\": \"cxl:2\"}]}")));
    }

    @Test
    void aCountThatBecameATimeIsADifference() throws Exception {
        assertEquals(1, GoldenComparison.differences(json("{\"n\": 3}"), json("{\"n\": \"3\"}")).size());
    }
}
