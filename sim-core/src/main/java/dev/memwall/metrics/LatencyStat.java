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
 *
 * <p>Recording is batched: a value equal to the one before is only counted, and a run of equal
 * values goes into the histogram as one value with its count when a different value arrives or
 * the stat is read. One iteration's tokens mostly share their inter-token latency (every request
 * in a decode batch last emitted at the previous iteration's end), so the histogram sees about
 * one update per iteration instead of one per token. The sum still adds the values one by one,
 * in recording order, so the mean is the same double it was without batching.
 */
public final class LatencyStat {
    /** Lowest discernible value: 1 µs. */
    public static final long LOWEST_NS = 1_000L;
    /** Highest value the histogram is first sized for: 1 hour; it grows past it when needed. */
    public static final long INITIAL_HIGHEST_NS = 3_600_000_000_000L;

    /** 2^53: up to it a double holds every whole number, so sums of whole numbers below it are exact. */
    static final double EXACT_SUM_LIMIT = 0x1p53;

    private final String name;
    private final Histogram histogram = new Histogram(LOWEST_NS, INITIAL_HIGHEST_NS, 3);
    private long count;
    private double sumNs;
    private long maxNs;
    private long clamped;
    /** The run of equal values recorded but not yet counted in: its value and length. */
    private long pendingNs;
    private long pendingCount;

    public LatencyStat(String name) {
        this.name = name;
        histogram.setAutoResize(true);
    }

    public String name() {
        return name;
    }

    public void record(long valueNs) {
        recordCount(valueNs, 1);
    }

    /** Records {@code valueNs} {@code count} times, exactly as {@code count} calls of {@link #record} would. */
    public void recordCount(long valueNs, long count) {
        if (count <= 0) {
            return;
        }
        if (valueNs == pendingNs && pendingCount > 0) {
            pendingCount += count;
            return;
        }
        flush();
        pendingNs = valueNs;
        pendingCount = count;
    }

    /** Counts the pending run of equal values in. */
    private void flush() {
        long n = pendingCount;
        if (n == 0) {
            return;
        }
        pendingCount = 0;
        long v = pendingNs;
        if (v < 0) {
            v = 0;
            clamped += n;
        }
        count += n;
        addToSum(v, n);
        if (v > maxNs) {
            maxNs = v;
        }
        if (n == 1) {
            histogram.recordValue(v);
        } else {
            histogram.recordValueWithCount(v, n);
        }
    }

    /**
     * Adds {@code n} times {@code v} (at least 0) to the sum, as {@code n} additions in a row would.
     * While the sum stays at most 2^53 every partial sum is a whole number a double holds exactly,
     * so the additions are exact and one addition of {@code n * v} gives the same double; past
     * that, the additions are made one by one.
     */
    private void addToSum(long v, long n) {
        long room = (long) (EXACT_SUM_LIMIT - sumNs);
        if (sumNs <= EXACT_SUM_LIMIT && (v == 0 || n <= room / v)) {
            sumNs += (double) (n * v);
            return;
        }
        for (long k = 0; k < n; k++) {
            sumNs += v;
        }
    }

    public void reset() {
        histogram.reset();
        count = 0;
        sumNs = 0;
        maxNs = 0;
        clamped = 0;
        pendingCount = 0;
    }

    public long count() {
        flush();
        return count;
    }

    public long clamped() {
        flush();
        return clamped;
    }

    /** Exact mean in ns; 0 when empty. */
    public double meanNs() {
        flush();
        return count == 0 ? 0 : sumNs / count;
    }

    /** Exact maximum in ns. */
    public long maxNs() {
        flush();
        return maxNs;
    }

    /**
     * Value at {@code percentile} (0..100) in ns, within HdrHistogram's precision. HdrHistogram
     * answers with the top of the value's bucket, which can exceed the true maximum by up to
     * 0.1%; the answer is clamped to the exact maximum so that p99 never reads above max.
     */
    public long percentileNs(double percentile) {
        flush();
        return count == 0 ? 0 : Math.min(histogram.getValueAtPercentile(percentile), maxNs);
    }

    public Histogram histogram() {
        flush();
        return histogram;
    }
}
