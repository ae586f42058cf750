package dev.memwall.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.memwall.result.Metric;

/**
 * The comparison in one paragraph, generated from the numbers: for each run against the first,
 * how much concurrency and throughput it serves at what tail latency, what a million tokens and a
 * token's energy cost, and where it is bound; then which run is cheapest, which has the lowest
 * p99 TPOT, and (with an SLO) which meet it.
 */
public final class Verdict {
    private Verdict() {
    }

    /** The paragraph for {@code runs}, the first being the baseline. */
    public static String of(List<ComparedRun> runs, boolean withSlo) {
        ComparedRun a = runs.get(0);
        StringBuilder out = new StringBuilder();
        for (int k = 1; k < runs.size(); k++) {
            out.append(against(runs.get(k), a)).append(". ");
        }
        List<String> summary = new ArrayList<>();
        ComparedRun cheapest = best(runs, Metric.USD_PER_M_TOKENS);
        summary.add(cheapest == null ? "No run is priced (the price book leaves a GPU unpriced)"
                : String.format(Locale.US, "Cheapest per 1M tokens: %s ($%.4f)", cheapest.label(),
                        cheapest.get(Metric.USD_PER_M_TOKENS)));
        ComparedRun fastest = best(runs, Metric.TPOT_P99);
        summary.add(String.format(Locale.US, "lowest p99 TPOT: %s (%.2f ms)", fastest.label(),
                fastest.get(Metric.TPOT_P99)));
        if (withSlo) {
            List<String> meeting = runs.stream().filter(r -> r.result().count(Metric.SLO_MET) == 1)
                    .map(ComparedRun::label).toList();
            summary.add("meeting the SLO: " + (meeting.isEmpty() ? "none" : String.join(", ", meeting)));
        }
        return out.append(String.join("; ", summary)).append('.').toString();
    }

    private static String against(ComparedRun b, ComparedRun a) {
        return String.format(Locale.US, "%s serves %s the peak concurrency and %s the output throughput of %s at %s"
                        + " its p99 TPOT and %s its p99 TTFT; $ per 1M tokens %s, energy per output token %s;"
                        + " bound by %s (%s: %s)",
                b.label(), ratio(b, a, Metric.RUNNING_MAX), ratio(b, a, Metric.OUTPUT_TOKENS_PER_S), a.label(),
                ratio(b, a, Metric.TPOT_P99), ratio(b, a, Metric.TTFT_P99), change(b, a, Metric.USD_PER_M_TOKENS),
                change(b, a, Metric.JOULES_PER_OUTPUT_TOKEN), b.result().bottleneck(), a.label(),
                a.result().bottleneck());
    }

    /** {@code 1.9x}, or {@code the same} within 0.5 %. */
    static String ratio(ComparedRun b, ComparedRun a, Metric m) {
        double x = a.get(m);
        double y = b.get(m);
        if (!(x > 0) || Double.isNaN(y)) {
            return "n/a";
        }
        double r = y / x;
        if (Math.abs(r - 1) < 0.005) {
            return "the same";
        }
        return String.format(Locale.US, r >= 10 ? "%.0fx" : "%.2fx", r);
    }

    /** {@code -18 %}, {@code unchanged}, or {@code n/a}. */
    static String change(ComparedRun b, ComparedRun a, Metric m) {
        double x = a.get(m);
        double y = b.get(m);
        if (Double.isNaN(x) || Double.isNaN(y) || x == 0) {
            return "n/a";
        }
        double pct = (y - x) / Math.abs(x) * 100;
        return Math.abs(pct) < 0.05 ? "unchanged" : String.format(Locale.US, "%+.1f %%", pct);
    }

    /** The run with the lowest value of {@code m} (the first on a tie), or null when none has one. */
    private static ComparedRun best(List<ComparedRun> runs, Metric m) {
        ComparedRun best = null;
        for (ComparedRun r : runs) {
            double v = r.get(m);
            if (!Double.isNaN(v) && (best == null || v < best.get(m))) {
                best = r;
            }
        }
        return best;
    }
}
