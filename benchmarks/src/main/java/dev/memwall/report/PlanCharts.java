package dev.memwall.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.memwall.plot.ChartFiles;
import dev.memwall.plan.PlanRow;
import dev.memwall.result.Metric;

/**
 * The plan's cost-versus-capacity plot: each candidate at its capacity (x, req/s within the SLO)
 * and what a million tokens cost there (y), and the Pareto frontier through the candidates no
 * other one beats on both.
 */
public final class PlanCharts {
    public static final String PARETO = "pareto.png";

    private PlanCharts() {
    }

    /** A candidate on the plot. */
    private record Point(String label, double capacity, double cost) {
    }

    /** The plot as PNG bytes; candidates without a capacity or a price are left out (the table has them). */
    public static byte[] pareto(List<PlanRow> rows, String title) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<Point> points = new ArrayList<>();
        for (PlanRow r : rows) {
            double cost = r.atCapacity() == null ? Double.NaN : r.atCapacity().metric(Metric.USD_PER_M_TOKENS);
            if (r.capacity() > 0 && !Double.isNaN(cost)) {
                points.add(new Point(r.candidate().label(), r.capacity(), cost));
            }
        }
        XYChart c = new XYChartBuilder().width(1000).height(620).title(title)
                .xAxisTitle("capacity within the SLO (req/s)").yAxisTitle("$ per 1M tokens at that rate").build();
        ChartFiles.style(c);
        c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        c.getStyler().setMarkerSize(12);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setYAxisMin(0.0);
        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            XYSeries s = c.addSeries(p.label(), new double[] {p.capacity()}, new double[] {p.cost()});
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(ChartFiles.colour(k));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        List<Point> front = frontier(points);
        if (front.size() > 1) {
            XYSeries f = c.addSeries("Pareto frontier", front.stream().mapToDouble(Point::capacity).toArray(),
                    front.stream().mapToDouble(Point::cost).toArray());
            f.setMarker(SeriesMarkers.NONE);
            f.setLineColor(Color.DARK_GRAY);
            f.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        return ChartEncoder.getBytes(c, "png");
    }

    /** The candidates no other has at least the capacity of at no more cost, by capacity. */
    static List<Point> frontier(List<Point> points) {
        List<Point> front = new ArrayList<>();
        for (Point p : points) {
            boolean dominated = false;
            for (Point q : points) {
                dominated |= q != p && q.capacity() >= p.capacity() && q.cost() <= p.cost()
                        && (q.capacity() > p.capacity() || q.cost() < p.cost());
            }
            if (!dominated) {
                front.add(p);
            }
        }
        front.sort(Comparator.comparingDouble(Point::capacity));
        return front;
    }
}
