package dev.memwall.pim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.memwall.input.InputException;
import dev.memwall.input.ShippedFiles;
import dev.memwall.input.Range;

/**
 * Reads a PIM device ini (DRAMSim3's format, as in LLMServingSim's {@code configs/pim/}) strictly:
 * {@code [section]} headers, {@code key = value} lines, blank lines and {@code ;} or {@code #}
 * comments (a {@code #} comment may also end a line). Sections only organise the file, so a key
 * must appear once in the whole file: LLMServingSim's loader flattens the sections and silently
 * keeps the last of two, which memwall refuses. Any other line, a repeated key, a missing or
 * needed value outside {@link #VALUES} is an {@link InputException} naming the file and line.
 */
public final class PimIniReader {
    private static final List<String> NEEDED = List.of("bankgroups", "banks_per_group", "rows", "columns",
            "device_width", "CL", "tCK", "bus_width", "channel_size", "data_rate", "idle_power", "peak_power");

    /** Every number a PIM ini gives: cycles, ns, bits, rows, MB, MT/s, mW. */
    public static final Range VALUES = Range.positiveAtMost(1_000_000);

    private PimIniReader() {
    }

    /** A value and the line it came from. */
    private record Entry(String text, int line) {
    }

    /**
     * Reads {@code file}; the spec is named by its stem.
     *
     * @throws InputException when the file is missing, unreadable or does not parse
     */
    public static PimSpec read(Path file) {
        String where = file.toString();
        List<String> lines;
        try {
            try (java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(ShippedFiles.open(file), StandardCharsets.UTF_8))) {
                lines = in.lines().toList();
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        } catch (NoSuchFileException e) {
            throw InputException.at(where, "no such PIM config file");
        } catch (IOException e) {
            throw InputException.at(where, "cannot read: " + e.getMessage());
        }
        String stem = file.getFileName().toString().replaceFirst("\\.ini$", "");
        return spec(stem, where, entries(where, lines));
    }

    private static Map<String, Entry> entries(String where, List<String> lines) {
        Map<String, Entry> out = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw InputException.at(where + ":" + lineNo, "a section header must be [name] (got '" + line + "')");
                }
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq).strip() : "";
            String value = eq > 0 ? line.substring(eq + 1).strip() : "";
            if (key.isEmpty() || value.isEmpty() || key.contains(" ")) {
                throw InputException.at(where + ":" + lineNo, "expected 'key = value' or [section] (got '" + line + "')");
            }
            Entry first = out.putIfAbsent(key, new Entry(value, lineNo));
            if (first != null) {
                throw InputException.at(where + ":" + lineNo, "key '" + key + "' already set on line " + first.line()
                        + " (sections do not scope keys: each key once per file)");
            }
        }
        return out;
    }

    private static PimSpec spec(String stem, String where, Map<String, Entry> e) {
        for (String key : NEEDED) {
            if (!e.containsKey(key)) {
                throw InputException.at(where, "missing key '" + key + "' (a PIM config needs "
                        + String.join(", ", NEEDED) + ")");
            }
        }
        if (whole(where, e, "device_width") > whole(where, e, "bus_width")) {
            throw InputException.at(where + ":" + e.get("device_width").line(), "device_width "
                    + e.get("device_width").text() + " is wider than bus_width " + e.get("bus_width").text()
                    + " (a rank needs at least one device)");
        }
        return new PimSpec(stem, whole(where, e, "bankgroups"), whole(where, e, "banks_per_group"),
                whole(where, e, "rows"), whole(where, e, "columns"), whole(where, e, "device_width"),
                positive(where, e, "CL"), positive(where, e, "tCK"), whole(where, e, "bus_width"),
                whole(where, e, "channel_size"), positive(where, e, "data_rate"), positive(where, e, "idle_power"),
                positive(where, e, "peak_power"));
    }

    private static double positive(String where, Map<String, Entry> e, String key) {
        Entry v = e.get(key);
        double d;
        try {
            d = Double.parseDouble(v.text());
        } catch (NumberFormatException ex) {
            throw InputException.at(where + ":" + v.line(), key + ": not a number (got '" + v.text() + "')");
        }
        if (!VALUES.contains(d)) {
            throw InputException.at(where + ":" + v.line(), key + ": must be " + VALUES.describe() + " (got "
                    + v.text() + ")");
        }
        return d;
    }

    private static long whole(String where, Map<String, Entry> e, String key) {
        Entry v = e.get(key);
        if (!v.text().matches("[0-9]{1,12}")) {
            throw InputException.at(where + ":" + v.line(), key + ": must be a whole number (got '" + v.text() + "')");
        }
        long n = Long.parseLong(v.text());
        if (!VALUES.contains(n)) {
            throw InputException.at(where + ":" + v.line(), key + ": must be " + VALUES.describe() + " (got "
                    + v.text() + ")");
        }
        return n;
    }

    /** {@code <pimDir>/<name>.ini}, read; {@code where} names the config entry that asked for it. */
    public static PimSpec load(Path pimDir, String name, String where) {
        Path file = pimDir.resolve(name + ".ini");
        if (!ShippedFiles.isFile(file)) {
            throw InputException.at(where, String.format(Locale.US, "PIM config '%s' not found (no %s; set"
                    + " --pim-dir to the folder of PIM inis, LLMServingSim's configs/pim)", name, file));
        }
        return read(file);
    }
}
