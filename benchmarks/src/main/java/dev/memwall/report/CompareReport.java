package dev.memwall.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.memwall.compare.CompareTable;
import dev.memwall.compare.ComparedRun;

/**
 * Writes a comparison's report into a folder: the PNG plots, {@code report.md} (table, verdict,
 * plots by file name) and {@code report.html} (the same, self-contained: the plots inlined as
 * data URIs). Every file goes through a temporary sibling, so none is ever half written.
 */
public final class CompareReport {
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";

    /**
     * What the report says about its inputs.
     *
     * @param title  the heading
     * @param inputs lines describing the trace, options and price book, in order
     */
    public record Header(String title, List<String> inputs) {
        public Header {
            inputs = List.copyOf(inputs);
        }
    }

    private CompareReport() {
    }

    /** Writes every file; returns their paths. */
    public static List<Path> write(Path dir, Header header, List<ComparedRun> runs, CompareTable table, String verdict)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, byte[]> plots = CompareCharts.draw(runs);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : plots.entrySet()) {
            written.add(atomically(dir.resolve(e.getKey()), e.getValue()));
        }
        written.add(atomically(dir.resolve(MARKDOWN), markdown(header, table, verdict, plots).getBytes(
                StandardCharsets.UTF_8)));
        written.add(atomically(dir.resolve(HTML), html(header, table, verdict, plots).getBytes(StandardCharsets.UTF_8)));
        return written;
    }

    static String markdown(Header h, CompareTable table, String verdict, Map<String, byte[]> plots) {
        StringBuilder md = new StringBuilder("# ").append(h.title()).append("\n\n");
        for (String line : h.inputs()) {
            md.append("- ").append(line).append('\n');
        }
        md.append("\n## Verdict\n\n").append(verdict).append("\n\n## Side by side\n\n")
                .append("Each later column's change is against the first.\n\n").append(table.markdown())
                .append("\n## Plots\n\n");
        for (String name : plots.keySet()) {
            md.append("![").append(name.replace(".png", "")).append("](").append(name).append(")\n\n");
        }
        return md.toString();
    }

    static String html(Header h, CompareTable table, String verdict, Map<String, byte[]> plots) {
        StringBuilder b = new StringBuilder(1 << 20);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(h.title()))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px}"
                        + "td{text-align:right}td:first-child,th:first-child{text-align:left}"
                        + "tr:nth-child(even){background:#f6f6f6}img{max-width:100%;margin:1em 0}</style>"
                        + "</head><body>\n<h1>").append(esc(h.title())).append("</h1>\n<ul>");
        for (String line : h.inputs()) {
            b.append("<li>").append(esc(line)).append("</li>");
        }
        b.append("</ul>\n<h2>Verdict</h2>\n<p>").append(esc(verdict)).append("</p>\n<h2>Side by side</h2>\n")
                .append("<p>Each later column's change is against the first.</p>\n<table><tr><th>metric</th>");
        for (String l : table.labels()) {
            b.append("<th>").append(esc(l)).append("</th>");
        }
        b.append("</tr>\n");
        for (CompareTable.Row r : table.rows()) {
            b.append("<tr><td>").append(esc(r.name())).append("</td>");
            for (int k = 0; k < table.labels().size(); k++) {
                b.append("<td>").append(esc(r.cell(k))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<h2>Plots</h2>\n");
        for (Map.Entry<String, byte[]> e : plots.entrySet()) {
            b.append("<img alt=\"").append(esc(e.getKey())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(e.getValue())).append("\">\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Path atomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
