package dev.memwall.plan;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The search for one candidate's capacity: the highest arrival rate whose run meets the SLO,
 * assuming runs meet it below some rate and miss it above. Within a range {@code [lo, hi]} it
 * probes {@code lo}, then {@code hi}, then bisects; without one it starts at a given rate and
 * doubles (or halves) until it has a rate that meets the SLO and one that misses it, then
 * bisects. Bisection is geometric (the next probe is the two rates' geometric mean) and stops when
 * the failing rate is within {@link #PRECISION} of the passing one: the capacity is then known to
 * 2 %. Probed rates are rounded to six significant digits, so that they name probes exactly.
 */
public final class CapacitySearch {
    /** Stop when the missing rate over the meeting rate is at most this. */
    public static final double PRECISION = 1.02;
    /** Doublings or halvings before an unranged search gives up. */
    static final int MAX_STEPS = 16;

    /** How the capacity is bounded. */
    public enum Bound {
        /** Between a rate that met the SLO and one within 2 % above it that did not. */
        FOUND,
        /** Even the range's top (or the last doubling) met it: the capacity is at least this. */
        AT_LEAST,
        /** Even the range's bottom (or the last halving) missed it. */
        BELOW
    }

    private final double lo;
    private final double hi;
    private final boolean ranged;
    private double pass = Double.NaN;
    private double fail = Double.NaN;
    private int probes;
    private Bound bound;

    private CapacitySearch(double lo, double hi, boolean ranged) {
        this.lo = round(lo);
        this.hi = round(hi);
        this.ranged = ranged;
    }

    /** A search within {@code [lo, hi]}, {@code 0 < lo < hi}. */
    public static CapacitySearch within(double lo, double hi) {
        if (!(lo > 0 && hi > lo)) {
            throw new IllegalArgumentException("need 0 < lo < hi (got " + lo + ", " + hi + ")");
        }
        return new CapacitySearch(lo, hi, true);
    }

    /** A search that starts at {@code rate} and brackets by doubling or halving. */
    public static CapacitySearch from(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("need a rate > 0 (got " + rate + ")");
        }
        return new CapacitySearch(rate, rate, false);
    }

    /** The next rate to probe, or NaN when the search is over. */
    public double next() {
        if (bound != null) {
            return Double.NaN;
        }
        boolean passed = !Double.isNaN(pass);
        boolean failed = !Double.isNaN(fail);
        if (!passed && !failed) {
            return lo;
        }
        if (passed && failed) {
            return round(Math.sqrt(pass * fail));
        }
        if (ranged) {
            return hi;
        }
        return round(passed ? pass * 2 : fail / 2);
    }

    /** Records that a run at {@code rate} met the SLO or not. */
    public void record(double rate, boolean met) {
        probes++;
        if (met) {
            pass = Double.isNaN(pass) ? rate : Math.max(pass, rate);
        } else {
            fail = Double.isNaN(fail) ? rate : Math.min(fail, rate);
        }
        boolean passed = !Double.isNaN(pass);
        boolean failed = !Double.isNaN(fail);
        if (passed && failed) {
            if (fail <= pass * PRECISION) {
                bound = Bound.FOUND;
            }
        } else if (passed && (ranged ? pass >= hi : probes > MAX_STEPS)) {
            bound = Bound.AT_LEAST;
        } else if (failed && (ranged ? fail <= lo : probes > MAX_STEPS)) {
            bound = Bound.BELOW;
        }
    }

    /** Whether the search is over. */
    public boolean done() {
        return bound != null;
    }

    /** How the capacity is bounded; null while searching. */
    public Bound bound() {
        return bound;
    }

    /** The highest rate that met the SLO, or 0 when none did. */
    public double capacity() {
        return Double.isNaN(pass) ? 0 : pass;
    }

    /** The lowest rate that missed it, or NaN. */
    public double lowestMiss() {
        return fail;
    }

    /** Runs recorded. */
    public int probes() {
        return probes;
    }

    /** {@code rate} to six significant digits. */
    public static double round(double rate) {
        return new BigDecimal(rate).round(new MathContext(6)).doubleValue();
    }

    /** A rate as probes are named: six significant digits, no trailing zeros. */
    public static String label(double rate) {
        return new BigDecimal(rate).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
