package dev.memwall.sweep;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.memwall.result.Metric;
import dev.memwall.metrics.FixedPoint;
import dev.memwall.output.AtomicFiles;

/**
 * {@code points.csv}: one row per recorded point of the study's grid, in grid order, with
 * {@code point} (its grid index), one column per axis (the value's label), {@code seed}, every
 * {@link Metric}, and {@code error} (empty unless the point could not be simulated). Simulated
 * results only, in fixed decimals: the same recorded points give the same bytes, whatever the
 * thread count, shards, members or interruptions that produced them.
 */
public final class PointsCsv {
    public static final String FILE = "points.csv";
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private PointsCsv() {
    }

    /** The header: point, the axes, seed, the metrics, error. */
    public static List<String> header(Grid grid) {
        List<String> h = new ArrayList<>();
        h.add("point");
        for (Axis a : grid.axes()) {
            h.add(a.name());
        }
        h.add("seed");
        for (Metric m : Metric.values()) {
            h.add(m.csvColumn());
        }
        h.add("error");
        return h;
    }

    /**
     * Writes {@code dir/points.csv} atomically from the records that belong to {@code grid}.
     *
     * @return the number of rows
     */
    static int write(Path dir, Grid grid, Map<String, PointResult> records) throws IOException {
        PointResult[] byIndex = new PointResult[grid.size()];
        int rows = 0;
        for (PointResult r : records.values()) {
            int i = grid.indexOf(r.params());
            if (i >= 0) {
                byIndex[i] = r;
                rows++;
            }
        }
        StringWriter text = new StringWriter(256 * (rows + 1));
        try (CSVPrinter p = new CSVPrinter(text, FORMAT)) {
            p.printRecord(header(grid));
            List<String> row = new ArrayList<>();
            StringBuilder sb = new StringBuilder(16);
            for (int i = 0; i < byIndex.length; i++) {
                PointResult r = byIndex[i];
                if (r == null) {
                    continue;
                }
                row.clear();
                row.add(Integer.toString(i));
                for (Axis a : grid.axes()) {
                    row.add(r.params().get(a.name()));
                }
                row.add(Long.toString(r.seed()));
                for (Metric m : Metric.values()) {
                    if (r.error() != null || Double.isNaN(r.metric(m))) {
                        row.add("");
                    } else if (m.decimals() < 0) {
                        row.add(Long.toString(Math.round(r.metric(m))));
                    } else {
                        sb.setLength(0);
                        row.add(FixedPoint.append(sb, r.metric(m), m.decimals()).toString());
                    }
                }
                row.add(r.error() == null ? "" : r.error());
                p.printRecord(row);
            }
        }
        AtomicFiles.write(dir.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
        return rows;
    }
}
