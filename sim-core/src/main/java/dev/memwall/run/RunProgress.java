package dev.memwall.run;

/**
 * How far a {@code simulate} run has got, for a progress line on a terminal: told the trace's
 * request count before the first event, then, every heartbeat of simulated time, the simulated
 * time and the requests finished (completed or rejected).
 */
public interface RunProgress {
    /** The request count when it cannot be known before the run. */
    long UNKNOWN_TOTAL = -1;

    /** Reports nothing; {@code simulate} then prints LLMServingSim's heartbeat lines instead. */
    RunProgress NONE = new RunProgress() {
        @Override
        public void started(long totalRequests) {
        }

        @Override
        public void at(long simulatedNs, long finishedRequests) {
        }

        @Override
        public void finished() {
        }
    };

    /** Before the first event: how many requests the trace holds, or {@link #UNKNOWN_TOTAL}. */
    void started(long totalRequests);

    /** At a heartbeat: the simulated time and the requests completed or rejected so far. */
    void at(long simulatedNs, long finishedRequests);

    /** After the last event, before the results are printed. */
    void finished();
}
