package dev.memwall.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What validating one case gave: its rows, or why it was skipped, and how it fares against its
 * gate.
 *
 * @param skipped         why the case did not run ({@code <file> not found}), or null when it ran
 * @param context         lines saying what was simulated and what was measured
 * @param rooflineHardware hardware whose roofline constants the case exercised, for the doc's
 *                         calibration table
 * @param validated        what {@code errors.json} records of the case (a serving case with mean
 *                         TTFT and TPOT), or null
 */
public record CaseResult(ValidationCase validationCase, String skipped, List<String> context, List<MetricRow> rows,
        List<String> rooflineHardware, dev.memwall.hardware.ValidatedErrors.Entry validated) {

    /** A case that did not run: a file it needs is absent, or the case says why it is skipped. */
    static CaseResult skipped(ValidationCase c, String reason) {
        return new CaseResult(c, reason, List.of(), List.of(), List.of(), null);
    }

    /** How a case ended. */
    public enum Status {
        PASS, FAIL, SHOWN, SKIPPED
    }

    /**
     * One gate entry judged: the worst |error| among the rows it covers against its limit.
     *
     * @param label the metric's label, or {@code every row}
     */
    public record Check(String label, double limitPct, double errorPct, boolean pass) {
    }

    /** How a gate key reads: {@code every row}, {@code TTFT mean}, or {@code overall median error}. */
    static String gateLabel(String key) {
        if (key.equals(ValidationCase.ALL)) {
            return "every row";
        }
        return Metrics.IDS.contains(key) ? Metrics.name(key) : key.replace('_', ' ') + " median error";
    }

    /** The gate entries in the order the case lists them; empty for an ungated or skipped case. */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        if (skipped != null) {
            return checks;
        }
        for (Map.Entry<String, Double> g : validationCase.gatePct().entrySet()) {
            MetricRow worst = null;
            for (MetricRow r : rows) {
                boolean covered = g.getKey().equals(ValidationCase.ALL) || g.getKey().equals(r.id());
                if (covered && (worst == null || !(Math.abs(r.errorPct()) <= Math.abs(worst.errorPct())))) {
                    worst = r;
                }
            }
            String label = gateLabel(g.getKey());
            if (worst == null) {
                checks.add(new Check(label, g.getValue(), Double.NaN, false));
            } else {
                double err = worst.errorPct();
                checks.add(new Check(label, g.getValue(), err, Math.abs(err) <= g.getValue()));
            }
        }
        return checks;
    }

    public Status status() {
        if (skipped != null) {
            return Status.SKIPPED;
        }
        if (!validationCase.gated()) {
            return Status.SHOWN;
        }
        for (Check c : checks()) {
            if (!c.pass()) {
                return Status.FAIL;
            }
        }
        return Status.PASS;
    }
}
