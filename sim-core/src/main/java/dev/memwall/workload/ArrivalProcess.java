package dev.memwall.workload;

import dev.memwall.input.InputException;
import dev.memwall.input.Range;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterExponentialSampler;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * When synthetic requests arrive: a Poisson process (exponential gaps), a Gamma renewal process
 * (gaps with a chosen coefficient of variation: above 1 is burstier than Poisson, below 1 more
 * regular), or all at once at t = 0. A rate of 0 means all at once.
 */
public final class ArrivalProcess {
    private enum Kind { POISSON, GAMMA, BURST }

    private static final ArrivalProcess BURST = new ArrivalProcess(Kind.BURST, 0, 0);

    /**
     * Arrival rates memwall accepts, requests per second: one a week at the least (a slower rate
     * would put a thousand arrivals decades apart, past any simulated span), a billion at most.
     */
    public static final Range RATE_PER_S = Range.closed(1e-6, 1e9).in("req/s");
    /** Coefficients of variation of Gamma gaps: (0, 100]; 1 is Poisson. */
    public static final Range CV = Range.positiveAtMost(100);
    /**
     * The latest arrival, in seconds, a generated trace may hold: about 31.7 years, far below
     * where nanosecond times overflow a {@code long} (about 292 years).
     */
    public static final double MAX_ARRIVAL_S = 1e9;

    private final Kind kind;
    private final double ratePerS;
    private final double cv;

    private ArrivalProcess(Kind kind, double ratePerS, double cv) {
        this.kind = kind;
        this.ratePerS = ratePerS;
        this.cv = cv;
    }

    /** Poisson arrivals at {@code ratePerS} requests per second (0: all at once). */
    public static ArrivalProcess poisson(double ratePerS) {
        checkRate(ratePerS);
        return ratePerS == 0 ? BURST : new ArrivalProcess(Kind.POISSON, ratePerS, 1);
    }

    /**
     * Gamma-distributed gaps with mean {@code 1/ratePerS} and coefficient of variation {@code cv}:
     * shape {@code k = 1/cv^2}, scale {@code 1/(ratePerS k)}. {@code cv = 1} is Poisson.
     */
    public static ArrivalProcess gamma(double ratePerS, double cv) {
        checkRate(ratePerS);
        if (!(cv > 0) || Double.isInfinite(cv)) {
            throw new IllegalArgumentException("cv must be a finite number > 0 (got " + cv + ")");
        }
        return ratePerS == 0 ? BURST : new ArrivalProcess(Kind.GAMMA, ratePerS, cv);
    }

    /** Every request arrives at t = 0. */
    public static ArrivalProcess burst() {
        return BURST;
    }

    /** Requests per second; 0 for all at once. */
    public double ratePerS() {
        return ratePerS;
    }

    /**
     * Refuses a workload whose {@code requests} would arrive, on average, later than
     * {@link #MAX_ARRIVAL_S}.
     *
     * @param where the start of the message, e.g. {@code generate: --rate}
     */
    public void checkSpan(long requests, String where) {
        if (ratePerS > 0 && requests / ratePerS > MAX_ARRIVAL_S) {
            throw InputException.at(where, requests + " requests at " + Range.show(ratePerS)
                    + " req/s would arrive over " + String.format(java.util.Locale.US, "%.3g", requests / ratePerS)
                    + " s, more than the " + Range.show(MAX_ARRIVAL_S) + " s a trace may span; raise the rate");
        }
    }

    /** Draws gaps in seconds from {@code rng}; null when all requests arrive at 0. */
    ContinuousSampler gapsS(UniformRandomProvider rng) {
        switch (kind) {
            case POISSON:
                return AhrensDieterExponentialSampler.of(rng, 1 / ratePerS);
            case GAMMA:
                double shape = 1 / (cv * cv);
                return AhrensDieterMarsagliaTsangGammaSampler.of(rng, shape, 1 / (ratePerS * shape));
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case POISSON:
                return "poisson " + ratePerS + " req/s";
            case GAMMA:
                return "gamma " + ratePerS + " req/s cv " + cv;
            default:
                return "burst";
        }
    }

    private static void checkRate(double ratePerS) {
        if (!(ratePerS >= 0) || Double.isInfinite(ratePerS)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0 (got " + ratePerS + ")");
        }
    }
}
