package dev.memwall.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.InputException;
import dev.memwall.input.KeySuggestions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * A JSON node together with where it sits ({@code file} and JSON path), so that every check can
 * throw an {@link InputException} that names both. The walk is by hand rather than by Jackson
 * data binding because binding errors name Java types and lose the path.
 */
final class JsonCursor {
    private static final int MAX_SHOWN_STRING_CHARS = 60;

    private final String file;
    private final String path;
    private final JsonNode node;

    private JsonCursor(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    static JsonCursor root(String file, JsonNode node) {
        return new JsonCursor(file, "", node);
    }

    String file() {
        return file;
    }

    /** JSON path, e.g. {@code nodes[0].cpu_mem}; empty at the top level. */
    String path() {
        return path;
    }

    /** {@code file: path}, the prefix of every message about this node. */
    String where() {
        return path.isEmpty() ? file : file + ": " + path;
    }

    InputException error(String what) {
        return InputException.at(where(), what);
    }

    /** Path of a child key, for messages about nodes not walked through a cursor. */
    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    // ---- objects ----------------------------------------------------------------------------

    /** Checks this is an object whose keys are all in {@code allowed}; suggests the nearest. */
    JsonCursor object(List<String> allowed) {
        if (!node.isObject()) {
            throw error("expected an object (got " + describe(node) + ")");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error("unknown key '" + escape(key) + "' (" + unknownKeyHint(key, allowed) + ")");
            }
        }
        return this;
    }

    /** "did you mean 'x'?" for a likely typo, else the list of allowed keys. */
    static String unknownKeyHint(String key, List<String> allowed) {
        String nearest = KeySuggestions.nearest(key, allowed, KeySuggestions.Rule.TYPO_OR_TRUNCATION);
        return nearest != null
                ? "did you mean '" + nearest + "'?"
                : "allowed: " + String.join(", ", allowed);
    }

    /** Checks this is an object whose keys are free names (layer or hardware names). */
    JsonCursor freeObject() {
        if (!node.isObject()) {
            throw error("expected an object (got " + describe(node) + ")");
        }
        return this;
    }

    /** True when the key is present with a non-null value (absent and null mean "not given"). */
    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The child under a key that must be present. */
    JsonCursor get(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw error("missing required key '" + key + "'");
        }
        return new JsonCursor(file, childPath(key), v);
    }

    /** Reads a required key. */
    <T> T get(String key, Function<JsonCursor, T> read) {
        return read.apply(get(key));
    }

    /** Reads an optional key; absent or JSON null gives {@code null}. */
    <T> T optional(String key, Function<JsonCursor, T> read) {
        return has(key) ? read.apply(get(key)) : null;
    }

    /** Entries of an object whose keys are free names, in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The child under a free-form key (see {@link #keys()}), with a path that stays readable. */
    JsonCursor entry(String key) {
        return new JsonCursor(file, path + keyStep(key), node.get(key));
    }

    /** {@code .name} for identifier-like keys, {@code ["odd name"]} for the rest. */
    static String keyStep(String key) {
        return key.matches("[A-Za-z0-9_]+") ? "." + key : "[" + quote(key) + "]";
    }

    // ---- lists ------------------------------------------------------------------------------

    boolean isList() {
        return node.isArray();
    }

    List<JsonCursor> list() {
        if (!node.isArray()) {
            throw error("expected a list (got " + describe(node) + ")");
        }
        List<JsonCursor> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new JsonCursor(file, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    // ---- scalars ----------------------------------------------------------------------------

    boolean isNull() {
        return node.isNull();
    }

    boolean isText() {
        return node.isTextual();
    }

    /** This node's value as {@link #describe(JsonNode)} shows it. */
    String describe() {
        return describe(node);
    }

    boolean isIntegral() {
        return node.isIntegralNumber();
    }

    double number() {
        if (!node.isNumber()) {
            throw error("expected a number (got " + describe(node) + ")");
        }
        double v = node.doubleValue();
        if (!Double.isFinite(v)) {
            throw error("must be a finite number (got " + node.asText() + ")");
        }
        return v;
    }

    int integer() {
        if (!node.isIntegralNumber()) {
            throw error("expected an integer (got " + describe(node) + ")");
        }
        if (!node.canConvertToInt()) {
            String bound = node.bigIntegerValue().signum() > 0
                    ? "at most " + Integer.MAX_VALUE
                    : "at least " + Integer.MIN_VALUE;
            throw error("must be " + bound + " (got " + node.asText() + ")");
        }
        return node.intValue();
    }

    String string() {
        if (!node.isTextual()) {
            throw error("expected a string (got " + describe(node) + ")");
        }
        return node.textValue();
    }

    boolean bool() {
        if (!node.isBoolean()) {
            throw error("expected true or false (got " + describe(node) + ")");
        }
        return node.booleanValue();
    }

    // ---- checked scalars (the "got" shows the value as typed) -------------------------------

    double positive() {
        double v = number();
        if (!(v > 0)) {
            throw error("must be > 0 (got " + node.asText() + ")");
        }
        return v;
    }

    double nonNegative() {
        double v = number();
        if (v < 0) {
            throw error("must be >= 0 (got " + node.asText() + ")");
        }
        return v;
    }

    /** A fraction in (0, 1], such as a memory utilization or an efficiency. */
    double fraction() {
        double v = number();
        if (!(v > 0 && v <= 1)) {
            throw error("must be in (0, 1] (got " + node.asText() + ")");
        }
        return v;
    }

    /** A fraction in [0, 1], such as a CPU utilization. */
    double unitInterval() {
        double v = number();
        if (v < 0 || v > 1) {
            throw error("must be in [0, 1] (got " + node.asText() + ")");
        }
        return v;
    }

    int intAtLeast(int min) {
        int v = integer();
        if (v < min) {
            throw error("must be >= " + min + " (got " + v + ")");
        }
        return v;
    }

    int positiveInt() {
        return intAtLeast(1);
    }

    int nonNegativeInt() {
        return intAtLeast(0);
    }

    String nonEmptyString() {
        String v = string();
        if (v.isBlank()) {
            throw error("must not be empty");
        }
        return v;
    }

    /** A string out of a fixed set, named in the message when it is not. */
    String oneOf(List<String> allowed) {
        String v = string();
        if (!allowed.contains(v)) {
            throw error("must be one of " + String.join(", ", allowed) + " (got " + describe(node) + ")");
        }
        return v;
    }

    /** The value as a user would recognise it in a message: {@code "two"}, {@code -4}, {@code a list}. */
    static String describe(JsonNode n) {
        if (n.isTextual()) {
            String s = n.textValue();
            return s.length() > MAX_SHOWN_STRING_CHARS
                    ? quote(s.substring(0, MAX_SHOWN_STRING_CHARS)) + "..."
                    : quote(s);
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "an object";
        }
        // numbers, booleans and null print as typed
        return n.asText();
    }

    /** Double-quotes a string, escaping what would break a one-line message. */
    static String quote(String s) {
        return '"' + escape(s).replace("\"", "\\\"") + '"';
    }

    /** Escapes backslashes and control characters so a message stays on one line. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x85 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
