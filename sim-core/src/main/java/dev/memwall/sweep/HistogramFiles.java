package dev.memwall.sweep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

import dev.memwall.output.AtomicFiles;

/**
 * Two percentile files per point, TPOT and TTFT ({@code hgrm/<name=label,...>.tpot.hgrm} and
 * {@code .ttft.hgrm}, values in ms, the format HdrHistogram's plotter reads), made from the
 * histograms a journal line holds.
 */
public final class HistogramFiles {
    /** The folder, in a sweep's output folder, that holds the files. */
    public static final String DIR = "hgrm";
    private static final double NS_PER_MS = 1e6;

    private HistogramFiles() {
    }

    /** {@code s} with characters that are unsafe in file names on some system replaced by '_'. */
    static String safe(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || "._+-=".indexOf(c) >= 0);
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    /** The latencies whose distribution each point keeps. */
    public enum Latency {
        TPOT, TTFT;

        /** How it appears in file names and plot titles' files: {@code tpot}, {@code ttft}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        String encoded(PointResult r) {
            return this == TPOT ? r.tpotHdr() : r.ttftHdr();
        }
    }

    /** The {@code latency} file of the point with these parameters, relative to the output folder. */
    public static String name(Map<String, String> params, Latency latency) {
        StringBuilder sb = new StringBuilder(DIR).append('/');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(first ? "" : ",").append(safe(e.getKey())).append('=').append(safe(e.getValue()));
            first = false;
        }
        return sb.append('.').append(latency.id()).append(".hgrm").toString();
    }

    /** Writes the point's files atomically unless they exist; nothing for an errored point. */
    static void writeIfMissing(Path outDir, PointResult r) throws IOException {
        for (Latency latency : Latency.values()) {
            writeIfMissing(outDir, r, latency);
        }
    }

    private static void writeIfMissing(Path outDir, PointResult r, Latency latency) throws IOException {
        String encoded = latency.encoded(r);
        if (encoded == null) {
            return;
        }
        Path file = outDir.resolve(name(r.params(), latency));
        if (java.nio.file.Files.exists(file)) {
            return;
        }
        Histogram h;
        try {
            h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IOException("a recorded " + latency + " histogram does not decode: " + e.getMessage(), e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (PrintStream ps = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(ps, 5, NS_PER_MS);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }
}
