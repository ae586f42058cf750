package dev.memwall.sweep.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.memwall.input.InputException;
import dev.memwall.output.AtomicFiles;
import dev.memwall.sweep.Axis;
import dev.memwall.sweep.Metric;
import dev.memwall.sweep.PointsCsv;
import dev.memwall.sweep.Study;

/**
 * Draws a study's plots from its {@code points.csv}, as PNG files beside it:
 * <ul>
 *   <li>{@code tpot-vs-cxl-bandwidth.png}: TPOT p50 (dashed) and p99 (solid) against CXL bandwidth
 *       per device, one pair of lines per device count;
 *   <li>{@code tpot-p99-heatmap.png}: TPOT p99 over CXL latency x bandwidth, one cell per point;
 *   <li>{@code throughput-vs-arrival-rate.png}: throughput against arrival rate, one line per
 *       placement, with the offered load dashed.
 * </ul>
 * Axes are found by their paths ({@code cxl_mem.mem_bw}, {@code cxl_mem.mem_latency},
 * {@code cxl_mem.num_devices}, {@code ...placement}, {@code workload.arrival_rate}); axes a chart
 * does not show are held at the study's {@code plots.fixed} value, else at their first value,
 * and the title says where. A plot whose axes the study lacks is skipped with a note; points not
 * recorded yet, or not simulable, leave a gap.
 */
public final class StudyPlots {
    public static final String TPOT_VS_BANDWIDTH = "tpot-vs-cxl-bandwidth.png";
    public static final String TPOT_HEATMAP = "tpot-p99-heatmap.png";
    public static final String THROUGHPUT_VS_RATE = "throughput-vs-arrival-rate.png";
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 640;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private final Study study;
    private final Map<String, double[]> rows = new HashMap<>();
    private final Axis bandwidth;
    private final Axis latency;
    private final Axis devices;
    private final Axis placement;
    private final Axis rate;

    private StudyPlots(Study study) {
        this.study = study;
        this.bandwidth = axis(p -> p.equals("cxl_mem.mem_bw"));
        this.latency = axis(p -> p.equals("cxl_mem.mem_latency"));
        this.devices = axis(p -> p.equals("cxl_mem.num_devices"));
        this.placement = axis(p -> p.equals("placement") || p.endsWith(".placement"));
        this.rate = axis(p -> p.equals("workload.arrival_rate"));
    }

    /**
     * Draws every plot the study's axes allow from {@code outDir/points.csv}.
     *
     * @return one line per plot: what was written, or why not
     * @throws InputException when points.csv is missing or not this study's
     */
    public static List<String> write(Study study, Path outDir) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        StudyPlots p = new StudyPlots(study);
        p.read(outDir.resolve(PointsCsv.FILE));
        List<String> lines = new ArrayList<>();
        lines.add(p.tpotVsBandwidth(outDir.resolve(TPOT_VS_BANDWIDTH)));
        lines.add(p.heatmap(outDir.resolve(TPOT_HEATMAP)));
        lines.add(p.throughputVsRate(outDir.resolve(THROUGHPUT_VS_RATE)));
        return lines;
    }

    private Axis axis(Predicate<String> path) {
        return study.axes().stream().filter(a -> path.test(a.path())).findFirst().orElse(null);
    }

    private void read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new InputException("plot: " + csv + ": no such file (run 'sweep' first)");
        }
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
                    String s = rec.get(m.column());
                    v[m.ordinal()] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
                }
                rows.put(labels.toString(), v);
            }
        }
    }

    /** The row at these labels (axes not given at their fixed value), or null. */
    private double[] row(Map<Axis, String> at) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Axis a : study.axes()) {
            labels.put(a.name(), at.containsKey(a) ? at.get(a) : fixed(a));
        }
        return rows.get(labels.toString());
    }

    private String fixed(Axis a) {
        return study.plotFixed().getOrDefault(a.name(), a.labels().get(0));
    }

    /** ", at cxl_latency=150 ns, placement=weights-cxl" for the axes a chart holds fixed. */
    private String heldAt(Axis... shown) {
        List<String> parts = new ArrayList<>();
        for (Axis a : study.axes()) {
            if (!List.of(shown).contains(a) && a.size() > 1) {
                parts.add(a.name() + "=" + fixed(a) + (unit(a).isEmpty() ? "" : " " + unit(a)));
            }
        }
        return parts.isEmpty() ? "" : ", at " + String.join(", ", parts);
    }

    private String unit(Axis a) {
        if (a.unit() != null) {
            return a.unit();
        }
        if (a == bandwidth) {
            return "GB/s";
        }
        if (a == latency) {
            return "ns";
        }
        if (a == rate) {
            return "req/s";
        }
        return "";
    }

    private String title(Axis a, String what) {
        String u = unit(a);
        return what + (u.isEmpty() ? "" : " (" + u + ")");
    }

    private String tpotVsBandwidth(Path file) throws IOException {
        if (bandwidth == null) {
            return "no " + TPOT_VS_BANDWIDTH + ": the study has no cxl_mem.mem_bw axis";
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("TPOT vs CXL bandwidth" + heldAt(bandwidth, devices))
                .xAxisTitle(title(bandwidth, "CXL bandwidth per device") + (logScale(bandwidth) ? ", log scale" : ""))
                .yAxisTitle("TPOT (ms)").build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(logScale(bandwidth));
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        List<String> groups = devices == null ? List.of("") : devices.labels();
        int lines = 0;
        for (int g = 0; g < groups.size(); g++) {
            String name = devices == null ? "" : groups.get(g) + (groups.get(g).equals("1") ? " device" : " devices");
            for (boolean p99 : new boolean[] {true, false}) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (String bw : bandwidth.labels()) {
                    Map<Axis, String> at = new HashMap<>();
                    at.put(bandwidth, bw);
                    if (devices != null) {
                        at.put(devices, groups.get(g));
                    }
                    double[] r = row(at);
                    double v = r == null ? Double.NaN : r[(p99 ? Metric.TPOT_P99_MS : Metric.TPOT_P50_MS).ordinal()];
                    if (!Double.isNaN(v)) {
                        x.add(number(bandwidth, bw));
                        y.add(v);
                    }
                }
                if (x.isEmpty()) {
                    continue;
                }
                XYSeries s = chart.addSeries((name + (p99 ? " p99" : " p50")).trim(), x, y);
                s.setLineColor(PALETTE[g % PALETTE.length]);
                s.setMarkerColor(PALETTE[g % PALETTE.length]);
                s.setMarker(p99 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
                s.setLineStyle(p99 ? new BasicStroke(2f)
                        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
                lines++;
            }
        }
        if (lines == 0) {
            return "no " + TPOT_VS_BANDWIDTH + ": no recorded points on it yet";
        }
        save(chart, file);
        return "wrote " + file + " (" + lines + " lines)";
    }

    private String heatmap(Path file) throws IOException {
        if (bandwidth == null || latency == null) {
            return "no " + TPOT_HEATMAP + ": the study needs cxl_mem.mem_bw and cxl_mem.mem_latency axes";
        }
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < bandwidth.size(); i++) {
            for (int j = 0; j < latency.size(); j++) {
                double[] r = row(Map.of(bandwidth, bandwidth.labels().get(i), latency, latency.labels().get(j)));
                double v = r == null ? Double.NaN : r[Metric.TPOT_P99_MS.ordinal()];
                if (!Double.isNaN(v)) {
                    cells.add(new Number[] {i, j, v});
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (cells.isEmpty()) {
            return "no " + TPOT_HEATMAP + ": no recorded points on it yet";
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title("TPOT p99 (ms) by CXL latency and bandwidth" + heldAt(bandwidth, latency))
                .xAxisTitle(title(bandwidth, "CXL bandwidth per device")).yAxisTitle(title(latency, "CXL latency"))
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setChartTitleFont(TITLE_FONT);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setHeatMapValueDecimalPattern("#,##0.0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xfff5eb), new Color(0xfd8d3c), new Color(0x7f2704)});
        chart.getStyler().setMin(min);
        chart.getStyler().setMax(max > min ? max : min + 1);
        chart.addSeries("TPOT p99 (ms)", bandwidth.labels(), latency.labels(), cells);
        save(chart, file);
        return "wrote " + file + " (" + cells.size() + " cells)";
    }

    private String throughputVsRate(Path file) throws IOException {
        if (rate == null) {
            return "no " + THROUGHPUT_VS_RATE + ": the study has no workload.arrival_rate axis";
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Throughput vs arrival rate" + heldAt(rate, placement))
                .xAxisTitle(title(rate, "Arrival rate")).yAxisTitle("Throughput (req/s)").build();
        style(chart);
        List<String> groups = placement == null ? List.of("") : placement.labels();
        int lines = 0;
        double top = 0;
        for (int g = 0; g < groups.size(); g++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String rr : rate.labels()) {
                Map<Axis, String> at = new HashMap<>();
                at.put(rate, rr);
                if (placement != null) {
                    at.put(placement, groups.get(g));
                }
                double[] r = row(at);
                double v = r == null ? Double.NaN : r[Metric.THROUGHPUT_RPS.ordinal()];
                if (!Double.isNaN(v)) {
                    x.add(number(rate, rr));
                    y.add(v);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(placement == null ? "throughput" : groups.get(g), x, y);
            s.setLineColor(PALETTE[g % PALETTE.length]);
            s.setMarkerColor(PALETTE[g % PALETTE.length]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
            lines++;
        }
        if (lines == 0) {
            return "no " + THROUGHPUT_VS_RATE + ": no recorded points on it yet";
        }
        for (String rr : rate.labels()) {
            top = Math.max(top, number(rate, rr));
        }
        XYSeries offered = chart.addSeries("offered load", new double[] {0, top}, new double[] {0, top});
        offered.setLineColor(Color.GRAY);
        offered.setMarker(SeriesMarkers.NONE);
        offered.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 6f}, 0f));
        save(chart, file);
        return "wrote " + file + " (" + lines + " lines)";
    }

    /** Writes the chart as PNG through a temporary sibling, so no reader sees half a file. */
    private static void save(IChart chart, Path file) throws IOException {
        AtomicFiles.write(file, ChartEncoder.getBytes(chart, "png"));
    }

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setChartTitleFont(TITLE_FONT);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(8);
    }

    private static boolean logScale(Axis a) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (String l : a.labels()) {
            double v = number(a, l);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return lo > 0 && hi / lo >= 8;
    }

    private static double number(Axis a, String label) {
        try {
            return Double.parseDouble(label);
        } catch (NumberFormatException e) {
            throw new InputException("plot: axis '" + a.name() + "' value '" + label + "' is not a number");
        }
    }
}
