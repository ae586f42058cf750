package dev.memwall.serving;

import dev.memwall.metrics.ConcurrencyRecorder;

/** Counts the cluster's running and waiting requests at each event that may change them. */
final class ConcurrencyProbe {
    private final Instance[] instances;
    final ConcurrencyRecorder recorder = new ConcurrencyRecorder();

    ConcurrencyProbe(Instance[] instances) {
        this.instances = instances;
    }

    /** Records the counts that held since the previous observation, before the event at {@code nowNs} changes them. */
    void observe(long nowNs) {
        long running = 0;
        long waiting = 0;
        for (Instance in : instances) {
            running += in.scheduler.running.size();
            waiting += in.scheduler.waiting.size() + in.scheduler.arrivedWithKv.size();
        }
        recorder.observe(nowNs, running, waiting);
    }
}
