package dev.memwall.cli;

import java.io.PrintWriter;
import java.util.Locale;

import dev.memwall.sweep.PointResult;
import dev.memwall.sweep.Sweep;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Sweep progress: a progress bar (points, rate, ETA) on a terminal, plain lines every few seconds
 * otherwise (CI, pipes, files), or nothing.
 */
final class SweepProgress implements Sweep.Listener {
    /** How progress is shown. */
    enum Mode {
        BAR, LINES, NONE
    }

    private final Mode mode;
    private final PrintWriter out;
    private final long intervalNs;
    private ProgressBar bar;
    private long startNs;
    private long lastLineNs;
    private int toRun;

    SweepProgress(Mode mode, PrintWriter out, double intervalSeconds) {
        this.mode = mode;
        this.out = out;
        this.intervalNs = Math.round(intervalSeconds * 1e9);
    }

    /** A bar when stdin and stdout are a terminal, else lines. */
    static Mode auto() {
        return System.console() != null ? Mode.BAR : Mode.LINES;
    }

    @Override
    public void started(int toRun, int recorded, int selected, String where) {
        this.toRun = toRun;
        startNs = System.nanoTime();
        lastLineNs = startNs;
        if (mode == Mode.BAR && toRun > 0) {
            bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(toRun).setUnit(" pts", 1).showSpeed()
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
    }

    @Override
    public synchronized void recorded(PointResult r, int done, int total) {
        if (bar != null) {
            bar.step();
            return;
        }
        long now = System.nanoTime();
        if (mode == Mode.LINES && (now - lastLineNs >= intervalNs || done == total)) {
            lastLineNs = now;
            double s = (now - startNs) / 1e9;
            double rate = s > 0 ? done / s : 0;
            String eta = rate > 0 ? String.format(Locale.US, "%.0f s", (total - done) / rate) : "?";
            out.printf(Locale.US, "sweep: %d/%d points (%.0f%%), %.1f points/s, ETA %s%n", done, total,
                    100.0 * done / Math.max(1, total), rate, eta);
            out.flush();
        }
    }

    @Override
    public void finished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    int toRun() {
        return toRun;
    }
}
