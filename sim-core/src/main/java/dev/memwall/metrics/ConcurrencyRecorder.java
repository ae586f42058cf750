package dev.memwall.metrics;

/**
 * Requests running and waiting across the cluster over simulated time. The simulation calls
 * {@link #observe} at every event with the counts that held since the previous one.
 */
public final class ConcurrencyRecorder {
    /** Requests in a running queue (scheduled at least once and not finished or preempted). */
    public final ConcurrencyStat running = new ConcurrencyStat("running");
    /** Requests admitted to an instance and waiting to be scheduled (new or preempted). */
    public final ConcurrencyStat waiting = new ConcurrencyStat("waiting");
    private long lastNs;

    public void reset() {
        running.reset();
        waiting.reset();
        lastNs = 0;
    }

    /** Records that {@code runningNow} and {@code waitingNow} held from the previous observation to {@code nowNs}. */
    public void observe(long nowNs, long runningNow, long waitingNow) {
        long duration = nowNs - lastNs;
        running.record(runningNow, duration);
        waiting.record(waitingNow, duration);
        lastNs = nowNs;
    }
}
