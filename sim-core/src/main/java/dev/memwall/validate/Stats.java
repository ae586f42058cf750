package dev.memwall.validate;

import java.util.Arrays;

/** Mean and percentiles of a sample, percentiles interpolated linearly as numpy's default does. */
final class Stats {
    private Stats() {
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    /**
     * The {@code p}-th percentile (0..100): the value at rank {@code p/100 * (n - 1)} of the sorted
     * sample, between neighbours by linear interpolation; NaN for an empty sample.
     */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    /** {@code mean} or {@code pNN} of {@code values}. */
    static double of(String stat, double[] values) {
        return stat.equals("mean") ? mean(values) : percentile(values, Double.parseDouble(stat.substring(1)));
    }
}
