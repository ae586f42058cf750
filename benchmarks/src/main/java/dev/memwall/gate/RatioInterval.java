package dev.memwall.gate;

import java.util.Arrays;

import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * The median of paired ratios (candidate time over baseline time, one per A/B round) with a
 * distribution-free confidence interval from order statistics: for n ratios sorted, the interval
 * {@code [r(k), r(n+1-k)]} covers the true median with probability {@code 1 - 2 P(B <= k-1)},
 * B ~ Binomial(n, 1/2), and k is the largest index whose coverage still reaches the requested
 * confidence. It assumes only that rounds are independent, not that the noise is normal, which
 * a shared machine's is not (a neighbour's build makes long right tails).
 *
 * @param median   the median ratio
 * @param low      the interval's lower end
 * @param high     the interval's upper end
 * @param coverage the interval's actual coverage, at least the confidence asked for
 * @param rounds   the number of ratios
 */
public record RatioInterval(double median, double low, double high, double coverage, int rounds) {

    /**
     * Summarises {@code ratios}.
     *
     * @param confidence the interval's smallest coverage, e.g. 0.95
     * @throws IllegalArgumentException when fewer than {@link #minimumRounds(double)} ratios
     */
    public static RatioInterval of(double[] ratios, double confidence) {
        int n = ratios.length;
        int k = lowerIndex(n, confidence);
        if (k < 1) {
            throw new IllegalArgumentException("a " + confidence + " interval of the median needs at least "
                    + minimumRounds(confidence) + " ratios, got " + n);
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        BinomialDistribution b = BinomialDistribution.of(n, 0.5);
        return new RatioInterval(Median.withDefaults().evaluate(sorted), sorted[k - 1], sorted[n - k],
                1 - 2 * b.cumulativeProbability(k - 1), n);
    }

    /** The fewest ratios whose widest interval (smallest to largest) reaches {@code confidence}. */
    public static int minimumRounds(double confidence) {
        int n = 1;
        while (lowerIndex(n, confidence) < 1) {
            n++;
        }
        return n;
    }

    /** The largest k with coverage of {@code [r(k), r(n+1-k)]} at least {@code confidence}; 0 when none. */
    private static int lowerIndex(int n, double confidence) {
        if (n < 1) {
            return 0;
        }
        BinomialDistribution b = BinomialDistribution.of(n, 0.5);
        int k = 0;
        while (k + 1 <= (n + 1) / 2 && 1 - 2 * b.cumulativeProbability(k) >= confidence) {
            k++;
        }
        return k;
    }
}
