package dev.memwall.serving;

/**
 * How one stage of an instance times its part of a batch once the batch is formed and its KV
 * moves are done: the whole model in HBM ({@link HbmIteration}), a pipeline stage's layers in HBM
 * ({@link HbmStage}), or layers with weights or KV streaming from off-GPU memory
 * ({@link OffloadedIteration}). An iteration whose transfers share devices with other instances
 * is stepped through its transfer issue times, one event each, until {@link #ended()}.
 */
interface IterationTiming {
    /**
     * Starts timing this stage's part of batch {@code b}, whose layers may run from {@code startNs}.
     *
     * @param nowNs     the current time: transfers are issued no earlier
     * @param horizonNs the next time anything else can act: transfers due before it may be issued now
     * @return the time of the stage's next event: its end, or its next transfer's issue
     */
    long start(Batch b, long startNs, long nowNs, long horizonNs);

    /** Steps a stepwise iteration at {@code nowNs}; returns the time of its next event. */
    long advance(long nowNs, long horizonNs);

    /** Whether the time the last {@link #start} or {@link #advance} returned is the stage's end. */
    boolean ended();

    /** Compute time of the stage's current part: its duration were every transfer instant, ns. */
    long computeNs();

    /** Bytes the current part reads from and writes to this stage's HBM. */
    double hbmBytes();
}
