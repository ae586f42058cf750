package dev.memwall.compare;

import java.nio.file.Path;

import dev.memwall.result.Metric;
import dev.memwall.result.RunResult;

/**
 * One config's run in a comparison.
 *
 * @param label  how the report names it: the config's file name without {@code .json}
 * @param config the cluster config
 * @param result everything the run reports
 * @param series the run over simulated time
 */
public record ComparedRun(String label, Path config, RunResult result, TimeSeries series) {
    /** A metric of the run. */
    public double get(Metric m) {
        return result.get(m);
    }
}
