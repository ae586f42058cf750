package dev.memwall.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes each latency distribution's HdrHistogram percentile table ({@code <name>.hgrm}, values
 * in ms), the format HdrHistogram's plotter reads.
 */
public final class HgrmFiles {
    private static final double NS_PER_MS = 1e6;

    private HgrmFiles() {
    }

    public static void write(Path dir, LatencyRecorder latency) throws IOException {
        Files.createDirectories(dir);
        for (LatencyStat s : latency.all()) {
            try (OutputStream os = Files.newOutputStream(dir.resolve(s.name() + ".hgrm"));
                 PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8)) {
                s.histogram().outputPercentileDistribution(ps, 5, NS_PER_MS);
            }
        }
    }
}
