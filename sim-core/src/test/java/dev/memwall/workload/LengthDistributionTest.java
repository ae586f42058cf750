package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.memwall.input.InputException;

/** Length specs as typed on the command line. */
class LengthDistributionTest {
    private static final String WHERE = "generate: --input-len";

    @Test
    void parsesEachSpecShape() {
        assertEquals("fixed:1024", LengthDistribution.parse("fixed:1024", WHERE).toString());
        assertEquals("uniform:1:64", LengthDistribution.parse("uniform:1:64", WHERE).toString());
        assertEquals("lognormal:512.0:0.8:4096", LengthDistribution.parse("lognormal:512:0.8:4096", WHERE).toString());
        assertEquals("lognormal:512.0:0.8", LengthDistribution.parse("lognormal:512:0.8", WHERE).toString());
        assertEquals(Path.of("data/a:b.csv"), LengthDistribution.parse("file:data/a:b.csv", WHERE).file());
    }

    @Test
    void rejectsUnknownShapeListingTheAcceptedOnes() {
        for (String bad : new String[] {"foo", "fixed", "fixed:", "fixed:1:2", "uniform:3", "lognormal:512", "file:", "fixed:ten"}) {
            assertEquals(WHERE + ": expected fixed:N, uniform:A:B, lognormal:MEDIAN:SIGMA[:MAX] or file:PATH (got '" + bad + "')",
                    assertThrows(InputException.class, () -> LengthDistribution.parse(bad, WHERE)).getMessage());
        }
    }

    @Test
    void rejectsValuesOutsideTheirRangeNamingTheRule() {
        assertEquals(WHERE + ": fixed:N needs N >= 1 (got 'fixed:0')", message("fixed:0"));
        assertEquals(WHERE + ": uniform:A:B needs 1 <= A <= B (got 'uniform:9:2')", message("uniform:9:2"));
        assertEquals(WHERE + ": lognormal:MEDIAN:SIGMA[:MAX] needs 1 <= MEDIAN <= MAX and SIGMA > 0 (got 'lognormal:512:0')",
                message("lognormal:512:0"));
        assertEquals(WHERE + ": lognormal:MEDIAN:SIGMA[:MAX] needs 1 <= MEDIAN <= MAX and SIGMA > 0 (got 'lognormal:512:1:100')",
                message("lognormal:512:1:100"));
    }

    private static String message(String spec) {
        return assertThrows(InputException.class, () -> LengthDistribution.parse(spec, WHERE)).getMessage();
    }
}
