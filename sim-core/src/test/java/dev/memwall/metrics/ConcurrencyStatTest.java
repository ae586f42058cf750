package dev.memwall.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs of records of one value count into the time-weighted mean as the same double that adding
 * {@code value x duration} record by record in order gives, while the weighted sum is small and
 * once it passes 2^53 and additions round; the percentiles are those of every record's duration
 * counted on its own.
 */
class ConcurrencyStatTest {

    @ParameterizedTest
    @CsvSource({
        "3, 250, 1000, 1",                    // small sums: exact either way
        "200, 40, 1000000000000, 7",          // 200 x 1e12 ns per record: crosses 2^53 and rounds
        "1, 5, 4503599627370000, 3",          // durations near 2^52
        "17, 1000, 123456789, 77",
    })
    void runsOfOneValueCountAsRecordsOneByOne(long firstValue, int runLength, long durationNs, long stepNs) {
        ConcurrencyStat stat = new ConcurrencyStat("running");
        Histogram expected = new Histogram(1, 2048, 3);
        expected.setAutoResize(true);
        double weightedSum = 0;
        long totalNs = 0;
        for (int round = 0; round < 6; round++) {
            long value = firstValue + round % 3;
            for (int k = 0; k < runLength; k++) {
                long d = durationNs + k * stepNs;
                stat.record(value, d);
                expected.recordValueWithCount(value, d);
                weightedSum += (double) value * d;
                totalNs += d;
            }
        }
        assertEquals(weightedSum / totalNs, stat.mean(), 0.0);
        for (double p : new double[] {10, 50, 90, 99, 100}) {
            assertEquals(Math.min(expected.getValueAtPercentile(p), stat.max()), stat.percentile(p), "p" + p);
        }
    }
}
