package dev.memwall.serving;

import dev.memwall.hardware.BatchShape;

/**
 * How an instance's iteration is timed once its batch is formed and its KV moves are done: all
 * in HBM ({@link HbmIteration}), or with weights or KV streaming from off-GPU memory
 * ({@link OffloadedIteration}). An iteration whose transfers share devices with other instances
 * is stepped through its transfer issue times, one event each, until {@link #ended()}.
 */
interface IterationTiming {
    /**
     * Starts timing an iteration of {@code shape} whose model may run from {@code startNs}.
     *
     * @param nowNs     the current time: transfers are issued no earlier
     * @param horizonNs the next time anything else can act: transfers due before it may be issued now
     * @return the time of the iteration's next event: its end, or its next transfer's issue
     */
    long start(BatchShape shape, long startNs, long nowNs, long horizonNs);

    /** Steps a stepwise iteration at {@code nowNs}; returns the time of its next event. */
    long advance(long nowNs, long horizonNs);

    /** Whether the time the last {@link #start} or {@link #advance} returned is the iteration's end. */
    boolean ended();

    /** Compute time of the current iteration: its duration were every transfer instant, ns. */
    long computeNs();

    /** Bytes the current iteration reads from and writes to HBM. */
    double hbmBytes();
}
