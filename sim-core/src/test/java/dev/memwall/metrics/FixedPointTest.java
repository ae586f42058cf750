package dev.memwall.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FixedPointTest {
    @Test
    void printsWhatFormatPrintsForOrdinaryValues() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            // Values on a 1e-4 grid, away from the half-way points where binary doubles make
            // %.Nf and half-up rounding legitimately disagree.
            double v = (rnd.nextInt(2_000_000_000) - 1_000_000_000) / 10_000.0 + 0.00003;
            for (int d = 0; d <= 3; d++) {
                assertEquals(String.format(Locale.ROOT, "%." + d + "f", v),
                        FixedPoint.append(new StringBuilder(), v, d).toString(), "value " + v + ", decimals " + d);
            }
        }
    }

    @Test
    void padsFractionsAndHandlesZeroAndNegatives() {
        assertEquals("15350.05", FixedPoint.append(new StringBuilder(), 15350.05, 2).toString());
        assertEquals("0.000", FixedPoint.append(new StringBuilder(), 0.0, 3).toString());
        assertEquals("-1.5", FixedPoint.append(new StringBuilder(), -1.5, 1).toString());
        assertEquals("0.0", FixedPoint.append(new StringBuilder(), -0.01, 1).toString());
        assertEquals("NaN", FixedPoint.append(new StringBuilder(), Double.NaN, 1).toString());
    }
}
