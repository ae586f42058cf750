package dev.memwall.cli;

import java.util.Locale;

import dev.memwall.run.RunProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code simulate}'s progress on a terminal: one updating line on stderr with the requests
 * finished of the trace's total, the simulated time and the wall-clock ETA, in place of
 * LLMServingSim's heartbeat lines (which {@code --log-interval} asks for).
 */
final class SimulateProgress implements RunProgress {
    /** Simulated time between two updates of the line. */
    static final long INTERVAL_NS = 100_000_000L;

    /** Wall time between two calls into the bar, which costs tens of microseconds a call. */
    private static final long WALL_UPDATE_NS = 100_000_000L;

    private ProgressBar bar;
    private long lastUpdateWallNs;
    private long lastSimulatedNs;
    private long lastFinished;

    /**
     * Whether {@code simulate} shows the progress line: on a terminal, at the default log level,
     * unless {@code --log-interval} was given (heartbeat lines asked for).
     */
    static boolean wanted(boolean terminal, boolean logIntervalGiven, String logLevel) {
        return terminal && !logIntervalGiven && logLevel.equals("WARNING");
    }

    @Override
    public void started(long totalRequests) {
        bar = new ProgressBarBuilder().setTaskName("simulate").setInitialMax(Math.max(totalRequests, -1))
                .setUnit(" req", 1).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public void at(long simulatedNs, long finishedRequests) {
        lastSimulatedNs = simulatedNs;
        lastFinished = finishedRequests;
        long now = System.nanoTime();
        if (now - lastUpdateWallNs < WALL_UPDATE_NS) {
            return;
        }
        lastUpdateWallNs = now;
        update(simulatedNs, finishedRequests);
    }

    private void update(long simulatedNs, long finishedRequests) {
        if (finishedRequests > bar.getMax() && bar.getMax() >= 0) {
            bar.maxHint(finishedRequests);
        }
        bar.stepTo(finishedRequests);
        bar.setExtraMessage(String.format(Locale.US, " %.1f s simulated", simulatedNs / 1e9));
    }

    @Override
    public void finished() {
        // The last heartbeat's figures, whatever the throttle skipped.
        update(lastSimulatedNs, lastFinished);
        bar.close();
    }
}
