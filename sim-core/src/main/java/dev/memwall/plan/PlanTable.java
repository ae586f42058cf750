package dev.memwall.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.memwall.result.Metric;
import dev.memwall.sweep.PointResult;

/**
 * A plan's rows ranked by what a million tokens cost at each candidate's capacity (cheapest
 * first; candidates with no capacity or no price last), as Markdown and CSV, and the cheapest
 * candidate that reaches the target rate.
 */
public final class PlanTable {
    private PlanTable() {
    }

    /** {@code rows} cheapest first. */
    public static List<PlanRow> ranked(List<PlanRow> rows) {
        List<PlanRow> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingDouble((PlanRow r) -> sortCost(r.atCapacity()))
                .thenComparing(Comparator.comparingDouble(PlanRow::capacity).reversed()));
        return out;
    }

    private static double sortCost(PointResult r) {
        double v = r == null ? Double.NaN : r.metric(Metric.USD_PER_M_TOKENS);
        return Double.isNaN(v) ? Double.MAX_VALUE : v;
    }

    /** The cheapest candidate at the target rate among those that reach it, or null. */
    public static PlanRow cheapestAtTarget(List<PlanRow> rows) {
        PlanRow best = null;
        for (PlanRow r : rows) {
            if (r.atTarget() == null || Double.isNaN(r.atTarget().metric(Metric.USD_PER_M_TOKENS))) {
                continue;
            }
            if (best == null || r.atTarget().metric(Metric.USD_PER_M_TOKENS)
                    < best.atTarget().metric(Metric.USD_PER_M_TOKENS)) {
                best = r;
            }
        }
        return best;
    }

    /** The ranked table in Markdown. */
    public static String markdown(List<PlanRow> ranked, double targetRate) {
        boolean target = !Double.isNaN(targetRate);
        StringBuilder md = new StringBuilder("| rank | candidate | GPUs | capacity (req/s) | output tokens/s | TTFT p99 (ms)"
                + " | TPOT p99 (ms) | $ per 1M tokens | $ per 1M output tokens | J per output token | probes |");
        if (target) {
            md.append(String.format(Locale.US, " $ per 1M tokens at %s req/s |", CapacitySearch.label(targetRate)));
        }
        md.append("\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|").append(target ? "---:|" : "")
                .append('\n');
        int rank = 1;
        for (PlanRow r : ranked) {
            PointResult c = r.atCapacity();
            md.append("| ").append(rank++).append(" | ").append(r.candidate().label()).append(" | ")
                    .append(r.candidate().gpus()).append(" | ").append(capacity(r)).append(" | ")
                    .append(f(c, Metric.OUTPUT_TOKENS_PER_S, 1)).append(" | ").append(f(c, Metric.TTFT_P99, 1))
                    .append(" | ").append(f(c, Metric.TPOT_P99, 2)).append(" | ")
                    .append(f(c, Metric.USD_PER_M_TOKENS, 4)).append(" | ")
                    .append(f(c, Metric.USD_PER_M_OUTPUT_TOKENS, 4)).append(" | ")
                    .append(f(c, Metric.JOULES_PER_OUTPUT_TOKEN, 3)).append(" | ").append(r.probes()).append(" |");
            if (target) {
                md.append(' ').append(r.atTarget() == null ? "does not reach it"
                        : f(r.atTarget(), Metric.USD_PER_M_TOKENS, 4)).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The capacity as the table shows it: {@code 12.3}, {@code >= 32}, {@code < 1}, or the error. */
    public static String capacity(PlanRow r) {
        if (r.error() != null) {
            return "not simulable: " + r.error().replace("|", "/");
        }
        return switch (r.bound()) {
            case FOUND -> String.format(Locale.US, "%.3f", r.capacity());
            case AT_LEAST -> ">= " + CapacitySearch.label(r.capacity());
            case BELOW -> "< " + CapacitySearch.label(r.lowestMiss());
        };
    }

    private static String f(PointResult r, Metric m, int decimals) {
        double v = r == null ? Double.NaN : r.metric(m);
        return Double.isNaN(v) ? "n/a" : String.format(Locale.US, "%,." + decimals + "f", v);
    }
}
