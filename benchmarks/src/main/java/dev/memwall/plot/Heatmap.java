package dev.memwall.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

import dev.memwall.sweep.Axis;
import dev.memwall.result.Metric;
import dev.memwall.sweep.Study;

/**
 * TPOT p99 over two numeric axes, a cell per point with its value written in it. The colour bar
 * is titled with the metric and its unit, and its labels use the cells' number format. The
 * colours run from near-white to a mid orange, never dark, so the black cell text stays legible
 * on every cell (contrast at least 4.5:1, WCAG AA).
 */
final class Heatmap {
    static final String FILE = "tpot-p99-heatmap";
    /** Lightest to darkest cell colour. */
    static final Color[] RANGE = {new Color(0xfff5eb), new Color(0xfdae6b), new Color(0xe6550d)};
    /** The cell text colour. */
    static final Color TEXT = Color.BLACK;

    private final Study study;
    private final PointTable table;
    private final Axis[] axes;

    /** @param axes {x, y}, or null when the study has no two numeric axes */
    Heatmap(Study study, PointTable table, Axis[] axes) {
        this.study = study;
        this.table = table;
        this.axes = axes;
    }

    String draw(Path outDir) throws IOException {
        if (axes == null) {
            return "no " + FILE + ".png: it needs two axes of numbers";
        }
        Axis x = axes[0];
        Axis y = axes[1];
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < y.size(); j++) {
                double v = table.value(Map.of(x, x.labels().get(i), y, y.labels().get(j)), Metric.TPOT_P99);
                if (!Double.isNaN(v)) {
                    cells.add(new Number[] {i, j, v});
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (cells.isEmpty()) {
            return "no " + FILE + ".png: no recorded points on it yet";
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(ChartFiles.WIDTH).height(ChartFiles.HEIGHT)
                .title("TPOT p99 (ms)" + StudyPlots.heldAt(study, table, List.of(x, y)))
                .xAxisTitle(StudyPlots.title(x)).yAxisTitle(StudyPlots.title(y)).build();
        String pattern = pattern(max);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setChartTitleFont(ChartFiles.TITLE_FONT);
        chart.getStyler().setAxisTitleFont(ChartFiles.AXIS_TITLE_FONT);
        chart.getStyler().setAxisTickLabelsFont(ChartFiles.TICK_FONT);
        chart.getStyler().setLegendFont(ChartFiles.TICK_FONT);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.getStyler().setValueFontColor(TEXT);
        chart.getStyler().setHeatMapValueDecimalPattern(pattern);
        // The colour bar's labels: the cells' number format, with the unit.
        chart.getStyler().setHeatMapDecimalValueFormatter(
                v -> new java.text.DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
                        .format(v) + " ms");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setRangeColors(RANGE);
        chart.getStyler().setPiecewise(true);
        chart.getStyler().setPiecewiseRanged(true);
        chart.getStyler().setSplitNumber(5);
        chart.getStyler().setMin(min);
        chart.getStyler().setMax(max > min ? max : min + 1);
        chart.addSeries("TPOT p99 (ms)", labels(x), labels(y), cells);
        ChartFiles.save(chart, outDir, FILE);
        return "wrote " + outDir.resolve(FILE + ".png") + " and .svg (" + cells.size() + " cells)";
    }

    /** Axis labels as the study writes them, with thousands separators for big numbers. */
    private static List<String> labels(Axis a) {
        return a.labels().stream().map(l -> ChartFiles.number(StudyPlots.number(l))).toList();
    }

    /** As many decimals as the values need to be told apart: 1,234 / 12.3 / 1.23. */
    static String pattern(double max) {
        if (max >= 100) {
            return "#,##0";
        }
        return max >= 10 ? "#,##0.0" : "#,##0.00";
    }

    /** WCAG contrast ratio of two colours, 1 to 21. */
    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double s = channel / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
}
