package dev.memwall.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/**
 * One object of a JSON file, at a JSON path, with typed getters. Every error names the file and
 * the full path, and shows the offending value as JSON, e.g.
 * {@code H100.json: efficiency.compute.value: must be in (0, 1] (got 1.5)}. A closed object
 * rejects keys outside its set (suggesting the nearest); an open one, such as a HuggingFace
 * {@code config.json}, ignores keys it does not ask for. Model and hardware files read through
 * here (see {@link JsonFiles}); cluster configs use {@code dev.memwall.config.JsonCursor}, whose
 * messages are worded differently.
 */
public final class JsonFields {
    private static final List<String> SOURCED_KEYS = List.of("value", "source");

    private final JsonNode node;
    private final String path;
    private final String file;

    private JsonFields(JsonNode node, String path, String file) {
        this.node = node;
        this.path = path;
        this.file = file;
    }

    /**
     * The object {@code node} at {@code path} (empty at the top level) of {@code file}, rejecting
     * any key not in {@code keys} with {@code unknown key 'k' (did you mean 'x'?)} or the list of
     * keys.
     */
    public static JsonFields closed(JsonNode node, String path, String file, List<String> keys) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw InputException.at(file, (path.isEmpty() ? "" : path + ": ")
                        + "unknown key '" + key + "' " + unknownKeyHint(key, keys));
            }
        }
        return new JsonFields(node, path, file);
    }

    /** The top-level object {@code node} of {@code file}, whatever other keys it holds. */
    public static JsonFields open(JsonNode node, String file) {
        return new JsonFields(node, "", file);
    }

    /** {@code (did you mean 'x'?)} for a likely typo, else the list of known keys. */
    private static String unknownKeyHint(String key, List<String> known) {
        String nearest = KeySuggestions.nearest(key, known, KeySuggestions.Rule.EXACT_CASE);
        return nearest != null
                ? "(did you mean '" + nearest + "'?)"
                : "(expected one of: " + String.join(", ", known) + ")";
    }

    /** The JSON path of {@code key} in this object, e.g. {@code efficiency.compute}. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** {@code file: path.key: what}. */
    public InputException error(String key, String what) {
        return InputException.at(file, pathOf(key) + ": " + what);
    }

    /** True when the key is present, even with JSON null. */
    public boolean has(String key) {
        return node.has(key);
    }

    /** True when the key is absent or holds JSON null. */
    public boolean isNull(String key) {
        JsonNode n = node.get(key);
        return n == null || n.isNull();
    }

    /** The value at {@code key}, which must be present (it may be JSON null). */
    public JsonNode required(String key) {
        JsonNode n = node.get(key);
        if (n == null) {
            throw error(key, "missing required key");
        }
        return n;
    }

    /** The nested object at {@code key}, itself restricted to {@code keys}. */
    public JsonFields object(String key, List<String> keys) {
        JsonNode n = required(key);
        if (!n.isObject()) {
            throw error(key, "must be an object (got " + n + ")");
        }
        return closed(n, pathOf(key), file, keys);
    }

    /** A non-blank string. */
    public String string(String key) {
        JsonNode n = required(key);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw error(key, "must be a non-empty string (got " + n + ")");
        }
        return n.asText();
    }

    /** A non-blank string, or null when the key holds JSON null. */
    public String nullableString(String key) {
        return required(key).isNull() ? null : string(key);
    }

    /** A string (possibly blank), or null when the key is absent or JSON null. */
    public String optionalString(String key) {
        if (isNull(key)) {
            return null;
        }
        JsonNode n = node.get(key);
        if (!n.isTextual()) {
            throw error(key, "must be a string (got " + n + ")");
        }
        return n.asText();
    }

    /** An integer that fits an {@code int}; callers check its range. */
    public int integer(String key) {
        JsonNode n = required(key);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw error(key, "must be an integer (got " + n + ")");
        }
        return n.intValue();
    }

    /** A plain positive integer (not a sourced value), e.g. PCIe {@code lanes}. */
    public int positiveInt(String key) {
        JsonNode n = required(key);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() <= 0) {
            throw error(key, "must be a positive integer (got " + n + ")");
        }
        return n.intValue();
    }

    /** true or false; {@code fallback} when the key is absent or JSON null. */
    public boolean optionalBoolean(String key, boolean fallback) {
        if (isNull(key)) {
            return fallback;
        }
        JsonNode n = node.get(key);
        if (!n.isBoolean()) {
            throw error(key, "must be true or false (got " + n + ")");
        }
        return n.booleanValue();
    }

    // ---- sourced values: {"value": <number or null>, "source": "<where the number comes from>"} --

    /** The {@code value} of a sourced value; NaN when it is null and {@code nullable}. */
    public double sourced(String key, boolean nullable) {
        JsonNode n = required(key);
        if (!n.isObject()) {
            throw error(key, "must be an object {\"value\": ..., \"source\": \"...\"} (got " + n + ")");
        }
        JsonFields v = closed(n, pathOf(key), file, SOURCED_KEYS);
        v.string("source");
        JsonNode value = v.required("value");
        if (value.isNull()) {
            if (!nullable) {
                throw v.error("value", "must be a number (got null)");
            }
            return Double.NaN;
        }
        if (!value.isNumber()) {
            throw v.error("value", "must be a number (got " + value + ")");
        }
        return value.doubleValue();
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
        if (!(v > 0 && v <= 1)) {
            throw sourcedError(key, "must be in (0, 1]");
        }
        return v;
    }

    /** {@code file: path.key.value: what (got <value>)} for a sourced value already read. */
    public InputException sourcedError(String key, String what) {
        return InputException.at(file, pathOf(key) + ".value: " + what
                + " (got " + node.get(key).get("value") + ")");
    }
}
