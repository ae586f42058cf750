package dev.memwall.workload;

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
