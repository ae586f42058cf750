package dev.memwall.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoublePredicate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The search against known thresholds: a run meets the SLO exactly when its rate is at most the capacity. */
class CapacitySearchTest {
    private static CapacitySearch drive(CapacitySearch s, DoublePredicate meets) {
        while (!s.done()) {
            double r = s.next();
            s.record(r, meets.test(r));
        }
        return s;
    }

    @ParameterizedTest
    @CsvSource({"7.3", "1.01", "31.5", "2", "16.4"})
    void withinARangeFindsTheCapacityToTwoPercent(double capacity) {
        CapacitySearch s = drive(CapacitySearch.within(1, 32), r -> r <= capacity);
        assertEquals(CapacitySearch.Bound.FOUND, s.bound());
        assertTrue(s.capacity() <= capacity && s.capacity() >= capacity / CapacitySearch.PRECISION,
                s.capacity() + " for " + capacity);
        assertTrue(s.lowestMiss() <= s.capacity() * CapacitySearch.PRECISION);
        assertTrue(s.probes() <= 2 + 8, s.probes() + " probes");
    }

    @ParameterizedTest
    @CsvSource({"0.3", "5.55", "700"})
    void fromAStartRateBracketsThenBisects(double capacity) {
        CapacitySearch s = drive(CapacitySearch.from(5), r -> r <= capacity);
        assertEquals(CapacitySearch.Bound.FOUND, s.bound());
        assertTrue(s.capacity() <= capacity && s.capacity() >= capacity / CapacitySearch.PRECISION,
                s.capacity() + " for " + capacity);
    }

    @ParameterizedTest
    @CsvSource({"0.5,BELOW,0", "40,AT_LEAST,32"})
    void aCapacityOutsideTheRangeIsReportedAsABound(double capacity, CapacitySearch.Bound bound, double found) {
        CapacitySearch s = drive(CapacitySearch.within(1, 32), r -> r <= capacity);
        assertEquals(bound, s.bound());
        assertEquals(found, s.capacity());
        assertEquals(bound == CapacitySearch.Bound.BELOW ? 1 : 2, s.probes());
    }

    @ParameterizedTest
    @CsvSource({"7.30000001,7.3", "0.1234567,0.123457", "12,12"})
    void ratesAreNamedToSixSignificantDigits(double rate, String label) {
        assertEquals(label, CapacitySearch.label(rate));
        assertEquals(Double.parseDouble(label), CapacitySearch.round(rate));
    }
}
