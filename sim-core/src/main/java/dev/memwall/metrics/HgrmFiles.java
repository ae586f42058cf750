package dev.memwall.metrics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dev.memwall.output.AtomicFiles;

/**
 * Writes each latency distribution's HdrHistogram percentile table ({@code <name>.hgrm}, values
 * in ms), the format HdrHistogram's plotter reads.
 */
public final class HgrmFiles {
    private static final double NS_PER_MS = 1e6;

    private HgrmFiles() {
    }

    /** The files {@link #write} writes in {@code dir}. */
    public static List<Path> files(Path dir) {
        return java.util.Arrays.stream(new LatencyRecorder().all()).map(s -> dir.resolve(s.name() + ".hgrm")).toList();
    }

    /** Writes each file whole through a temporary sibling (see {@link AtomicFiles}). */
    public static void write(Path dir, LatencyRecorder latency) throws IOException {
        for (LatencyStat s : latency.all()) {
            AtomicFiles.write(dir.resolve(s.name() + ".hgrm"), os -> {
                PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8);
                s.histogram().outputPercentileDistribution(ps, 5, NS_PER_MS);
                ps.flush();
            });
        }
    }
}
