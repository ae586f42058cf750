package dev.memwall.network;

/**
 * ASTRA-Sim's analytical, congestion-unaware network as LLMServingSim drives it: one dimension
 * of {@code link_bw} GB/s (which ASTRA-Sim reads as GiB/s: {@code bytes / (bw * 2^30 / 1e9)} ns)
 * and {@code link_latency} ns per message, collectives as rings, each receive of a reduce-scatter
 * step followed by a local reduction of three memory operations at the NPU's memory bandwidth,
 * every send preceded by an endpoint delay. Times are truncated to whole ns at each message, as
 * ASTRA-Sim's integer clock does. Derived from LLMServingSim's outputs (docs/llmservingsim.md).
 *
 * <p>A collective also reports the offsets of its internal events (each send, receive and
 * reduction), because LLMServingSim polls idle instances at every event of ASTRA-Sim's queue.
 */
public final class AstraSimAnalytical {
    /** ASTRA-Sim's endpoint delay per send (system.json), ns. */
    public static final long ENDPOINT_DELAY_NS = 10;
    private static final double GIB_PER_GB = (1L << 30) / 1e9;

    /** A ring collective. */
    public enum Collective {
        /** Reduce-scatter then all-gather: {@code n - 1} reducing steps, {@code n - 1} plain ones. */
        ALL_REDUCE,
        /** {@code n - 1} reducing steps. */
        REDUCE_SCATTER,
        /** {@code n - 1} plain steps. */
        ALL_GATHER
    }

    private final double bytesPerNs;
    private final long latencyNs;
    private final double localBytesPerNs;

    /**
     * @param linkGBps           the dimension's {@code link_bw}
     * @param linkLatencyNs      the dimension's {@code link_latency}
     * @param localMemoryGBps    the NPU's {@code npu_mem.mem_bw}, for the reductions (decimal GB/s)
     */
    public AstraSimAnalytical(double linkGBps, double linkLatencyNs, double localMemoryGBps) {
        this.bytesPerNs = linkGBps * GIB_PER_GB;
        this.latencyNs = Math.round(linkLatencyNs);
        this.localBytesPerNs = localMemoryGBps;
    }

    /** One message of {@code bytes} over the link: latency plus its bytes, truncated. */
    public long messageNs(double bytes) {
        return (long) (latencyNs + bytes / bytesPerNs);
    }

    /** The bytes part of {@link #messageNs}: how long the sender is busy serialising them. */
    public long serialisationNs(double bytes) {
        return messageNs(bytes) - latencyNs;
    }

    public long latencyNs() {
        return latencyNs;
    }

    /**
     * A ring collective of a {@code bytes} tensor over {@code n} NPUs; each step moves
     * {@code bytes / n} (whole bytes): an endpoint delay, then per step the message, an endpoint
     * delay and, on reducing steps, the reduction.
     *
     * @param events where to write the offsets of its events from its start, the last being its
     *               end, or null; must hold {@link #eventCount}
     * @return its duration, ns
     */
    public long ringNs(Collective kind, long bytes, int n, long[] events) {
        if (n <= 1) {
            return 0;
        }
        long msg = bytes / n;
        long net = messageNs(msg);
        long reduce = 3 * (long) (msg / localBytesPerNs);
        int reducing = kind == Collective.ALL_GATHER ? 0 : n - 1;
        int plain = kind == Collective.REDUCE_SCATTER ? 0 : n - 1;
        long t = ENDPOINT_DELAY_NS;
        int e = note(events, 0, t);
        for (int step = 0; step < reducing + plain; step++) {
            t += net;
            e = note(events, e, t);
            t += ENDPOINT_DELAY_NS;
            e = note(events, e, t);
            if (step < reducing) {
                t += reduce;
                e = note(events, e, t);
            }
        }
        return t;
    }

    /** How many events {@link #ringNs} reports for {@code kind} over {@code n} NPUs, its end included. */
    public static int eventCount(Collective kind, int n) {
        if (n <= 1) {
            return 0;
        }
        int reducing = kind == Collective.ALL_GATHER ? 0 : n - 1;
        int plain = kind == Collective.REDUCE_SCATTER ? 0 : n - 1;
        return 1 + 3 * reducing + 2 * plain;
    }

    private static int note(long[] events, int e, long t) {
        if (events != null) {
            events[e] = t;
        }
        return e + 1;
    }
}
