package dev.memwall.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RangeTest {
    @Test
    void describesItselfAsDocsAndMessagesShowIt() {
        assertEquals("> 0", Range.POSITIVE.describe());
        assertEquals(">= 0", Range.NON_NEGATIVE.describe());
        assertEquals("in (0, 1]", Range.FRACTION.describe());
        assertEquals("in [0, 10000000] ns", Range.closed(0, 1e7).in("ns").describe());
        assertEquals("in [0.000001, 1000000000] req/s", Range.closed(1e-6, 1e9).in("req/s").describe());
    }

    @Test
    void boundsAreInclusiveOrNotAsDeclaredAndNaNIsNeverIn() {
        assertFalse(Range.FRACTION.contains(0));
        assertTrue(Range.FRACTION.contains(1));
        assertTrue(Range.UNIT_INTERVAL.contains(0));
        assertFalse(Range.POSITIVE.contains(Double.NaN));
        assertFalse(Range.NON_NEGATIVE.contains(Double.POSITIVE_INFINITY));
    }

    @Test
    void showsNumbersPlainlyAndNonFiniteOnesAsJavaDoes() {
        assertEquals("1048576", Range.show(1_048_576));
        assertEquals("0.5", Range.show(0.5));
        assertEquals("NaN", Range.show(Double.NaN));
        assertEquals("Infinity", Range.show(Double.POSITIVE_INFINITY));
    }
}
