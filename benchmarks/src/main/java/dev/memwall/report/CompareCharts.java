package dev.memwall.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.memwall.plot.ChartFiles;
import dev.memwall.compare.ComparedRun;
import dev.memwall.compare.TimeSeries;

/**
 * The comparison's plots, as PNG bytes by file name: TTFT and TPOT distributions overlaid as
 * CDFs, and output throughput, memory in use and average power over simulated time, one colour
 * per config (the same in every plot).
 */
public final class CompareCharts {
    public static final String TTFT_CDF = "ttft-cdf.png";
    public static final String TPOT_CDF = "tpot-cdf.png";
    public static final String THROUGHPUT = "throughput-over-time.png";
    public static final String MEMORY = "memory-over-time.png";
    public static final String POWER = "power-over-time.png";
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    /** CDF points: HdrHistogram's percentile iteration, as in its .hgrm output. */
    private static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 20;

    private CompareCharts() {
    }

    /** Every plot of {@code runs}, by file name, in the report's order; drawn in parallel. */
    public static Map<String, byte[]> draw(List<ComparedRun> runs) throws IOException {
        headless();
        Map<String, Supplier<XYChart>> charts = new LinkedHashMap<>();
        charts.put(TTFT_CDF, () -> cdf(runs, "TTFT", true));
        charts.put(TPOT_CDF, () -> cdf(runs, "TPOT", false));
        charts.put(THROUGHPUT, () -> throughput(runs));
        charts.put(MEMORY, () -> memory(runs));
        charts.put(POWER, () -> power(runs));
        Map<String, CompletableFuture<byte[]>> pngs = new LinkedHashMap<>();
        charts.forEach((name, chart) -> pngs.put(name, CompletableFuture.supplyAsync(() -> png(chart.get()))));
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<byte[]>> e : pngs.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().join());
            } catch (CompletionException ex) {
                if (ex.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw ex;
            }
        }
        return out;
    }

    /**
     * Loads what drawing the first chart needs (Java2D, fonts, the PNG writer), about a second of
     * work that {@code compare} overlaps with its simulations.
     */
    public static void warmUp() {
        headless();
        XYChart c = chart("warm-up", "x", "y");
        line(c, "warm-up", new double[] {0, 1}, new double[] {0, 1}, 0, ChartFiles.SOLID);
        png(c);
    }

    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static XYChart cdf(List<ComparedRun> runs, String what, boolean ttft) {
        XYChart c = chart(what + " distribution (CDF over completed requests)", what + " (ms)",
                "% of requests at or below");
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int k = 0; k < runs.size(); k++) {
            Histogram h = ttft ? runs.get(k).result().latency().ttft.histogram()
                    : runs.get(k).result().latency().tpot.histogram();
            if (h.getTotalCount() == 0) {
                continue;
            }
            // HdrHistogram's percentile steps, as the .hgrm files have them: dense in the tail.
            List<double[]> points = new java.util.ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE)) {
                points.add(new double[] {Math.max(1e-3, v.getValueIteratedTo() / 1e6), v.getPercentileLevelIteratedTo()});
            }
            double[] x = points.stream().mapToDouble(q -> q[0]).toArray();
            double[] y = points.stream().mapToDouble(q -> q[1]).toArray();
            lo = Math.min(lo, x[0]);
            hi = Math.max(hi, x[x.length - 1]);
            line(c, runs.get(k).label(), x, y, k, ChartFiles.SOLID);
        }
        if (ChartFiles.spansDecades(lo, hi)) {
            ChartFiles.logXAtValues(c, ChartFiles.logTicks(lo, hi), 0.0);
        }
        c.getStyler().setYAxisMin(0.0);
        return c;
    }

    private static XYChart throughput(List<ComparedRun> runs) {
        XYChart c = chart("Output throughput over simulated time", "simulated time (s)", "output tokens/s");
        for (int k = 0; k < runs.size(); k++) {
            TimeSeries s = runs.get(k).series();
            line(c, runs.get(k).label(), tail(s.seconds()), tail(TimeSeries.rate(s.seconds(), s.outputTokens())), k,
                    ChartFiles.SOLID);
        }
        return c;
    }

    private static XYChart memory(List<ComparedRun> runs) {
        XYChart c = chart("Memory in use over simulated time (HBM solid, CXL dashed)", "simulated time (s)",
                "GiB in use (all instances)");
        for (int k = 0; k < runs.size(); k++) {
            TimeSeries s = runs.get(k).series();
            line(c, runs.get(k).label() + " HBM", s.seconds(), s.hbmGib(), k, ChartFiles.SOLID);
            if (max(s.cxlGib()) > 0) {
                line(c, runs.get(k).label() + " CXL", s.seconds(), s.cxlGib(), k, ChartFiles.DASHED);
            }
        }
        return c;
    }

    private static XYChart power(List<ComparedRun> runs) {
        XYChart c = chart("Average power per interval over simulated time", "simulated time (s)", "W");
        for (int k = 0; k < runs.size(); k++) {
            TimeSeries s = runs.get(k).series();
            line(c, runs.get(k).label(), tail(s.seconds()), tail(TimeSeries.rate(s.seconds(), s.joules())), k, ChartFiles.SOLID);
        }
        return c;
    }

    /** All but the first sample: a rate has no interval before it. */
    private static double[] tail(double[] v) {
        return v.length <= 1 ? new double[0] : java.util.Arrays.copyOfRange(v, 1, v.length);
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        ChartFiles.style(c);
        c.getStyler().setYAxisMin(0.0); // every compare chart's quantity is >= 0: show where 0 is
        return c;
    }

    private static void line(XYChart c, String name, double[] x, double[] y, int k, BasicStroke stroke) {
        if (x.length == 0) {
            return;
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(ChartFiles.colour(k));
        s.setLineStyle(stroke);
    }

    private static byte[] png(XYChart c) {
        try {
            return ChartEncoder.getBytes(c, "png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
