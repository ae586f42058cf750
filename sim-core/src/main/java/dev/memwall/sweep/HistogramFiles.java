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
 * One TPOT percentile file per point ({@code hgrm/<name=label,...>.tpot.hgrm}, values in ms, the
 * format HdrHistogram's plotter reads), made from the histogram a journal line holds.
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

    /** The file of the point with these parameters, relative to the output folder. */
    public static String name(Map<String, String> params) {
        StringBuilder sb = new StringBuilder(DIR).append('/');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(first ? "" : ",").append(safe(e.getKey())).append('=').append(safe(e.getValue()));
            first = false;
        }
        return sb.append(".tpot.hgrm").toString();
    }

    /** Writes the point's file atomically unless it exists; nothing for an errored point. */
    static void writeIfMissing(Path outDir, PointResult r) throws IOException {
        if (r.tpotHdr() == null) {
            return;
        }
        Path file = outDir.resolve(name(r.params()));
        if (java.nio.file.Files.exists(file)) {
            return;
        }
        Histogram h;
        try {
            h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(r.tpotHdr())), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IOException("a recorded TPOT histogram does not decode: " + e.getMessage(), e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (PrintStream ps = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(ps, 5, NS_PER_MS);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }
}
