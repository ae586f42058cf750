package dev.memwall.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * A JSON value together with where it sits (the file and the JSON path), so that every check
 * throws an {@link InputException} naming both, in one wording for every JSON input:
 * <ul>
 *   <li>{@code file: path: expected an integer (got "two")} for a wrong type;
 *   <li>{@code file: path: must be > 0 (got -4)}, {@code must be in [0, 1000000] (got 1e15)} for
 *       a value out of its range, shown as typed;
 *   <li>{@code file: path: missing required key 'mem_bw'} on the object that lacks it;
 *   <li>{@code file: path: unknown key 'tp_szie' (did you mean 'tp_size'?)}, else
 *       {@code (allowed: a, b, c)}, by {@link KeySuggestions}' one rule.
 * </ul>
 * The walk is by hand rather than by Jackson data binding because binding errors name Java types
 * and lose the path. A closed object ({@link #object(List)}) rejects keys outside its set; an
 * open one, such as a HuggingFace {@code config.json}, ignores keys it does not ask for.
 */
public final class JsonFields {
    private static final int MAX_SHOWN_STRING_CHARS = 60;
    private static final List<String> SOURCED_KEYS = List.of("value", "source");

    private final String file;
    private final String path;
    private final JsonNode node;

    private JsonFields(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The top-level value {@code node} of {@code file}. */
    public static JsonFields root(String file, JsonNode node) {
        return new JsonFields(file, "", node);
    }

    /** The value {@code node} at JSON {@code path} (empty at the top level) of {@code file}. */
    public static JsonFields at(String file, String path, JsonNode node) {
        return new JsonFields(file, path, node);
    }

    /** The object {@code node} at {@code path} of {@code file}, checked to hold only {@code keys}. */
    public static JsonFields closed(JsonNode node, String path, String file, List<String> keys) {
        return at(file, path, node).object(keys);
    }

    /** The top-level object {@code node} of {@code file}, whatever other keys it holds. */
    public static JsonFields open(JsonNode node, String file) {
        return root(file, node).freeObject();
    }

    public String file() {
        return file;
    }

    /** JSON path, e.g. {@code nodes[0].cpu_mem}; empty at the top level. */
    public String path() {
        return path;
    }

    /** The raw value, for callers that keep it (sweep axis values) after checking it here. */
    public JsonNode node() {
        return node;
    }

    /** {@code file: path}, the prefix of every message about this value. */
    public String where() {
        return path.isEmpty() ? file : file + ": " + path;
    }

    /** {@code file: path: what}. */
    public InputException error(String what) {
        return InputException.at(where(), what);
    }

    /** {@code file: path.key: what}, about a key of this object. */
    public InputException error(String key, String what) {
        return InputException.at(path.isEmpty() && key.isEmpty() ? file : file + ": " + pathOf(key), what);
    }

    /** The JSON path of {@code key} in this object, e.g. {@code efficiency.compute}. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    // ---- objects ----------------------------------------------------------------------------

    /** Checks this is an object whose keys are all in {@code allowed}; suggests the nearest. */
    public JsonFields object(List<String> allowed) {
        freeObject();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error("unknown key '" + escape(key) + "' (" + KeySuggestions.hint(key, allowed) + ")");
            }
        }
        return this;
    }

    /** The object under {@code key}, itself restricted to {@code allowed}. */
    public JsonFields object(String key, List<String> allowed) {
        return get(key).object(allowed);
    }

    /** Checks this is an object, whatever its keys (free names: layers, hardware, axis values). */
    public JsonFields freeObject() {
        if (!node.isObject()) {
            throw error("expected an object (got " + describe(node) + ")");
        }
        return this;
    }

    /** True when the key is present with a non-null value (absent and null both mean "not given"). */
    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** True when the key is absent or holds JSON null. */
    public boolean isNull(String key) {
        return !has(key);
    }

    /** The value under a key that must be present (it may be JSON null). */
    public JsonFields get(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw error("missing required key '" + key + "'");
        }
        return new JsonFields(file, pathOf(key), v);
    }

    /** The raw value under a key that must be present (it may be JSON null). */
    public JsonNode required(String key) {
        return get(key).node;
    }

    /** Reads a required key. */
    public <T> T get(String key, Function<JsonFields, T> read) {
        return read.apply(get(key));
    }

    /** Reads an optional key; absent or JSON null gives {@code null}. */
    public <T> T optional(String key, Function<JsonFields, T> read) {
        return has(key) ? read.apply(get(key)) : null;
    }

    /** The keys of this object, in file order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The value under a free-form key (see {@link #keys()}), with a path that stays readable. */
    public JsonFields entry(String key) {
        return new JsonFields(file, path + keyStep(key), node.get(key));
    }

    /** {@code .name} for identifier-like keys, {@code ["odd name"]} for the rest. */
    public static String keyStep(String key) {
        return key.matches("[A-Za-z0-9_]+") ? "." + key : "[" + quote(key) + "]";
    }

    // ---- lists ------------------------------------------------------------------------------

    public boolean isList() {
        return node.isArray();
    }

    /** The elements of this list, each with its index in its path. */
    public List<JsonFields> list() {
        if (!node.isArray()) {
            throw error("expected a list (got " + describe(node) + ")");
        }
        List<JsonFields> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new JsonFields(file, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** A list with at least one element. */
    public List<JsonFields> nonEmptyList() {
        List<JsonFields> items = list();
        if (items.isEmpty()) {
            throw error("must list at least one value");
        }
        return items;
    }

    // ---- scalars ----------------------------------------------------------------------------

    public boolean isNull() {
        return node.isNull();
    }

    public boolean isText() {
        return node.isTextual();
    }

    public boolean isIntegral() {
        return node.isIntegralNumber();
    }

    /** This value as {@link #describe(JsonNode)} shows it. */
    public String describe() {
        return describe(node);
    }

    /** A finite number. */
    public double number() {
        if (!node.isNumber()) {
            throw error("expected a number (got " + describe(node) + ")");
        }
        double v = node.doubleValue();
        if (!Double.isFinite(v)) {
            throw error("must be a finite number (got " + node.asText() + ")");
        }
        return v;
    }

    /** A number within {@code range}. */
    public double number(Range range) {
        double v = number();
        if (!range.contains(v)) {
            throw error("must be " + range.describe() + " (got " + node.asText() + ")");
        }
        return v;
    }

    /** An integer that fits an {@code int}. */
    public int integer() {
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

    /** An integer that fits a {@code long}. */
    public long longInteger() {
        if (!node.isIntegralNumber()) {
            throw error("expected an integer (got " + describe(node) + ")");
        }
        if (!node.canConvertToLong()) {
            String bound = node.bigIntegerValue().signum() > 0 ? "at most " + Long.MAX_VALUE : "at least " + Long.MIN_VALUE;
            throw error("must be " + bound + " (got " + node.asText() + ")");
        }
        return node.longValue();
    }

    /** Any string, empty included. */
    public String text() {
        if (!node.isTextual()) {
            throw error("expected a string (got " + describe(node) + ")");
        }
        return node.textValue();
    }

    public boolean bool() {
        if (!node.isBoolean()) {
            throw error("expected true or false (got " + describe(node) + ")");
        }
        return node.booleanValue();
    }

    public double positive() {
        return number(Range.POSITIVE);
    }

    public double nonNegative() {
        return number(Range.NON_NEGATIVE);
    }

    /** A fraction in (0, 1], such as a memory utilization or an efficiency. */
    public double fraction() {
        return number(Range.FRACTION);
    }

    /** A fraction in [0, 1], such as a CPU utilization. */
    public double unitInterval() {
        return number(Range.UNIT_INTERVAL);
    }

    public int intAtLeast(int min) {
        int v = integer();
        if (v < min) {
            throw error("must be >= " + min + " (got " + v + ")");
        }
        return v;
    }

    /** An integer within {@code range}. */
    public int integer(Range range) {
        int v = integer();
        if (!range.contains(v)) {
            throw error("must be " + range.describe() + " (got " + v + ")");
        }
        return v;
    }

    public int positiveInt() {
        return intAtLeast(1);
    }

    public int nonNegativeInt() {
        return intAtLeast(0);
    }

    public String nonEmptyString() {
        String v = text();
        if (v.isBlank()) {
            throw error("must not be empty");
        }
        return v;
    }

    /** A string out of a fixed set, named in the message when it is not. */
    public String oneOf(List<String> allowed) {
        String v = text();
        if (!allowed.contains(v)) {
            throw error("must be one of " + String.join(", ", allowed) + " (got " + describe(node) + ")");
        }
        return v;
    }

    // ---- the same, by key ---------------------------------------------------------------------

    /** A non-blank string under a required key. */
    public String string(String key) {
        return get(key).nonEmptyString();
    }

    /** A non-blank string under a required key, or null when it holds JSON null. */
    public String nullableString(String key) {
        return get(key).isNull() ? null : string(key);
    }

    /** A string (possibly blank), or null when the key is absent or JSON null. */
    public String optionalString(String key) {
        return optional(key, JsonFields::text);
    }

    /** An integer under a required key. */
    public int integer(String key) {
        return get(key).integer();
    }

    /** A positive integer under a required key, e.g. PCIe {@code lanes}. */
    public int positiveInt(String key) {
        return get(key).positiveInt();
    }

    /** true or false; {@code fallback} when the key is absent or JSON null. */
    public boolean optionalBoolean(String key, boolean fallback) {
        Boolean v = optional(key, JsonFields::bool);
        return v == null ? fallback : v;
    }

    // ---- sourced values: {"value": <number or null>, "source": "<where the number comes from>"} --

    /** The {@code value} of a sourced value; NaN when it is null and {@code nullable}. */
    public double sourced(String key, boolean nullable) {
        JsonFields v = get(key);
        if (!v.node.isObject()) {
            throw v.error("expected an object {\"value\": ..., \"source\": \"...\"} (got " + v.describe() + ")");
        }
        v.object(SOURCED_KEYS);
        v.string("source");
        JsonFields value = v.get("value");
        if (value.isNull() && nullable) {
            return Double.NaN;
        }
        return value.number();
    }

    /** A non-null sourced value that is > 0. */
    public double sourcedPositive(String key) {
        double v = sourced(key, false);
        if (!(v > 0)) {
            throw sourcedError(key, "must be > 0");
        }
        return v;
    }

    /** A non-null sourced value that is >= 0 (latencies and overheads may be calibrated to zero). */
    public double sourcedNonNegative(String key) {
        double v = sourced(key, false);
        if (!(v >= 0)) {
            throw sourcedError(key, "must be >= 0");
        }
        return v;
    }

    /** A non-null sourced value in (0, 1]. */
    public double sourcedFraction(String key) {
        double v = sourced(key, false);
        if (!Range.FRACTION.contains(v)) {
            throw sourcedError(key, "must be " + Range.FRACTION.describe());
        }
        return v;
    }

    /** {@code file: path.key.value: what (got <value>)} for a sourced value already read. */
    public InputException sourcedError(String key, String what) {
        return error(key + ".value", what + " (got " + describe(node.get(key).get("value")) + ")");
    }

    // ---- showing values in messages ---------------------------------------------------------

    /** The value as a user would recognise it in a message: {@code "two"}, {@code -4}, {@code a list}. */
    public static String describe(JsonNode n) {
        if (n == null) {
            return "nothing";
        }
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
    public static String quote(String s) {
        return '"' + escape(s).replace("\"", "\\\"") + '"';
    }

    /** Escapes backslashes and control characters so a message stays on one line. */
    public static String escape(String s) {
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
