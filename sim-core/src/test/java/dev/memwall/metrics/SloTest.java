package dev.memwall.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.input.InputException;

/** --slo: what it parses to, what it refuses, and which requests it calls good. */
class SloTest {
    @Test
    void runWideTermsBoundStatisticsInMilliseconds() {
        Slo s = Slo.parse("ttft_p99<=2s,tpot_p99<=100ms", "t");
        assertEquals(List.of(new Slo.Term("ttft_p99", true, true, 2000), new Slo.Term("tpot_p99", true, true, 100)),
                s.aggregate());
        assertTrue(s.perRequest().isEmpty());
        assertEquals(0, s.attainment());
    }

    @Test
    void perRequestTermsDefaultToNinetyPercentAttainment() {
        Slo s = Slo.parse("ttft<=2s, tpot<100", "t");
        assertEquals(List.of(new Slo.Term("ttft", true, true, 2000), new Slo.Term("tpot", true, false, 100)),
                s.perRequest());
        assertEquals(0.9, s.attainment());
        assertEquals(0.99, Slo.parse("ttft<=2s,attainment>=99%", "t").attainment(), 1e-12);
        assertEquals(0.5, Slo.parse("e2e<=500us,attainment>=0.5", "t").attainment(), 1e-12);
        assertEquals(0.5, Slo.parse("e2e<=500us", "t").perRequest().get(0).threshold(), 1e-12);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ttft=2s|'ttft=2s' is not <name><op><value>",
        "ttfb<=2s|'ttfb<=2s': unknown name 'ttfb'",
        "ttft<=2h|'ttft<=2h': unknown unit 'h' (s, ms or us)",
        "ttft>=2s|'ttft>=2s': a per-request latency bound takes <= or <",
        "attainment>=1.5|'attainment>=1.5': attainment must be in (0, 1] or (0, 100]%",
        "ttft<=2s,|'' is not <name><op><value>"})
    void refusesWhatDoesNotParseNamingTheTerm(String slo, String expected) {
        InputException e = assertThrows(InputException.class, () -> Slo.parse(slo, "simulate: --slo"));
        assertEquals("simulate: --slo: " + expected + (expected.endsWith("value>") ? " (e.g. ttft<=2s, tpot_p99<=100ms,"
                + " attainment>=0.9)" : expected.startsWith("'ttfb") ? " (per request: ttft, tpot, e2e, queueing;"
                + " over the run: e.g. ttft_p99, tpot_mean; attainment)" : ""), e.getMessage());
    }

    /** One request: arrival 0, scheduled 1 ms, first token 100 ms, 11 tokens ending at 1,100 ms (TPOT 100 ms). */
    private static final RequestRecords ONE = new RequestRecords() {
        public int instance(int r) {
            return 0;
        }

        public int promptTokens(int r) {
            return 10;
        }

        public int outputTokens(int r) {
            return 11;
        }

        public long arrivalNs(int r) {
            return 0;
        }

        public long firstScheduledNs(int r) {
            return 1_000_000;
        }

        public long promptScheduledNs(int r) {
            return 1_000_000;
        }

        public long firstTokenNs(int r) {
            return 100_000_000;
        }

        public long endNs(int r) {
            return 1_100_000_000;
        }

        public boolean hasTokenTimes(int r) {
            return false;
        }

        public long tokenTimeNs(int r, int k) {
            return 0;
        }
    };

    @ParameterizedTest
    @CsvSource({"ttft<=100ms,true", "ttft<100ms,false", "tpot<=100,true", "tpot<=99.9,false", "e2e<=1.1s,true",
        "queueing<=0.5ms,false", "'ttft<=1s,tpot<=50ms',false"})
    void aRequestIsGoodWhenItMeetsEveryPerRequestTerm(String slo, boolean good) {
        assertEquals(good, Slo.parse(slo, "t").good(ONE, 0));
    }

    @Test
    void noSloCallsEveryCompletedRequestGood() {
        assertTrue(Slo.NONE.good(ONE, 0));
        assertTrue(Slo.NONE.isNone());
        assertFalse(Slo.parse("ttft_p99<=1s", "t").isNone());
    }
}
