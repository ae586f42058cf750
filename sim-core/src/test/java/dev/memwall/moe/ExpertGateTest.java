package dev.memwall.moe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.input.InputException;

/** Qwen3-30B-A3B's gate shape: 128 experts, top-8. */
class ExpertGateTest {
    private static final int E = 128;
    private static final int K = 8;

    private static ExpertGate gate(String policy, int ep) {
        return new ExpertGate(ExpertRouting.parse(policy, "test"), E, K, ep, 42);
    }

    /** LLMServingSim's closed form: min(E/ep, ceil(tokens·k/ep)) per rank, the same on every rank. */
    @ParameterizedTest(name = "{0} tokens, ep {1}: {2} per rank")
    @CsvSource({"1, 2, 4", "5, 2, 20", "3, 4, 6", "16, 2, 64", "100, 2, 64", "1, 1, 8", "40, 1, 128"})
    void balancedGateActivatesThePigeonholeCountOnEveryRank(long tokens, int ep, int perRank) {
        ExpertGate g = gate("BALANCED", ep);
        assertEquals(perRank, g.route(tokens));
        assertEquals(perRank * ep, g.activeCount());
    }

    /**
     * BALANCED: a rank computes the tokens with at least one of their k experts on it,
     * round(T (1 - (1 - 1/ep)^k)): with EP 4, 1 - 0.75^8 = 0.8999 of them (10 -> 8.999 -> 9, 22 ->
     * 19.80 -> 20); with EP 2, 1 - 2^-8 = 255/256 (453 -> 451.23 -> 451, 2,048 -> 2,040); below 128
     * tokens at EP 2 every token.
     */
    @ParameterizedTest(name = "{0} tokens, ep {1}: {2} on a rank")
    @CsvSource({"10, 4, 9", "22, 4, 20", "1, 4, 1", "453, 2, 451", "2048, 2, 2040", "127, 2, 127", "35, 2, 35",
        "10, 1, 10"})
    void balancedGateTimesTheExpectedTokensOfOneRank(long tokens, int ep, long onRank) {
        assertEquals(onRank, gate("BALANCED", ep).tokensPerRank(tokens));
    }

    @Test
    void tokenByTokenGatesTimeEveryToken() {
        assertEquals(10, gate("RR", 4).tokensPerRank(10));
        assertEquals(10, gate("RAND", 4).tokensPerRank(10));
    }

    /** Round-robin from expert 0 each step: tokens·k consecutive experts, rank 0 (experts 0..63) the busiest. */
    @ParameterizedTest(name = "{0} tokens: busiest rank {1}, {2} in all")
    @CsvSource({"3, 24, 24", "10, 64, 80", "16, 64, 128", "50, 64, 128"})
    void roundRobinGateFillsExpertsInOrder(long tokens, int busiest, int total) {
        ExpertGate g = gate("RR", 2);
        assertEquals(busiest, g.route(tokens));
        assertEquals(total, g.activeCount());
        assertTrue(g.isActive(total - 1));
    }

    @Test
    void randomGatePicksTopKDistinctExpertsPerTokenReproducibly() {
        ExpertGate a = gate("RAND", 2);
        ExpertGate b = gate("RAND", 2);
        a.route(1);
        assertEquals(K, a.activeCount());
        b.route(1);
        for (int step = 0; step < 20; step++) {
            assertEquals(a.route(6), b.route(6));
            for (int e = 0; e < E; e++) {
                assertEquals(a.isActive(e), b.isActive(e));
            }
            assertTrue(a.activeCount() >= K && a.activeCount() <= 6 * K);
        }
    }

    /** Zipf weights 1/(e+1)^s: the low-numbered experts are hot, the high-numbered ones cold. */
    @Test
    void zipfGateActivatesLowNumberedExpertsMoreOften() {
        ExpertGate g = gate("ZIPF:1.5", 1);
        int hottest = 0;
        int coldest = 0;
        for (int step = 0; step < 200; step++) {
            g.route(4);
            hottest += g.isActive(0) ? 1 : 0;
            coldest += g.isActive(E - 1) ? 1 : 0;
        }
        assertEquals(200, hottest);
        assertTrue(coldest < 20, "expert 127 active in " + coldest + " of 200 steps");
    }

    @Test
    void distinctExpertsFallAsTheZipfExponentRises() {
        double previous = Double.MAX_VALUE;
        for (String s : new String[] {"0.2", "0.8", "1.5", "3"}) {
            ExpertGate g = gate("ZIPF:" + s, 1);
            long sum = 0;
            for (int step = 0; step < 200; step++) {
                g.route(8);
                sum += g.activeCount();
            }
            double mean = sum / 200.0;
            assertTrue(mean < previous, "ZIPF:" + s + " activated " + mean + ", not fewer than " + previous);
            previous = mean;
        }
    }

    @Test
    void routingNamesRoundTrip() {
        assertEquals("ZIPF:1.2", ExpertRouting.parse("zipf:1.2", "x").name());
        assertEquals("RR", ExpertRouting.parse("rr", "x").name());
        assertEquals(ExpertRouting.BALANCED, ExpertRouting.parse("BALANCED", "x"));
    }

    @ParameterizedTest
    @CsvSource({"CUSTOM, CUSTOM expert routing is a stub", "ZIPF:abc, ZIPF exponent 'abc' is not a number",
        "ZIPF:0, ZIPF exponent 0 must be in (0, 10]", "TOPK, unknown expert routing policy 'TOPK'"})
    void refusesPoliciesItCannotRun(String text, String message) {
        InputException e = assertThrows(InputException.class, () -> ExpertRouting.parse(text, "--expert-routing-policy"));
        assertTrue(e.getMessage().startsWith("--expert-routing-policy: " + message), e.getMessage());
    }
}
