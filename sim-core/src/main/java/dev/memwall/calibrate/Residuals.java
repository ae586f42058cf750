package dev.memwall.calibrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relative errors of a fit, {@code (predicted - measured) / measured}, summarised per kernel
 * class and over all samples.
 */
public final class Residuals {
    /**
     * One class's errors.
     *
     * @param label the class (or {@code all})
     * @param samples how many
     * @param medianAbsPct median |error|, percent
     * @param meanPct mean signed error (the bias), percent
     * @param p90AbsPct 90th percentile of |error|, percent
     */
    public record Row(String label, int samples, double medianAbsPct, double meanPct, double p90AbsPct) {
    }

    private Residuals() {
    }

    /** Per class in {@link KernelClass} order, then {@code all}; classes without samples are left out. */
    public static List<Row> of(List<KernelSample> samples, double[] predictedNs) {
        Map<KernelClass, List<Double>> byClass = new LinkedHashMap<>();
        for (KernelClass c : KernelClass.values()) {
            byClass.put(c, new ArrayList<>());
        }
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            KernelSample s = samples.get(i);
            double e = (predictedNs[i] - s.measuredNs()) / s.measuredNs();
            byClass.get(s.kernelClass()).add(e);
            all.add(e);
        }
        List<Row> rows = new ArrayList<>();
        byClass.forEach((c, errors) -> {
            if (!errors.isEmpty()) {
                rows.add(row(c.label(), errors));
            }
        });
        if (!all.isEmpty()) {
            rows.add(row("all", all));
        }
        return rows;
    }

    static Row row(String label, List<Double> errors) {
        double[] abs = new double[errors.size()];
        double sum = 0;
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(errors.get(i));
            sum += errors.get(i);
        }
        Arrays.sort(abs);
        return new Row(label, abs.length, percentile(abs, 50) * 100, sum / abs.length * 100, percentile(abs, 90) * 100);
    }

    /** Linear between ranks, as numpy's default. */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
