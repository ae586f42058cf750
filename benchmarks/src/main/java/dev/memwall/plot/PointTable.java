package dev.memwall.plot;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.memwall.input.InputException;
import dev.memwall.sweep.Axis;
import dev.memwall.result.Metric;
import dev.memwall.sweep.PointsCsv;
import dev.memwall.sweep.Study;

/**
 * A study's {@code points.csv}, looked up by axis values: a chart names the axes it shows, and
 * every other axis is held at the study's {@code plots.fixed} value (else its first).
 */
final class PointTable {
    private final Study study;
    private final Map<String, double[]> rows = new HashMap<>();

    private PointTable(Study study) {
        this.study = study;
    }

    /**
     * Reads {@code csv}.
     *
     * @throws InputException when it is missing or written by another study
     */
    static PointTable read(Study study, Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new InputException("plot: " + csv + ": no such file (run 'sweep' first)");
        }
        PointTable t = new PointTable(study);
        List<String> expected = PointsCsv.header(study.grid());
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            if (!parser.getHeaderNames().equals(expected)) {
                throw new InputException("plot: " + csv + ": its columns are not those of study "
                        + study.fileName() + " (was it written by another study?)");
            }
            for (CSVRecord rec : parser) {
                Map<String, String> labels = new LinkedHashMap<>();
                for (Axis a : study.axes()) {
                    labels.put(a.name(), rec.get(a.name()));
                }
                double[] v = new double[Metric.values().length];
                for (Metric m : Metric.values()) {
                    String s = rec.get(m.csvColumn());
                    v[m.ordinal()] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
                }
                t.rows.put(labels.toString(), v);
            }
        }
        return t;
    }

    /** The point's parameters (axis name to label) at {@code at}, other axes at their fixed value. */
    Map<String, String> params(Map<Axis, String> at) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Axis a : study.axes()) {
            labels.put(a.name(), at.containsKey(a) ? at.get(a) : fixed(a));
        }
        return labels;
    }

    /** A metric at {@code at}; NaN when the point is not recorded yet or could not be simulated. */
    double value(Map<Axis, String> at, Metric m) {
        double[] r = rows.get(params(at).toString());
        return r == null ? Double.NaN : r[m.ordinal()];
    }

    /** The value a chart holds {@code a} at when it does not show it. */
    String fixed(Axis a) {
        return study.plotFixed().getOrDefault(a.name(), a.labels().get(0));
    }
}
