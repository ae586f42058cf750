package dev.memwall.metrics;

import org.HdrHistogram.Histogram;

/**
 * A count that changes over simulated time (requests running, requests waiting), weighted by how
 * long each value held: its mean and percentiles are over time, not over the moments it was looked
 * at. The histogram is exact for counts up to 2,048 and grows to hold any count; once a run has
 * sized it, recording allocates nothing.
 */
public final class ConcurrencyStat {
    private final String name;
    private final Histogram histogram = new Histogram(1, 2048, 3);
    private double weightedSum;
    private long totalNs;
    private long max;

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
        histogram.recordValueWithCount(value, durationNs);
        weightedSum += (double) value * durationNs;
        totalNs += durationNs;
    }

    public void reset() {
        histogram.reset();
        weightedSum = 0;
        totalNs = 0;
        max = 0;
    }

    /** Time-weighted mean; 0 when no time has passed. */
    public double mean() {
        return totalNs == 0 ? 0 : weightedSum / totalNs;
    }

    /** The value the count stayed at or below for {@code percentile} % of the time. */
    public long percentile(double percentile) {
        return totalNs == 0 ? 0 : Math.min(histogram.getValueAtPercentile(percentile), max);
    }

    /** The largest value seen. */
    public long max() {
        return max;
    }
}
