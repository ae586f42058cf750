package dev.memwall.input;

import java.math.BigDecimal;

/**
 * The values a number in an input may take: a lower and an upper bound, each inclusive or not,
 * the upper possibly infinite. Messages and docs show it as {@code > 0}, {@code >= 0},
 * {@code in (0, 1]} or {@code in [0, 1000000]}.
 *
 * @param min          the lower bound
 * @param minInclusive whether {@code min} itself is allowed
 * @param max          the upper bound, {@code +Infinity} for none
 * @param maxInclusive whether {@code max} itself is allowed
 * @param unit         what the number counts, e.g. {@code GB/s}, or empty
 */
public record Range(double min, boolean minInclusive, double max, boolean maxInclusive, String unit) {
    public static final Range POSITIVE = new Range(0, false, Double.POSITIVE_INFINITY, false, "");
    public static final Range NON_NEGATIVE = new Range(0, true, Double.POSITIVE_INFINITY, false, "");
    public static final Range FRACTION = new Range(0, false, 1, true, "");
    public static final Range UNIT_INTERVAL = new Range(0, true, 1, true, "");

    /** {@code [min, max]}. */
    public static Range closed(double min, double max) {
        return new Range(min, true, max, true, "");
    }

    /** {@code (0, max]}. */
    public static Range positiveAtMost(double max) {
        return new Range(0, false, max, true, "");
    }

    /** The same range, of numbers counting {@code unit}. */
    public Range in(String unit) {
        return new Range(min, minInclusive, max, maxInclusive, unit);
    }

    public boolean contains(double v) {
        boolean aboveMin = minInclusive ? v >= min : v > min;
        boolean belowMax = maxInclusive ? v <= max : v < max;
        return aboveMin && belowMax;
    }

    /** {@code > 0}, {@code >= 1}, {@code in (0, 1]}, {@code in [0, 1000000] ns}. */
    public String describe() {
        String u = unit.isEmpty() ? "" : " " + unit;
        if (Double.isInfinite(max)) {
            return (minInclusive ? ">= " : "> ") + show(min) + u;
        }
        return "in " + (minInclusive ? "[" : "(") + show(min) + ", " + show(max) + (maxInclusive ? "]" : ")") + u;
    }

    /** A bound as written in docs: {@code 1000000}, {@code 0.5}, never {@code 1.0E6}. */
    public static String show(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
