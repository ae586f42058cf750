package dev.memwall.gate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.statistics.descriptive.Median;

/**
 * The interleaved A/B gate's arithmetic: each round ran both builds, one fork each, so each round
 * gives one ratio per benchmark, the candidate's time per op over the baseline's (CPU or wall
 * time, whichever the results given hold). Whatever slowed
 * the machine during a round slowed both, so the ratios are far tighter than the times. A
 * benchmark regresses when the whole confidence interval of its median ratio lies above
 * {@code 1 + threshold}; it is faster when the whole interval lies below {@code 1 / (1 + threshold)};
 * a median beyond either bound whose interval is not is reported as unclear, and does not fail.
 */
public final class AbComparison {
    /** What the gate concluded about one benchmark. */
    public enum Status {
        OK("ok"),
        REGRESSION("REGRESSION"),
        FASTER("faster"),
        /** The median ratio is beyond a bound but its interval is not: more rounds would tell. */
        UNCLEAR("unclear"),
        /** Too few rounds in which both builds ran it. */
        TOO_FEW("too few rounds");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One round of one benchmark: each build's fork value as seconds per op, and in the score's unit.
     */
    private record Pair(double baseSecondsPerOp, double candidateSecondsPerOp, double baseScore,
            double candidateScore) {
        double ratio() {
            return candidateSecondsPerOp / baseSecondsPerOp;
        }
    }

    /**
     * One benchmark's rounds.
     *
     * @param unit JMH's score unit
     */
    private record Series(String key, String unit, List<Pair> pairs) {
    }

    /**
     * One benchmark's comparison.
     *
     * @param baseMedian      the baseline's median fork score, in {@code unit}
     * @param candidateMedian the candidate's median fork score, in {@code unit}
     * @param ratio           the candidate's time over the baseline's; null when too few rounds
     */
    public record Row(String key, String unit, double baseMedian, double candidateMedian, RatioInterval ratio,
            Status status) {
    }

    /**
     * The whole comparison.
     *
     * @param measure     what was compared, e.g. CPU time per op
     * @param onlyOneSide benchmarks that one build lacks
     */
    public record Report(String baseName, String candidateName, String measure, int rounds, double threshold,
            double confidence, List<Row> rows, List<String> onlyOneSide) {

        public List<Row> regressions() {
            return rows.stream().filter(r -> r.status() == Status.REGRESSION).toList();
        }

        public boolean passed() {
            return regressions().isEmpty();
        }

        /** Prints the table (benchmark, base, candidate, ratio, interval, verdict) and the verdict. */
        public void print(PrintWriter out) {
            out.printf(Locale.US, "A/B wall-time gate: candidate %s vs baseline %s, %d interleaved rounds,"
                    + " threshold %s, %.0f%% intervals of the median ratio (candidate time / baseline time)%n",
                    candidateName, baseName, rounds, TextTable.percent(threshold), confidence * 100);
            out.println("Compared: " + measure + ", each fork's median iteration.");
            out.println();
            TextTable table = new TextTable(new String[] {"benchmark", "base", "candidate", "ratio", "interval",
                "verdict"}, false, true, true, true, false, false);
            for (Row r : rows) {
                RatioInterval i = r.ratio();
                table.add(TextTable.shortName(r.key()), TextTable.number(r.baseMedian()) + " " + r.unit(),
                        TextTable.number(r.candidateMedian()) + " " + r.unit(),
                        i == null ? "" : String.format(Locale.US, "%.3f", i.median()),
                        i == null ? "" : String.format(Locale.US, "[%.3f, %.3f]", i.low(), i.high()),
                        r.status().label());
            }
            table.print(out);
            for (String key : onlyOneSide) {
                out.println("  not compared (in one build only): " + TextTable.shortName(key));
            }
            out.println();
            List<Row> bad = regressions();
            if (bad.isEmpty()) {
                out.printf(Locale.US, "PASS: no benchmark's interval lies above %.2f (%d compared).%n",
                        1 + threshold, rows.size());
            } else {
                out.printf(Locale.US, "FAIL: %d regression%s:%n", bad.size(), bad.size() == 1 ? "" : "s");
                for (Row r : bad) {
                    out.printf(Locale.US, "  %s: %s slower (median ratio %.3f, interval [%.3f, %.3f] above %.2f)%n",
                            r.key(), TextTable.signedPercent(r.ratio().median() - 1), r.ratio().median(),
                            r.ratio().low(), r.ratio().high(), 1 + threshold);
                }
            }
            out.flush();
        }
    }

    private final Map<String, Series> series = new LinkedHashMap<>();

    /**
     * Records one round's results of one benchmark from both builds. Each result's fork value is the
     * median of its measurement iterations (robust to one disturbed iteration), as time per op.
     * Results whose key is in one list only are ignored here: the caller reports them.
     */
    public void addRound(List<JmhResult> base, List<JmhResult> candidate) {
        Map<String, JmhResult> c = new LinkedHashMap<>();
        for (JmhResult r : candidate) {
            c.putIfAbsent(r.key(), r);
        }
        for (JmhResult b : base) {
            JmhResult r = c.get(b.key());
            if (r == null || !b.unit().equals(r.unit())) {
                continue;
            }
            Pair pair = new Pair(forkValue(b), forkValue(r), forkScore(b), forkScore(r));
            if (usable(pair.baseSecondsPerOp()) && usable(pair.candidateSecondsPerOp())) {
                series.computeIfAbsent(b.key(), k -> new Series(k, b.unit(), new ArrayList<>())).pairs().add(pair);
            }
        }
    }

    /**
     * The comparison of everything recorded.
     *
     * @param threshold  largest tolerated slowdown, e.g. 0.10
     * @param confidence the intervals' coverage, e.g. 0.95
     */
    public Report compare(String baseName, String candidateName, String measure, int rounds, double threshold,
            double confidence, List<String> onlyOneSide) {
        List<Row> rows = new ArrayList<>();
        int needed = RatioInterval.minimumRounds(confidence);
        for (Series s : series.values()) {
            int n = s.pairs().size();
            double[] ratios = new double[n];
            double[] baseScores = new double[n];
            double[] candScores = new double[n];
            for (int i = 0; i < n; i++) {
                Pair p = s.pairs().get(i);
                ratios[i] = p.ratio();
                baseScores[i] = p.baseScore();
                candScores[i] = p.candidateScore();
            }
            Median median = Median.withDefaults();
            RatioInterval interval = n >= needed ? RatioInterval.of(ratios, confidence) : null;
            rows.add(new Row(s.key(), s.unit(), median.evaluate(baseScores), median.evaluate(candScores), interval,
                    verdict(interval, threshold)));
        }
        return new Report(baseName, candidateName, measure, rounds, threshold, confidence, List.copyOf(rows),
                List.copyOf(onlyOneSide));
    }

    /** The verdict on one interval of ratios; {@link Status#TOO_FEW} for none. */
    static Status verdict(RatioInterval i, double threshold) {
        if (i == null) {
            return Status.TOO_FEW;
        }
        double slow = 1 + threshold;
        double fast = 1 / slow;
        if (i.low() > slow) {
            return Status.REGRESSION;
        }
        if (i.high() < fast) {
            return Status.FASTER;
        }
        return i.median() > slow || i.median() < fast ? Status.UNCLEAR : Status.OK;
    }

    private static boolean usable(double secondsPerOp) {
        return secondsPerOp > 0 && !Double.isInfinite(secondsPerOp);
    }

    /** A fork's median measurement iteration as seconds per op (its score when it has no samples). */
    private static double forkValue(JmhResult r) {
        double[] t = r.samplesSecondsPerOp();
        return t.length == 0 ? r.scoreSecondsPerOp() : Median.withDefaults().evaluate(t);
    }

    /** A fork's median measurement iteration in its own unit, for the table. */
    private static double forkScore(JmhResult r) {
        return r.samples().length == 0 ? r.score() : Median.withDefaults().evaluate(r.samples());
    }
}
