package dev.memwall.hardware.profile;

import java.util.Arrays;

/**
 * A 1-D profile table (one layer of {@code dense.csv} over {@code tokens}, or of
 * {@code per_sequence.csv} over {@code sequences}) with LLMServingSim's lookup rule:
 * <ul>
 *   <li>at a table point: that point's time;</li>
 *   <li>between two points: linear interpolation, {@code y0 + (x - x0) * (y1 - y0) / (x1 - x0)};</li>
 *   <li>above the last point: the last segment extended linearly, never clamped (the reference:
 *       "extrapolation is linear past the edges, never clamped above");</li>
 *   <li>below the first point: the first point's time (clamped). The bundles start at 1 token
 *       and 1 sequence, so a non-empty batch never gets there; the attention table, whose
 *       {@code kv_decode} axis starts at 16, shows the clamp in LLMServingSim's golden run
 *       (decode steps at 10..16 tokens of context all cost the same).</li>
 * </ul>
 * A table of one point is constant. Times are whole ns held in doubles; {@link #valueNs} is not
 * truncated (the caller truncates once per layer). Immutable; lookups do not allocate.
 */
public final class LinearTable {
    private final double[] x;
    private final double[] y;

    /**
     * @param x strictly increasing, at least one point
     * @param y times in ns, same length
     */
    LinearTable(double[] x, double[] y) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need matching non-empty arrays");
        }
        for (int i = 1; i < x.length; i++) {
            if (!(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("x must be strictly increasing");
            }
        }
        this.x = x.clone();
        this.y = y.clone();
    }

    /** The time in ns at {@code at} (tokens or sequences), by the rules above. */
    public double valueNs(double at) {
        return lookup(x, y, 0, x.length, at);
    }

    /** Number of table points. */
    public int size() {
        return x.length;
    }

    /** The {@code i}-th axis value (ascending). */
    public double x(int i) {
        return x[i];
    }

    /** The time in ns at the {@code i}-th point. */
    public double yNs(int i) {
        return y[i];
    }

    /**
     * The rule over {@code keys[lo, hi)} (strictly increasing) and their values: clamp below,
     * exact at a point, linear between, last segment extended above.
     */
    static double lookup(double[] keys, double[] values, int lo, int hi, double at) {
        if (hi - lo == 1 || at <= keys[lo]) {
            return values[lo];
        }
        int found = Arrays.binarySearch(keys, lo, hi, at);
        if (found >= 0) {
            return values[found];
        }
        int i1 = Math.min(-found - 1, hi - 1);
        int i0 = i1 - 1;
        return interpolate(keys[i0], values[i0], keys[i1], values[i1], at);
    }

    /**
     * The line through two points at {@code at}. Multiplying before dividing keeps the result
     * exact whenever it is a whole number, so the later truncation never loses a nanosecond to
     * rounding error.
     */
    static double interpolate(double x0, double y0, double x1, double y1, double at) {
        return y0 + (at - x0) * (y1 - y0) / (x1 - x0);
    }
}
