package dev.memwall.gate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with padded columns, the gate reports' format. */
final class TextTable {
    private final List<String[]> lines = new ArrayList<>();
    private final boolean[] rightAligned;

    /** A table with this header; {@code rightAligned[i]} right-aligns column {@code i} (numbers). */
    TextTable(String[] header, boolean... rightAligned) {
        this.rightAligned = rightAligned.clone();
        lines.add(header.clone());
    }

    void add(String... cells) {
        lines.add(cells.clone());
    }

    void print(PrintWriter out) {
        int columns = lines.get(0).length;
        int[] width = new int[columns];
        for (String[] l : lines) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        for (String[] l : lines) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String pad = " ".repeat(width[i] - l[i].length());
                boolean right = i < rightAligned.length && rightAligned[i];
                sb.append(right ? pad + l[i] : l[i] + pad).append(i + 1 < columns ? "  " : "");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** A number in 4 significant figures or so, scientific when very large or small. */
    static String number(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e7 || a < 1e-3)) {
            return String.format(Locale.US, "%.3e", v);
        }
        return String.format(Locale.US, a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f", v);
    }

    static String percent(double v) {
        return String.format(Locale.US, "%.0f%%", v * 100);
    }

    static String signedPercent(double v) {
        return String.format(Locale.US, "%+.1f%%", v * 100);
    }

    /** A benchmark name without the {@code dev.memwall.bench.} prefix every one of ours has. */
    static String shortName(String benchmark) {
        String prefix = "dev.memwall.bench.";
        return benchmark.startsWith(prefix) ? benchmark.substring(prefix.length()) : benchmark;
    }
}
