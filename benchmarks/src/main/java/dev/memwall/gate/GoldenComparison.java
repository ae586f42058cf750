package dev.memwall.gate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares a run summary with its golden copy: the same keys in the same shape, integers (counts,
 * bytes) exactly, other numbers (times, rates, fractions) to {@value #RELATIVE_TOLERANCE}
 * relative, strings and booleans exactly. The tolerance absorbs last-bit differences of floating
 * point across JDKs and CPUs, nothing a model change could hide behind. The version that wrote a
 * summary ({@code memwall.version}) is not compared: it changes with every release, the model
 * need not.
 */
public final class GoldenComparison {
    /** Largest tolerated relative difference of a non-integer number. */
    public static final double RELATIVE_TOLERANCE = 1e-9;
    /** Paths whose values may differ. */
    private static final Set<String> NOT_COMPARED = Set.of("memwall.version");

    private GoldenComparison() {
    }

    /** Every difference, as {@code path: expected X, got Y}; empty when they match. */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out;
    }

    private static void compare(String path, JsonNode e, JsonNode a, List<String> out) {
        String where = path.isEmpty() ? "(root)" : path;
        if (NOT_COMPARED.contains(path)) {
            return;
        }
        if (e.isObject() && a.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String p = path.isEmpty() ? k : path + "." + k;
                if (!a.has(k)) {
                    out.add(p + ": missing (expected " + e.get(k) + ")");
                } else if (!e.has(k)) {
                    out.add(p + ": not in the golden file (got " + a.get(k) + ")");
                } else {
                    compare(p, e.get(k), a.get(k), out);
                }
            }
        } else if (e.isArray() && a.isArray()) {
            if (e.size() != a.size()) {
                out.add(where + ": expected " + e.size() + " entries, got " + a.size());
                return;
            }
            Iterator<JsonNode> ei = e.elements();
            Iterator<JsonNode> ai = a.elements();
            for (int i = 0; ei.hasNext(); i++) {
                compare(path + "[" + i + "]", ei.next(), ai.next(), out);
            }
        } else if (e.isIntegralNumber() && a.isIntegralNumber()) {
            if (!e.bigIntegerValue().equals(a.bigIntegerValue())) {
                out.add(where + ": expected " + e + ", got " + a + " (counts must match exactly)");
            }
        } else if (e.isNumber() && a.isNumber()) {
            double x = e.doubleValue();
            double y = a.doubleValue();
            double scale = Math.max(Math.abs(x), Math.abs(y));
            double diff = Math.abs(x - y);
            if (Double.compare(x, y) != 0 && !(diff <= RELATIVE_TOLERANCE * scale)) {
                out.add(String.format(Locale.US, "%s: expected %s, got %s (relative difference %.3g > %.0e)", where,
                        e, a, diff / scale, RELATIVE_TOLERANCE));
            }
        } else if (e.getNodeType() != a.getNodeType() || !e.equals(a)) {
            out.add(where + ": expected " + e + ", got " + a);
        }
    }
}
