package dev.memwall.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.memwall.input.InputException;
import dev.memwall.sweep.Axis;
import dev.memwall.sweep.HistogramFiles;
import dev.memwall.result.Metric;
import dev.memwall.sweep.PointsCsv;
import dev.memwall.sweep.Study;

/**
 * Draws a study's plots from its {@code points.csv}, each as PNG and SVG beside it, from whatever
 * axes the study has:
 * <ul>
 *   <li>{@code tpot-vs-<x>}: TPOT p99 (solid, circles) and p50 (dashed, diamonds) against the
 *       main numeric axis {@code x} (CXL bandwidth when swept), one colour per value of a second
 *       axis (the device count when swept), a log axis labelled at the swept values where they
 *       span decades, and the bandwidth beyond which the GPU's host link, not CXL, is the limit;
 *   <li>{@code tpot-p99-heatmap}: TPOT p99 over two numeric axes (CXL latency x bandwidth when
 *       swept), a cell per point ({@link Heatmap});
 *   <li>{@code throughput-vs-arrival-rate}: throughput against the arrival rate, a line per value
 *       of another axis, the offered load dotted;
 *   <li>{@code tpot-cdf}, {@code ttft-cdf}: the TPOT and TTFT distributions of each point along
 *       {@code x} ({@link CdfPlot}).
 * </ul>
 * Axes a chart does not show are held at the study's {@code plots.fixed} value, else at their
 * first value, and the title says where. A study with no axis of two or more numbers gets one line
 * saying no plot fits; points not recorded yet, or not simulable, leave gaps.
 */
public final class StudyPlots {
    public static final String TPOT_VS_BANDWIDTH = "tpot-vs-cxl-bandwidth.png";
    public static final String TPOT_HEATMAP = Heatmap.FILE + ".png";
    public static final String THROUGHPUT_VS_RATE = "throughput-vs-arrival-rate.png";

    private final Study study;
    private final PointTable table;
    private final Path outDir;
    private final Axis bandwidth;
    private final Axis latency;
    private final Axis devices;
    private final Axis rate;

    private StudyPlots(Study study, PointTable table, Path outDir) {
        this.study = study;
        this.table = table;
        this.outDir = outDir;
        this.bandwidth = axis(p -> p.equals("cxl_mem.mem_bw"));
        this.latency = axis(p -> p.equals("cxl_mem.mem_latency"));
        this.devices = axis(p -> p.equals("cxl_mem.num_devices"));
        this.rate = axis(p -> p.equals("workload.arrival_rate"));
    }

    /**
     * Draws every plot the study's axes allow from {@code outDir/points.csv}.
     *
     * @return one line per plot: what was written, or why not; one line when no plot fits
     * @throws InputException when points.csv is missing or not this study's
     */
    public static List<String> write(Study study, Path outDir) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        StudyPlots p = new StudyPlots(study, PointTable.read(study, outDir.resolve(PointsCsv.FILE)), outDir);
        Axis x = p.mainAxis();
        if (x == null) {
            return List.of("no plot fits this study: plots need an axis of two or more numbers (axes: "
                    + String.join(", ", study.axes().stream().map(a -> a.name() + " (" + a.size() + ")").toList()) + ")");
        }
        Axis group = p.groupAxis(x);
        List<Callable<String>> plots = new ArrayList<>();
        plots.add(() -> p.tpotVs(x, group));
        plots.add(() -> new Heatmap(study, p.table, p.heatmapAxes(x)).draw(outDir));
        plots.add(p::throughputVsRate);
        for (HistogramFiles.Latency latency : HistogramFiles.Latency.values()) {
            plots.add(() -> new CdfPlot(study, p.table, x, latency).draw(outDir));
        }
        List<String> lines = drawAll(plots);
        lines.removeIf(String::isEmpty);
        return lines;
    }

    /**
     * Draws the plots on up to one thread per core (each chart and file is its own; rendering is
     * most of a short sweep's tail) and returns their lines in the given order.
     */
    private static List<String> drawAll(List<Callable<String>> plots) throws IOException {
        int threads = Math.min(plots.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "memwall-plot");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> drawn = pool.invokeAll(plots);
            List<String> lines = new ArrayList<>();
            for (Future<String> f : drawn) {
                lines.add(f.get());
            }
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while drawing plots");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private Axis axis(Predicate<String> path) {
        return study.axes().stream().filter(a -> path.test(a.path())).findFirst().orElse(null);
    }

    /** CXL bandwidth when swept, else the first axis of two or more numbers; null when none. */
    private Axis mainAxis() {
        if (bandwidth != null && numeric(bandwidth) && bandwidth.size() > 1) {
            return bandwidth;
        }
        return study.axes().stream().filter(a -> a.size() > 1 && numeric(a) && a != rate).findFirst()
                .orElse(rate != null && rate.size() > 1 ? rate : null);
    }

    /** The device count when swept, else the first other axis of 2-8 values; null when none. */
    private Axis groupAxis(Axis x) {
        if (devices != null && devices != x && devices.size() > 1) {
            return devices;
        }
        return study.axes().stream().filter(a -> a != x && a.size() > 1 && a.size() <= ChartFiles.COLOURS)
                .findFirst().orElse(null);
    }

    /** CXL bandwidth x latency when both are swept, else the main axis and the next numeric one. */
    private Axis[] heatmapAxes(Axis x) {
        if (bandwidth != null && latency != null && numeric(bandwidth) && numeric(latency)) {
            return new Axis[] {bandwidth, latency};
        }
        Axis y = study.axes().stream().filter(a -> a != x && a.size() > 1 && numeric(a)).findFirst().orElse(null);
        return y == null ? null : new Axis[] {x, y};
    }

    static boolean numeric(Axis a) {
        return a.labels().stream().allMatch(l -> l.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?"));
    }

    static double number(String label) {
        return Double.parseDouble(label);
    }

    /** {@code x (unit)}, with the unit the study gives or the one its path implies. */
    static String title(Axis a) {
        String u = unit(a);
        return a.name() + (u.isEmpty() ? "" : " (" + u + ")");
    }

    static String unit(Axis a) {
        if (a.unit() != null) {
            return a.unit();
        }
        return switch (a.path()) {
            case "cxl_mem.mem_bw" -> "GB/s per device";
            case "cxl_mem.mem_latency" -> "ns";
            case "cxl_mem.mem_size" -> "GB";
            case "workload.arrival_rate" -> "req/s";
            default -> "";
        };
    }

    /** ", at cxl_latency=150 ns, placement=weights-cxl" for the axes a chart holds fixed. */
    static String heldAt(Study study, PointTable table, List<Axis> shown) {
        List<String> parts = new ArrayList<>();
        for (Axis a : study.axes()) {
            if (!shown.contains(a) && a.size() > 1) {
                parts.add(a.name() + "=" + table.fixed(a) + (unit(a).isEmpty() ? "" : " " + unit(a).split(" ")[0]));
            }
        }
        return parts.isEmpty() ? "" : ", at " + String.join(", ", parts);
    }

    private List<Axis> shown(Axis... axes) {
        List<Axis> list = new ArrayList<>();
        for (Axis a : axes) {
            if (a != null) {
                list.add(a);
            }
        }
        return list;
    }

    private String tpotVs(Axis x, Axis group) throws IOException {
        String stem = x == bandwidth ? TPOT_VS_BANDWIDTH.replace(".png", "") : "tpot-vs-" + x.name();
        XYChart chart = new XYChartBuilder().width(ChartFiles.WIDTH).height(ChartFiles.HEIGHT)
                .title("TPOT vs " + x.name() + heldAt(study, table, shown(x, group)))
                .xAxisTitle(title(x)).yAxisTitle("TPOT (ms)").build();
        ChartFiles.style(chart);
        List<String> groups = group == null ? List.of("") : group.labels();
        double lo = Double.POSITIVE_INFINITY;
        int lines = 0;
        for (int g = 0; g < groups.size(); g++) {
            for (boolean p99 : new boolean[] {true, false}) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (String label : x.labels()) {
                    Map<Axis, String> at = new HashMap<>();
                    at.put(x, label);
                    if (group != null) {
                        at.put(group, groups.get(g));
                    }
                    double v = table.value(at, p99 ? Metric.TPOT_P99 : Metric.TPOT_P50);
                    if (!Double.isNaN(v)) {
                        xs.add(number(label));
                        ys.add(v);
                        lo = Math.min(lo, v);
                    }
                }
                if (!xs.isEmpty()) {
                    addLine(chart, groupName(group, groups.get(g)) + (p99 ? "p99" : "p50"), xs, ys, g, p99);
                    lines++;
                }
            }
        }
        if (lines == 0) {
            return "no " + stem + ".png: no recorded points on it yet";
        }
        chart.getStyler().setYAxisMin(0.0);
        double[] range = range(x);
        if (ChartFiles.spansDecades(range[0], range[1])) {
            ChartFiles.logXAtValues(chart, x.labels().stream().map(StudyPlots::number).toList(), 0.0);
        }
        String bound = x == bandwidth ? new HostLinkBound(study).draw(chart, group, range) : "";
        ChartFiles.save(chart, outDir, stem);
        return "wrote " + outDir.resolve(stem + ".png") + " and .svg (" + lines + " lines" + bound + ")";
    }

    private static String groupName(Axis group, String label) {
        if (group == null) {
            return "";
        }
        String u = unit(group);
        if (group.path().equals("cxl_mem.num_devices")) {
            return label + (label.equals("1") ? " device " : " devices ");
        }
        return group.name() + "=" + label + (u.isEmpty() ? "" : " " + u.split(" ")[0]) + " ";
    }

    static void addLine(XYChart chart, String name, List<Double> xs, List<Double> ys, int colour, boolean solid) {
        XYSeries s = chart.addSeries(name, xs, ys);
        Color c = ChartFiles.colour(colour);
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(solid ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
        s.setLineStyle(solid ? ChartFiles.SOLID : ChartFiles.DASHED);
    }

    static double[] range(Axis a) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String l : a.labels()) {
            lo = Math.min(lo, number(l));
            hi = Math.max(hi, number(l));
        }
        return new double[] {lo, hi};
    }

    private String throughputVsRate() throws IOException {
        if (rate == null || rate.size() < 2 || !numeric(rate)) {
            return "";
        }
        Axis group = study.axes().stream().filter(a -> a != rate && a.size() > 1 && !numeric(a)).findFirst()
                .orElse(groupAxis(rate));
        XYChart chart = new XYChartBuilder().width(ChartFiles.WIDTH).height(ChartFiles.HEIGHT)
                .title("Throughput vs arrival rate" + heldAt(study, table, shown(rate, group)))
                .xAxisTitle(title(rate)).yAxisTitle("Throughput (req/s)").build();
        ChartFiles.style(chart);
        List<String> groups = group == null ? List.of("") : group.labels();
        int lines = 0;
        for (int g = 0; g < groups.size(); g++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (String rr : rate.labels()) {
                Map<Axis, String> at = new HashMap<>();
                at.put(rate, rr);
                if (group != null) {
                    at.put(group, groups.get(g));
                }
                double v = table.value(at, Metric.REQUESTS_PER_S);
                if (!Double.isNaN(v)) {
                    xs.add(number(rr));
                    ys.add(v);
                }
            }
            if (!xs.isEmpty()) {
                addLine(chart, group == null ? "throughput" : groups.get(g), xs, ys, g, true);
                lines++;
            }
        }
        if (lines == 0) {
            return "no " + THROUGHPUT_VS_RATE + ": no recorded points on it yet";
        }
        double top = range(rate)[1];
        XYSeries offered = chart.addSeries("offered load", new double[] {0, top}, new double[] {0, top});
        offered.setLineColor(Color.GRAY);
        offered.setMarker(SeriesMarkers.NONE);
        offered.setLineStyle(ChartFiles.DOTTED);
        String stem = THROUGHPUT_VS_RATE.replace(".png", "");
        ChartFiles.save(chart, outDir, stem);
        return "wrote " + outDir.resolve(THROUGHPUT_VS_RATE) + " and .svg (" + lines + " lines)";
    }
}
