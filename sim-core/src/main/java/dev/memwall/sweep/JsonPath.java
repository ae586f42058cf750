package dev.memwall.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A dotted JSON path such as {@code cxl_mem.mem_bw} or {@code nodes[0].instances[*].placement}:
 * object keys separated by dots, each optionally followed by array indices, {@code [*]} meaning
 * every element. {@link #set} replaces the value the path names (adding the last key when absent),
 * everywhere a wildcard reaches.
 */
final class JsonPath {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[(?:\\d+|\\*)\\])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+|\\*)\\]");
    private static final int ALL = -1;

    /** One step: an object key, then zero or more array indices ({@link #ALL} for {@code [*]}). */
    private record Step(String key, int[] indices) {
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static JsonPath parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        List<Step> steps = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + part + "' is not a key with optional [index] or [*]"
                        + " (paths look like cxl_mem.mem_bw or nodes[0].instances[*].placement)");
            }
            List<Integer> idx = new ArrayList<>();
            Matcher im = INDEX.matcher(m.group(2));
            while (im.find()) {
                idx.add(im.group(1).equals("*") ? ALL : Integer.parseInt(im.group(1)));
            }
            steps.add(new Step(m.group(1), idx.stream().mapToInt(Integer::intValue).toArray()));
        }
        if (steps.get(steps.size() - 1).indices().length > 0) {
            throw new IllegalArgumentException("the path must end in an object key, not an array index");
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    /** The first key, e.g. {@code workload} in {@code workload.arrival_rate}. */
    String head() {
        return steps.get(0).key();
    }

    /** This path without its first key; null when it has only one. */
    JsonPath tail() {
        if (steps.size() == 1 || steps.get(0).indices().length > 0) {
            return null;
        }
        return new JsonPath(text.substring(text.indexOf('.') + 1), steps.subList(1, steps.size()));
    }

    /** The last key, e.g. {@code mem_bw}. */
    String lastKey() {
        return steps.get(steps.size() - 1).key();
    }

    /**
     * Sets the value at this path in {@code root} (a copy of {@code value} at each place a
     * wildcard reaches). Every step but the last key must exist.
     *
     * @throws IllegalArgumentException naming the first step that is missing or of the wrong type
     */
    void set(JsonNode root, JsonNode value) {
        set(root, 0, value, "");
    }

    private void set(JsonNode node, int step, JsonNode value, String at) {
        Step s = steps.get(step);
        String here = at.isEmpty() ? s.key() : at + "." + s.key();
        if (!node.isObject()) {
            throw new IllegalArgumentException((at.isEmpty() ? "the top level" : at) + " is not an object");
        }
        if (step == steps.size() - 1) {
            ((ObjectNode) node).set(s.key(), value.deepCopy());
            return;
        }
        JsonNode child = node.get(s.key());
        if (child == null) {
            throw new IllegalArgumentException("'" + here + "' does not exist");
        }
        descend(child, s.indices(), 0, step, value, here);
    }

    private void descend(JsonNode node, int[] indices, int k, int step, JsonNode value, String at) {
        if (k == indices.length) {
            set(node, step + 1, value, at);
            return;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + at + "' is not an array");
        }
        ArrayNode array = (ArrayNode) node;
        if (indices[k] == ALL) {
            if (array.isEmpty()) {
                throw new IllegalArgumentException("'" + at + "' is an empty array");
            }
            for (int i = 0; i < array.size(); i++) {
                descend(array.get(i), indices, k + 1, step, value, at + "[" + i + "]");
            }
        } else {
            if (indices[k] >= array.size()) {
                throw new IllegalArgumentException("'" + at + "[" + indices[k] + "]' does not exist ('" + at
                        + "' has " + array.size() + " element" + (array.size() == 1 ? "" : "s") + ")");
            }
            descend(array.get(indices[k]), indices, k + 1, step, value, at + "[" + indices[k] + "]");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
