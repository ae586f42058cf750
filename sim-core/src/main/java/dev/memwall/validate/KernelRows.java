package dev.memwall.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.memwall.calibrate.KernelClass;
import dev.memwall.calibrate.KernelSample;
import dev.memwall.calibrate.Residuals;

/**
 * The rows of a kernel-table case: per kernel class, the mean measured and fitted time (us) and,
 * as the row's error, the median over rows of {@code |fitted - measured| / measured}; then
 * the same over every row ({@code overall}).
 */
final class KernelRows {
    /** Gate keys: one per kernel class, by its label with underscores. */
    static final List<String> IDS = ids();

    private KernelRows() {
    }

    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (KernelClass c : KernelClass.values()) {
            if (c != KernelClass.SAMPLER) {
                ids.add(id(c.label()));
            }
        }
        ids.add(OVERALL);
        return List.copyOf(ids);
    }

    /** The row over every class (gate key {@code overall}; {@code all} gates every row). */
    static final String OVERALL = "overall";

    static String id(String label) {
        return label.equals("all") ? OVERALL : label.replace(' ', '_');
    }

    /** The rows for {@code samples} and the model's times of them. */
    static List<MetricRow> of(List<KernelSample> samples, double[] predictedNs) {
        List<MetricRow> rows = new ArrayList<>();
        for (Residuals.Row r : Residuals.of(samples, predictedNs)) {
            double measured = 0;
            double fitted = 0;
            for (int i = 0; i < samples.size(); i++) {
                KernelSample s = samples.get(i);
                if (r.label().equals("all") || s.kernelClass().label().equals(r.label())) {
                    measured += s.measuredNs();
                    fitted += predictedNs[i];
                }
            }
            String label = String.format(Locale.US, "%s, %d rows: mean time (us), median per-row error",
                    r.label(), r.samples());
            rows.add(new MetricRow(id(r.label()), label, measured / r.samples() / 1e3, fitted / r.samples() / 1e3,
                    r.medianAbsPct()));
        }
        return rows;
    }
}
