package dev.memwall.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.InputException;
import dev.memwall.input.KeySuggestions;
import java.util.Iterator;
import java.util.List;

/**
 * One object of a hardware file, at a JSON path, with a closed set of keys. Every error names
 * the file and the full path, e.g. {@code H100.json: efficiency.compute.value: ...}.
 */
final class JsonObject {
    private static final List<String> VALUE_KEYS = List.of("value", "source");

    private final JsonNode node;
    private final String path;
    private final String file;

    /** Wraps {@code node}, rejecting any key not in {@code keys}. */
    JsonObject(JsonNode node, String path, String file, List<String> keys) {
        this.node = node;
        this.path = path;
        this.file = file;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw InputException.at(file, (path.isEmpty() ? "" : path + ": ")
                        + "unknown key '" + key + "' " + unknownKeyHint(key, keys));
            }
        }
    }

    /** {@code (did you mean 'x'?)} for a likely typo, else the list of known keys. */
    static String unknownKeyHint(String key, List<String> known) {
        String nearest = KeySuggestions.nearest(key, known, KeySuggestions.Rule.EXACT_CASE);
        return nearest != null
                ? "(did you mean '" + nearest + "'?)"
                : "(expected one of: " + String.join(", ", known) + ")";
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    InputException error(String key, String what) {
        return InputException.at(file, pathOf(key) + ": " + what);
    }

    /** The nested object at {@code key}, itself restricted to {@code keys}. */
    JsonObject object(String key, List<String> keys) {
        JsonNode n = required(key);
        if (!n.isObject()) {
            throw error(key, "must be an object (got " + n + ")");
        }
        return new JsonObject(n, pathOf(key), file, keys);
    }

    String string(String key) {
        JsonNode n = required(key);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw error(key, "must be a non-empty string (got " + n + ")");
        }
        return n.asText();
    }

    /** A string, or null when the key holds JSON null. */
    String nullableString(String key) {
        return required(key).isNull() ? null : string(key);
    }

    boolean isNull(String key) {
        JsonNode n = node.get(key);
        return n == null || n.isNull();
    }

    /** A plain positive integer (not a value object), e.g. PCIe {@code lanes}. */
    int positiveInt(String key) {
        JsonNode n = required(key);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() <= 0) {
            throw error(key, "must be a positive integer (got " + n + ")");
        }
        return n.intValue();
    }

    /** The {@code value} of a {@code {"value": ..., "source": "..."}} object; NaN when null. */
    double value(String key, boolean nullable) {
        JsonNode n = required(key);
        if (!n.isObject()) {
            throw error(key, "must be an object {\"value\": ..., \"source\": \"...\"} (got " + n + ")");
        }
        JsonObject v = new JsonObject(n, pathOf(key), file, VALUE_KEYS);
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

    /** A non-null value that is > 0. */
    double positive(String key) {
        double v = value(key, false);
        if (!(v > 0)) {
            throw valueError(key, "must be > 0");
        }
        return v;
    }

    /** A non-null value that is >= 0 (latencies and overheads may be calibrated to zero). */
    double nonNegative(String key) {
        double v = value(key, false);
        if (!(v >= 0)) {
            throw valueError(key, "must be >= 0");
        }
        return v;
    }

    /** A non-null value in (0, 1]. */
    double fraction(String key) {
        double v = value(key, false);
        if (!(v > 0 && v <= 1)) {
            throw valueError(key, "must be in (0, 1]");
        }
        return v;
    }

    InputException valueError(String key, String what) {
        return InputException.at(file, pathOf(key) + ".value: " + what
                + " (got " + node.get(key).get("value") + ")");
    }

    private JsonNode required(String key) {
        JsonNode n = node.get(key);
        if (n == null) {
            throw error(key, "missing required key");
        }
        return n;
    }
}
