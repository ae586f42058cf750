package dev.memwall.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Axis paths set values, every element a wildcard reaches, and say which step is missing. */
class JsonPathTest {
    private static JsonNode tree(String json) throws Exception {
        return Canonical.MAPPER.readTree(json);
    }

    @Test
    void aPlainPathReplacesOneValueAndMayAddTheLastKey() throws Exception {
        JsonNode t = tree("{\"cxl_mem\": {\"mem_bw\": 50}}");
        JsonPath.parse("cxl_mem.mem_bw").set(t, IntNode.valueOf(240));
        JsonPath.parse("cxl_mem.interleave_efficiency").set(t, IntNode.valueOf(1));
        assertEquals("{\"cxl_mem\":{\"mem_bw\":240,\"interleave_efficiency\":1}}", t.toString());
    }

    @Test
    void aWildcardSetsEveryElement() throws Exception {
        JsonNode t = tree("{\"nodes\": [{\"instances\": [{\"p\": 1}, {\"p\": 2}]}]}");
        JsonPath.parse("nodes[0].instances[*].p").set(t, TextNode.valueOf("cxl:*"));
        assertEquals("{\"nodes\":[{\"instances\":[{\"p\":\"cxl:*\"},{\"p\":\"cxl:*\"}]}]}", t.toString());
    }

    @Test
    void aMissingStepIsNamed() throws Exception {
        JsonNode t = tree("{\"nodes\": [{\"instances\": []}]}");
        assertEquals("'nodes[1]' does not exist ('nodes' has 1 element)", assertThrows(IllegalArgumentException.class,
                () -> JsonPath.parse("nodes[1].x").set(t, IntNode.valueOf(1))).getMessage());
        assertEquals("'cxl_mem' does not exist", assertThrows(IllegalArgumentException.class,
                () -> JsonPath.parse("cxl_mem.mem_bw").set(t, IntNode.valueOf(1))).getMessage());
        assertEquals("'nodes[0].instances' is an empty array", assertThrows(IllegalArgumentException.class,
                () -> JsonPath.parse("nodes[0].instances[*].p").set(t, IntNode.valueOf(1))).getMessage());
    }

    @Test
    void malformedPathsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonPath.parse("nodes[0]"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.parse("a..b"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.parse("a[x].b"));
    }
}
