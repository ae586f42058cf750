package dev.memwall.metrics;

import org.HdrHistogram.Histogram;

/**
 * A count that changes over simulated time (requests running, requests waiting), weighted by how
 * long each value held: its mean and percentiles are over time, not over the moments it was looked
 * at. The histogram is exact for counts up to 2,048 and grows to hold any count; once a run has
 * sized it, recording allocates nothing.
 *
 * <p>Recording is batched as in {@link LatencyStat}: a value equal to the one before only extends
 * its duration, and the run goes into the histogram and sums when a different value arrives or the
 * stat is read. The run is extended only while the weighted sum stays at most 2^53, where every
 * partial sum is a whole number a double holds exactly, so the mean is the same double as with one
 * addition per record; past that, each record is added on its own, in order, as before.
 */
public final class ConcurrencyStat {
    private final String name;
    private final Histogram histogram = new Histogram(1, 2048, 3);
    private double weightedSum;
    private long totalNs;
    private long max;
    /** The run of records of one value not yet counted in: the value and its total duration (0: none). */
    private long pendingValue;
    private long pendingNs;

    public ConcurrencyStat(String name) {
        this.name = name;
        histogram.setAutoResize(true);
    }

    public String name() {
        return name;
    }

    /** Records that the count was {@code value} for {@code durationNs}. */
    public void record(long value, long durationNs) {
        if (value > max) {
            max = value;
        }
        if (durationNs <= 0) {
            return;
        }
        if (pendingNs > 0 && value == pendingValue
                && (double) value * (pendingNs + durationNs) <= LatencyStat.EXACT_SUM_LIMIT - weightedSum) {
            pendingNs += durationNs;
            return;
        }
        flush();
        pendingValue = value;
        pendingNs = durationNs;
    }

    /** Counts the pending run in. */
    private void flush() {
        if (pendingNs == 0) {
            return;
        }
        histogram.recordValueWithCount(pendingValue, pendingNs);
        weightedSum += (double) pendingValue * pendingNs;
        totalNs += pendingNs;
        pendingNs = 0;
    }

    public void reset() {
        histogram.reset();
        weightedSum = 0;
        totalNs = 0;
        max = 0;
        pendingNs = 0;
    }

    /** Time-weighted mean; 0 when no time has passed. */
    public double mean() {
        flush();
        return totalNs == 0 ? 0 : weightedSum / totalNs;
    }

    /** The value the count stayed at or below for {@code percentile} % of the time. */
    public long percentile(double percentile) {
        flush();
        return totalNs == 0 ? 0 : Math.min(histogram.getValueAtPercentile(percentile), max);
    }

    /** The largest value seen. */
    public long max() {
        return max;
    }
}
