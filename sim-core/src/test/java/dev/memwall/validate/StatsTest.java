package dev.memwall.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void percentilesInterpolateBetweenRanksAsNumpyDoes() {
        double[] v = {40, 10, 30, 20};
        // numpy.percentile([10, 20, 30, 40], q): rank q/100 * 3.
        assertEquals(25.0, Stats.percentile(v, 50), 1e-12);
        assertEquals(37.0, Stats.percentile(v, 90), 1e-12);
        assertEquals(39.7, Stats.percentile(v, 99), 1e-12);
        assertEquals(10.0, Stats.percentile(v, 0), 1e-12);
        assertEquals(40.0, Stats.percentile(v, 100), 1e-12);
        assertEquals(25.0, Stats.mean(v), 1e-12);
    }

    @Test
    void statisticsAreNamedAsMetricIdsNameThem() {
        double[] v = {1, 2, 3};
        assertEquals(2.0, Stats.of("mean", v), 1e-12);
        assertEquals(2.8, Stats.of("p90", v), 1e-12);
        assertTrue(Double.isNaN(Stats.of("p50", new double[0])));
    }
}
