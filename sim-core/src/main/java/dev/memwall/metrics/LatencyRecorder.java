package dev.memwall.metrics;

/** The five latency distributions of a run: TTFT, TPOT, ITL, end-to-end and queueing. */
public final class LatencyRecorder {
    /** Time to first token, one sample per request. */
    public final LatencyStat ttft = new LatencyStat("ttft");
    /** Time per output token after the first, one sample per request with more than one token. */
    public final LatencyStat tpot = new LatencyStat("tpot");
    /** Inter-token latency, one sample per token after the first. */
    public final LatencyStat itl = new LatencyStat("itl");
    /** Arrival to last token. */
    public final LatencyStat e2e = new LatencyStat("e2e");
    /** Arrival to first scheduling. */
    public final LatencyStat queueing = new LatencyStat("queueing");

    public void reset() {
        ttft.reset();
        tpot.reset();
        itl.reset();
        e2e.reset();
        queueing.reset();
    }

    public LatencyStat[] all() {
        return new LatencyStat[] {ttft, tpot, itl, e2e, queueing};
    }

    /**
     * Records a completed request. TPOT is {@code (latency - TTFT) / (output - 1)} in integer ns,
     * as LLMServingSim computes it, and is not sampled for single-token requests.
     */
    public void recordCompletion(long arrivalNs, long firstScheduledNs, long firstTokenNs, long endNs, int outputTokens) {
        long latency = endNs - arrivalNs;
        long ttftNs = firstTokenNs - arrivalNs;
        ttft.record(ttftNs);
        e2e.record(latency);
        queueing.record(firstScheduledNs - arrivalNs);
        if (outputTokens > 1) {
            tpot.record(tpotNs(latency, ttftNs, outputTokens));
        }
    }

    /** LLMServingSim's TPOT: {@code (latency - TTFT) // (output - 1)}, or 0 for one token. */
    public static long tpotNs(long latencyNs, long ttftNs, int outputTokens) {
        return outputTokens > 1 ? (latencyNs - ttftNs) / (outputTokens - 1) : 0;
    }
}
