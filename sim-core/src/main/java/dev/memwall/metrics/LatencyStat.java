package dev.memwall.metrics;

import org.HdrHistogram.Histogram;

/**
 * One latency distribution: an HdrHistogram (1 µs resolution, 3 significant digits) plus the
 * exact count, sum and max, so the mean and max are exact while percentiles carry HdrHistogram's
 * 0.1% precision. Values are ns. The histogram starts sized for an hour and grows to hold any
 * longer value (an overloaded run's queueing can last simulated days), so nothing is clamped;
 * it never shrinks, so once a run has sized it, recording the same run again allocates nothing.
 * Negative values (which a correct simulation never produces) are recorded as 0 and counted in
 * {@link #clamped()}.
 */
public final class LatencyStat {
    /** Lowest discernible value: 1 µs. */
    public static final long LOWEST_NS = 1_000L;
    /** Highest value the histogram is first sized for: 1 hour; it grows past it when needed. */
    public static final long INITIAL_HIGHEST_NS = 3_600_000_000_000L;

    private final String name;
    private final Histogram histogram = new Histogram(LOWEST_NS, INITIAL_HIGHEST_NS, 3);
    private long count;
    private double sumNs;
    private long maxNs;
    private long clamped;

    public LatencyStat(String name) {
        this.name = name;
        histogram.setAutoResize(true);
    }

    public String name() {
        return name;
    }

    public void record(long valueNs) {
        long v = valueNs;
        if (v < 0) {
            v = 0;
            clamped++;
        }
        count++;
        sumNs += v;
        if (v > maxNs) {
            maxNs = v;
        }
        histogram.recordValue(v);
    }

    public void reset() {
        histogram.reset();
        count = 0;
        sumNs = 0;
        maxNs = 0;
        clamped = 0;
    }

    public long count() {
        return count;
    }

    public long clamped() {
        return clamped;
    }

    /** Exact mean in ns; 0 when empty. */
    public double meanNs() {
        return count == 0 ? 0 : sumNs / count;
    }

    /** Exact maximum in ns. */
    public long maxNs() {
        return maxNs;
    }

    /**
     * Value at {@code percentile} (0..100) in ns, within HdrHistogram's precision. HdrHistogram
     * answers with the top of the value's bucket, which can exceed the true maximum by up to
     * 0.1%; the answer is clamped to the exact maximum so that p99 never reads above max.
     */
    public long percentileNs(double percentile) {
        return count == 0 ? 0 : Math.min(histogram.getValueAtPercentile(percentile), maxNs);
    }

    public Histogram histogram() {
        return histogram;
    }
}
