package dev.memwall.sweep;

import java.util.function.Consumer;

/** Where points run: worker threads here ({@link LocalExecutor}) or members of a cluster. */
public interface PointExecutor {
    /**
     * Runs the points at {@code indices} of {@code source}, each exactly until one result is
     * handed to {@code sink}, from any thread. Returns when every point has a result; if
     * {@code sink} throws, stops handing out points and rethrows that exception.
     */
    void run(PointSource source, int[] indices, Consumer<PointResult> sink) throws InterruptedException;

    /** Where the points run, for the progress lines, e.g. {@code 2 threads}. */
    String describe();
}
