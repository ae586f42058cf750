package dev.memwall.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;

import dev.memwall.output.AtomicFiles;

/** The house style of every plot (the study plots and the reports'), and writing each as PNG and SVG side by side. */
public final class ChartFiles {
    static final int WIDTH = 1000;
    static final int HEIGHT = 640;
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Tableau-10 hues, distinct for colour-blind readers in their first eight. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    /** p99 lines: solid. */
    public static final BasicStroke SOLID = new BasicStroke(2.2f);
    /** p50 lines: dashed, so the two read apart in grey print too. */
    public static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {9f, 5f}, 0f);
    /** Reference lines (offered load, host-link bounds): dotted. */
    static final BasicStroke DOTTED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {3f, 4f}, 0f);

    private ChartFiles() {
    }

    /** How many series get colours of their own. */
    static final int COLOURS = PALETTE.length;

    /** The colour of the {@code k}-th series (the palette repeats after eight). */
    public static Color colour(int k) {
        return PALETTE[k % PALETTE.length];
    }

    /**
     * Writes {@code chart} as {@code <stem>.png} and {@code <stem>.svg}, each through a temporary sibling.
     * XChart 4.0.3 marks its encoders deprecated without naming a replacement; they are still its
     * only way to a PNG's bytes and an SVG stream.
     */
    @SuppressWarnings("deprecation")
    static void save(IChart chart, Path dir, String stem) throws IOException {
        AtomicFiles.write(dir.resolve(stem + ".png"), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        AtomicFiles.write(dir.resolve(stem + ".svg"),
                out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }

    /** White background, light grid, readable fonts, legend outside on the right. */
    public static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setChartTitleFont(TITLE_FONT);
        chart.getStyler().setAxisTitleFont(AXIS_TITLE_FONT);
        chart.getStyler().setAxisTickLabelsFont(TICK_FONT);
        chart.getStyler().setLegendFont(TICK_FONT);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setAnnotationTextFont(TICK_FONT);
        chart.getStyler().setAnnotationTextFontColor(new Color(0x333333));
        chart.getStyler().setAnnotationLineColor(new Color(0x555555));
        chart.getStyler().setAnnotationLineStroke(DOTTED);
    }

    /** Whether values from {@code lo} to {@code hi} span enough (8x) to want a log axis. */
    public static boolean spansDecades(double lo, double hi) {
        return lo > 0 && hi / lo >= 8;
    }

    /**
     * A log x axis whose labels are the data values themselves (not decades between them): the
     * axis' own labels are blanked and each value is written just above the axis, at its place.
     *
     * @param yBottom where the labels sit, in chart units (the bottom of the y range)
     */
    public static void logXAtValues(XYChart chart, List<Double> values, double yBottom) {
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setXAxisTickLabelsFormattingFunction(v -> " ");
        for (double v : values) {
            chart.addAnnotation(new AnnotationText(number(v), v, yBottom, false));
        }
    }

    /**
     * Round values to label a log axis from {@code lo} to {@code hi} with: 1, 2 and 5 times each
     * power of ten within the range (only the 1s and 5s when that would be more than 12 labels).
     */
    public static List<Double> logTicks(double lo, double hi) {
        List<Double> ticks = new java.util.ArrayList<>();
        for (double[] steps : new double[][] {{1, 2, 5}, {1, 5}}) {
            ticks.clear();
            for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.ceil(Math.log10(hi)); k++) {
                for (double m : steps) {
                    double v = m * Math.pow(10, k);
                    if (v >= lo && v <= hi) {
                        ticks.add(v);
                    }
                }
            }
            if (ticks.size() <= 12) {
                break;
            }
        }
        return ticks;
    }

    /** A value as an axis label: {@code 15}, {@code 2.5}, {@code 0.125}. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.US, "%,d", (long) v);
        }
        return String.format(Locale.US, "%.4g", v).replaceFirst("\\.?0+$", "");
    }
}
