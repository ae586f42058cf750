package dev.memwall.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.memwall.result.Metric;

/**
 * The side-by-side table of a comparison: one row per figure a planner weighs (latency
 * percentiles, throughput, goodput, GPU busy and memory-stalled time, the bottleneck, KV capacity,
 * concurrency, energy and cost), one column per run, each later run's value with its change
 * against the first run's.
 */
public final class CompareTable {
    /**
     * One figure of every run.
     *
     * @param name   as the table shows it, with its unit
     * @param values one per run, in run order (NaN when the run has none, e.g. an unpriced cost)
     * @param text   one per run when the figure is a name (the bottleneck), else null
     * @param lowerIsBetter whether a fall is an improvement (latencies, cost), for the verdict
     * @param decimals      shown decimals
     */
    public record Row(String name, double[] values, List<String> text, boolean lowerIsBetter, int decimals) {
        /** The change of run {@code k} against run 0, in percent; NaN when run 0's value is 0 or unknown. */
        public double deltaPercent(int k) {
            double base = values[0];
            double v = values[k];
            if (Double.isNaN(base) || Double.isNaN(v)) {
                return Double.NaN;
            }
            if (base == 0) {
                return v == 0 ? 0 : Double.NaN;
            }
            return (v - base) / Math.abs(base) * 100;
        }

        /** Run {@code k}'s cell: its value, and for later runs its change, e.g. {@code 12.30 (+4.1 %)}. */
        public String cell(int k) {
            String value = text != null ? text.get(k) : Double.isNaN(values[k]) ? "n/a"
                    : String.format(Locale.US, "%,." + decimals + "f", values[k]);
            if (k == 0) {
                return value;
            }
            if (text != null) {
                return text.get(k).equals(text.get(0)) ? value + " (same)" : value;
            }
            double d = deltaPercent(k);
            return Double.isNaN(d) ? value : value + String.format(Locale.US, " (%+.1f %%)", d);
        }
    }

    private final List<String> labels;
    private final List<Row> rows;

    private CompareTable(List<String> labels, List<Row> rows) {
        this.labels = List.copyOf(labels);
        this.rows = List.copyOf(rows);
    }

    /** The table of {@code runs}. */
    public static CompareTable of(List<ComparedRun> runs, boolean withSlo) {
        List<Row> rows = new ArrayList<>();
        for (Metric.Latency l : List.of(Metric.Latency.TTFT, Metric.Latency.TPOT, Metric.Latency.ITL,
                Metric.Latency.E2E)) {
            for (Metric.Stat s : List.of(Metric.Stat.P50, Metric.Stat.P90, Metric.Stat.P99)) {
                Metric m = Metric.of(l, s);
                rows.add(metric(runs, l.id().toUpperCase(Locale.ROOT) + " " + s.label() + " (ms)", m, true, 2));
            }
        }
        rows.add(metric(runs, "Throughput (req/s)", Metric.REQUESTS_PER_S, false, 3));
        rows.add(metric(runs, "Output throughput (tokens/s)", Metric.OUTPUT_TOKENS_PER_S, false, 1));
        rows.add(metric(runs, "Goodput (req/s)", Metric.GOODPUT, false, 3));
        if (withSlo) {
            rows.add(row(runs, "SLO attainment (%)", r -> 100 * r.get(Metric.SLO_ATTAINMENT), false, 1));
            rows.add(text(runs, "SLO met", r -> r.result().count(Metric.SLO_MET) == 1 ? "yes" : "no"));
        }
        rows.add(row(runs, "GPU compute-busy (%)", r -> 100 * r.get(Metric.GPU_COMPUTE_BUSY), false, 1));
        rows.add(row(runs, "GPU memory-stalled (%)", r -> 100 * r.get(Metric.GPU_MEMORY_STALLED), true, 1));
        rows.add(text(runs, "Bottleneck", r -> String.format(Locale.US, "%s %.0f %%", r.result().bottleneck(),
                100 * r.get(Metric.BOTTLENECK_BUSY))));
        rows.add(metric(runs, "KV capacity (tokens)", Metric.KV_CAPACITY_TOKENS, false, 0));
        rows.add(metric(runs, "Peak concurrency (running)", Metric.RUNNING_MAX, false, 0));
        rows.add(metric(runs, "Mean concurrency (running)", Metric.RUNNING_MEAN, false, 1));
        rows.add(metric(runs, "Energy per output token (J)", Metric.JOULES_PER_OUTPUT_TOKEN, true, 3));
        rows.add(metric(runs, "Average power (W)", Metric.AVERAGE_WATTS, true, 0));
        rows.add(metric(runs, "$ per 1M output tokens", Metric.USD_PER_M_OUTPUT_TOKENS, true, 4));
        rows.add(metric(runs, "$ per 1M tokens", Metric.USD_PER_M_TOKENS, true, 4));
        rows.add(metric(runs, "$ per request", Metric.USD_PER_REQUEST, true, 6));
        rows.add(metric(runs, "GPU-hours", Metric.GPU_HOURS, true, 4));
        rows.add(metric(runs, "Requests completed", Metric.COMPLETED, false, 0));
        rows.add(metric(runs, "Simulated time (s)", Metric.SIMULATED_SECONDS, true, 1));
        return new CompareTable(runs.stream().map(ComparedRun::label).toList(), rows);
    }

    private static Row metric(List<ComparedRun> runs, String name, Metric m, boolean lowerIsBetter, int decimals) {
        return row(runs, name, r -> r.get(m), lowerIsBetter, decimals);
    }

    private static Row row(List<ComparedRun> runs, String name, ToDoubleFunction<ComparedRun> f, boolean lower,
            int decimals) {
        double[] v = new double[runs.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = f.applyAsDouble(runs.get(k));
        }
        return new Row(name, v, null, lower, decimals);
    }

    private static Row text(List<ComparedRun> runs, String name, java.util.function.Function<ComparedRun, String> f) {
        List<String> t = runs.stream().map(f).toList();
        return new Row(name, new double[runs.size()], t, false, 0);
    }

    public List<String> labels() {
        return labels;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The row called {@code name}. */
    public Row row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + name));
    }

    /** The table in Markdown, the first run's column without deltas. */
    public String markdown() {
        StringBuilder md = new StringBuilder("| metric |");
        for (String l : labels) {
            md.append(' ').append(l).append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(labels.size()));
        md.append('\n');
        for (Row r : rows) {
            md.append("| ").append(r.name()).append(" |");
            for (int k = 0; k < labels.size(); k++) {
                md.append(' ').append(r.cell(k)).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }
}
