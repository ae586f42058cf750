package dev.memwall.calibrate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.input.InputException;
import dev.memwall.input.JsonFiles;

/**
 * Writes calibrated hardware and engine files: the base file's tree with every fitted number
 * replaced and given a source that names the data and the fit, written to a temporary file beside
 * the target and moved over it, so that a failure never leaves a half-written file. Numbers are
 * rounded to {@link #SIGNIFICANT} significant digits, enough that a refit reproduces them exactly.
 */
public final class CalibratedFiles {
    static final int SIGNIFICANT = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CalibratedFiles() {
    }

    /** {@code v} to {@link #SIGNIFICANT} significant digits, as a plain number. */
    public static BigDecimal round(double v) {
        if (v == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(SIGNIFICANT));
        return d.scale() < 0 ? d.setScale(0) : d.stripTrailingZeros().scale() < 0 ? d.setScale(0) : d.stripTrailingZeros();
    }

    /** The base file's tree, to be changed and written. */
    public static ObjectNode read(Path base) {
        return (ObjectNode) JsonFiles.readObject(base).deepCopy();
    }

    /** Sets {@code object.key} to {@code {"value": round(v), "source": source}}. */
    public static void set(ObjectNode object, String key, double value, String source) {
        ObjectNode sourced = JSON.createObjectNode();
        sourced.put("value", round(value));
        sourced.put("source", source);
        object.set(key, sourced);
    }

    /** Marks the file calibrated against {@code against}. */
    public static void calibrated(ObjectNode root, String against) {
        ObjectNode c = JSON.createObjectNode();
        c.put("status", "calibrated");
        c.put("against", against);
        root.set("calibration", c);
    }

    /** Writes {@code root} to {@code file}, two-space indented, ending in a newline, atomically. */
    public static void write(ObjectNode root, Path file) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            String text = JSON.writer(printer).writeValueAsString(root).replace("\" : ", "\": ") + "\n";
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path temp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw InputException.at(file.toString(), "cannot write (" + e.getMessage() + ")");
        }
    }

    /** {@code median |err| 4.1 %, bias +0.3 %, p90 9.8 % over 608 gemm rows}. */
    public static String describe(Residuals.Row r) {
        return String.format(Locale.US, "median |err| %.1f %%, bias %+.1f %%, p90 %.1f %% over %d %s rows",
                r.medianAbsPct(), r.meanPct(), r.p90AbsPct(), r.samples(), r.label());
    }

    /** The residual rows of {@code labels}, described and joined. */
    public static String describe(List<Residuals.Row> rows, List<String> labels) {
        StringBuilder s = new StringBuilder();
        for (Residuals.Row r : rows) {
            if (labels.contains(r.label())) {
                s.append(s.length() == 0 ? "" : "; ").append(describe(r));
            }
        }
        return s.toString();
    }
}
