package dev.memwall.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import dev.memwall.sweep.Axis;
import dev.memwall.sweep.HistogramFiles;
import dev.memwall.sweep.Study;

/**
 * {@code tpot-cdf} and {@code ttft-cdf}: a latency's distribution (the fraction of requests at or
 * below each value) of every point along the main axis, the other axes held fixed, read from the
 * points' {@code .hgrm} files. Where a p99 hides a long tail or a bimodal split, the curve shows it.
 */
final class CdfPlot {
    private final Study study;
    private final PointTable table;
    private final Axis x;
    private final HistogramFiles.Latency latency;
    private final String file;

    CdfPlot(Study study, PointTable table, Axis x, HistogramFiles.Latency latency) {
        this.study = study;
        this.table = table;
        this.x = x;
        this.latency = latency;
        this.file = latency.id() + "-cdf";
    }

    String draw(Path outDir) throws IOException {
        XYChart chart = new XYChartBuilder().width(ChartFiles.WIDTH).height(ChartFiles.HEIGHT)
                .title(latency + " CDF by " + x.name() + StudyPlots.heldAt(study, table, List.of(x)))
                .xAxisTitle(latency + " (ms)").yAxisTitle("fraction of requests at or below").build();
        ChartFiles.style(chart);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        int curves = 0;
        for (int i = 0; i < x.size(); i++) {
            String label = x.labels().get(i);
            Path hgrm = outDir.resolve(HistogramFiles.name(table.params(Map.of(x, label)), latency));
            if (!Files.isRegularFile(hgrm)) {
                continue;
            }
            List<double[]> points = read(hgrm);
            if (points.isEmpty()) {
                continue;
            }
            List<Double> ms = points.stream().map(p -> p[0]).toList();
            List<Double> fraction = points.stream().map(p -> p[1]).toList();
            lo = Math.min(lo, ms.get(0));
            hi = Math.max(hi, ms.get(ms.size() - 1));
            String unit = StudyPlots.unit(x).split(" ")[0];
            StudyPlots.addLine(chart, x.name() + "=" + label + (unit.isEmpty() ? "" : " " + unit), ms, fraction, i, true);
            curves++;
        }
        if (curves == 0) {
            return "no " + file + ".png: no recorded " + latency + " histograms on it yet";
        }
        if (ChartFiles.spansDecades(lo, hi)) {
            // XChart's own log labels run into each other between decades: round values instead.
            ChartFiles.logXAtValues(chart, ChartFiles.logTicks(lo, hi), 0.0);
        }
        ChartFiles.save(chart, outDir, file);
        return "wrote " + outDir.resolve(file + ".png") + " and .svg (" + curves + " curves)";
    }

    /** (latency ms, percentile as a fraction) rows of an HdrHistogram percentile file. */
    static List<double[]> read(Path hgrm) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(hgrm, StandardCharsets.UTF_8)) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 2 && f[0].matches("[0-9.]+") && f[1].matches("[0-9.]+")) {
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
            }
        }
        return rows;
    }
}
