package dev.memwall.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The A/B gate's statistics on synthetic ratios: no timing here. */
class RatioIntervalTest {
    /** Ten ratios, deliberately unsorted: 0.95 .. 1.04 in steps of 0.01. */
    private static final double[] TEN = {1.02, 0.97, 1.00, 0.95, 1.04, 0.99, 1.01, 0.96, 1.03, 0.98};

    @Test
    void tenRatiosGiveTheSecondSmallestToTheSecondLargestAtNinetySevenPointEightPercent() {
        RatioInterval i = RatioInterval.of(TEN, 0.95);
        assertEquals(0.995, i.median(), 1e-12);
        assertEquals(0.96, i.low(), 1e-12);
        assertEquals(1.03, i.high(), 1e-12);
        // 1 - 2 P(B <= 1), B ~ Binomial(10, 1/2): 1 - 2 * 11/1024.
        assertEquals(1 - 22 / 1024.0, i.coverage(), 1e-12);
        assertEquals(10, i.rounds());
    }

    @ParameterizedTest(name = "{0} ratios at {1}: the {2}th smallest to the {2}th largest")
    @CsvSource({"6, 0.95, 1", "8, 0.95, 1", "9, 0.95, 2", "12, 0.95, 3", "20, 0.95, 6", "10, 0.80, 3"})
    void theIntervalIsTheWidestOrderStatisticPairThatReachesTheConfidence(int n, double confidence, int k) {
        double[] ratios = new double[n];
        for (int j = 0; j < n; j++) {
            ratios[j] = 1 + 0.01 * ((j * 7) % n); // a permutation of 1.00 .. 1 + (n-1)/100
        }
        RatioInterval i = RatioInterval.of(ratios, confidence);
        assertEquals(1 + 0.01 * (k - 1), i.low(), 1e-12);
        assertEquals(1 + 0.01 * (n - k), i.high(), 1e-12);
    }

    @Test
    void aNinetyFivePercentIntervalNeedsSixRounds() {
        assertEquals(6, RatioInterval.minimumRounds(0.95)); // 1 - 2/2^6 = 0.969; 1 - 2/2^5 = 0.94
        assertEquals(8, RatioInterval.minimumRounds(0.99)); // 1 - 2/2^8 = 0.992; 1 - 2/2^7 = 0.984
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RatioInterval.of(new double[] {1, 1, 1, 1, 1}, 0.95));
        assertEquals("a 0.95 interval of the median needs at least 6 ratios, got 5", e.getMessage());
    }

    @ParameterizedTest(name = "ratios around {0} at threshold {1}: {2}")
    @CsvSource({
        "1.00, 0.05, OK",
        "1.10, 0.05, REGRESSION",
        "1.10, 0.25, OK",
        "0.80, 0.05, FASTER",
        "1.04, 0.05, OK"})
    void tightRatiosAreJudgedByWhereTheirWholeIntervalLies(double center, double threshold,
            AbComparison.Status expected) {
        double[] ratios = new double[TEN.length];
        for (int j = 0; j < ratios.length; j++) {
            ratios[j] = center * (1 + (TEN[j] - 0.995) / 10); // ±0.5%
        }
        assertEquals(expected, AbComparison.verdict(RatioInterval.of(ratios, 0.95), threshold));
    }

    @Test
    void oneDisturbedRoundOnEachSideDoesNotMoveTheVerdict() {
        double[] ratios = {1.10, 1.11, 1.09, 0.60, 1.10, 1.12, 1.08, 1.10, 2.50, 1.11};
        RatioInterval i = RatioInterval.of(ratios, 0.95);
        assertEquals(1.08, i.low(), 1e-12);
        assertEquals(1.12, i.high(), 1e-12);
        assertEquals(AbComparison.Status.REGRESSION, AbComparison.verdict(i, 0.05));
    }

    @Test
    void aSlowMedianWhoseIntervalReachesBelowTheBoundIsUnclearAndDoesNotFail() {
        double[] ratios = {1.20, 0.98, 1.15, 1.02, 1.30, 1.10, 1.25, 0.99, 1.18, 1.12};
        RatioInterval i = RatioInterval.of(ratios, 0.95);
        assertEquals(1.135, i.median(), 1e-12);
        assertEquals(0.99, i.low(), 1e-12);
        assertEquals(AbComparison.Status.UNCLEAR, AbComparison.verdict(i, 0.05));
    }

    @Test
    void noIntervalIsTooFewRounds() {
        assertEquals(AbComparison.Status.TOO_FEW, AbComparison.verdict(null, 0.05));
    }
}
