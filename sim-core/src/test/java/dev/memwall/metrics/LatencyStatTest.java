package dev.memwall.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run of equal values counts into the mean as the same double that adding them one by one in
 * recording order gives, below 2^53 ns of total and across it, where additions start to round.
 */
class LatencyStatTest {

    @ParameterizedTest
    @CsvSource({
        "1000, 250, 3",                       // small sums: exact either way
        "4503599627370496, 3, 7",             // 2^52-ns values: the sum crosses 2^53 and rounds
        "9007199254740000, 1, 101",           // starts just below 2^53
        "123456789012, 1000, 77",
    })
    void aRunOfEqualValuesSumsAsAdditionsOneByOne(long firstNs, int runLength, long stepNs) {
        LatencyStat stat = new LatencyStat("itl");
        double expectedSum = 0;
        long count = 0;
        for (int round = 0; round < 5; round++) {
            long v = firstNs + round * stepNs;
            for (int k = 0; k < runLength; k++) {
                stat.record(v);
                expectedSum += v;
                count++;
            }
        }
        assertEquals(count, stat.count());
        assertEquals(expectedSum / count, stat.meanNs(), 0.0);
    }
}
