package dev.memwall.gate;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.numbers.combinatorics.BinomialCoefficientDouble;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

import dev.memwall.bench.CpuTimeProfiler;
import dev.memwall.input.InputException;

/**
 * Check 3, engine wall time from stored results: a candidate JMH result against a baseline,
 * benchmark by benchmark (keyed by name, parameters and mode), on their raw per-iteration samples,
 * as Go's benchstat does. Each sample is turned into time per operation and divided by the median
 * time of a reference benchmark from the same run, which measures the machine rather than
 * memwall, so a baseline taken on a faster or quieter machine still compares. A benchmark is a
 * regression when a one-sided Mann-Whitney U test finds its candidate samples slower with
 * p &lt; {@value #SIGNIFICANCE} and their median is slower than the baseline's by more than the
 * threshold: significance alone would flag a real but harmless 1% change, a large median
 * difference alone would flag noise. A baseline needs at least {@value #MIN_BASELINE_SAMPLES}
 * samples per benchmark. Where the reference is missing from either file, raw samples are
 * compared and the report says so. Results from different JDK feature releases or VMs are
 * refused: JIT changes between them would read as regressions or gains that are not memwall's.
 */
public final class WallTimeGate {
    /** The machine-speed benchmark scores are normalised by. */
    public static final String DEFAULT_REFERENCE = "dev.memwall.bench.reference.MachineReferenceBenchmark.sortInts";
    /** The default largest tolerated slowdown, 25%. */
    public static final double DEFAULT_THRESHOLD = 0.25;
    /** The rank test's p-value below which a difference counts. */
    public static final double SIGNIFICANCE = 0.01;
    /**
     * Fewest samples per benchmark a baseline may hold. With n baseline and m candidate samples the
     * smallest p a rank test can give is 1 / C(n+m, m): 3 against 3 cannot go below 0.05, so such a
     * baseline could never flag anything; 10 reaches p &lt; 0.01 against a candidate of 3 samples.
     */
    public static final int MIN_BASELINE_SAMPLES = 10;

    private static final String WALL_TIME = "JMH's score, wall time per op (without " + CpuTimeProfiler.LABEL
            + " in every result of both files)";

    private WallTimeGate() {
    }

    /** What the gate concluded about one benchmark. */
    public enum Status {
        /** Within the threshold, or not significant. */
        OK("ok"),
        /** Slower by more than the threshold, and significantly. */
        REGRESSION("REGRESSION"),
        /** Faster by more than the threshold, and significantly. */
        FASTER("faster"),
        /** In the candidate only. */
        NEW("new"),
        /** In the baseline only. */
        MISSING("missing"),
        /** The reference benchmark itself: its change is the machine's. */
        REFERENCE("reference"),
        /** A score unit that is not a time or a rate, or a result without samples. */
        INCOMPARABLE("not comparable"),
        /** So few candidate samples that no difference could reach significance. */
        TOO_FEW("too few samples");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One benchmark's comparison.
     *
     * @param change normalised median time of the candidate over the baseline's, minus 1 (+0.30 =
     *               30% slower); NaN when not compared
     * @param pValue the one-sided rank test's p-value in the direction of {@code change}; NaN when
     *               not tested
     */
    public record Row(String key, JmhResult baseline, JmhResult candidate, double change, double pValue,
            Status status) {
        /** The benchmark's name, parameters and mode, for messages. */
        public String name() {
            JmhResult r = candidate != null ? candidate : baseline;
            return r.benchmark() + r.paramsText() + " " + r.mode();
        }
    }

    /**
     * The whole comparison.
     *
     * @param normalised    whether samples were divided by the reference benchmark's median
     * @param note          how samples were compared, one sentence
     * @param machineFactor the reference's candidate time over its baseline time; NaN when raw
     * @param measure       what the samples are, e.g. CPU time per op
     */
    public record Report(String baselineName, String candidateName, String jdk, double threshold, boolean normalised,
            String note, double machineFactor, List<Row> rows, String measure) {

        public List<Row> regressions() {
            return rows.stream().filter(r -> r.status() == Status.REGRESSION).toList();
        }

        public boolean passed() {
            return regressions().isEmpty();
        }

        /** Prints the header, one line per benchmark of the candidate, and the verdict. */
        public void print(PrintWriter out) {
            out.printf(Locale.US, "Wall-time gate: candidate %s vs baseline %s (%s), threshold %s, Mann-Whitney"
                    + " p < %s%n", candidateName, baselineName, jdk, TextTable.percent(threshold), SIGNIFICANCE);
            out.println("Compared: " + measure + ". " + note);
            out.println();
            TextTable table = new TextTable(new String[] {"benchmark", "mode", "baseline", "candidate", "change", "p",
                "status"}, false, false, true, true, true, true, false);
            for (Row r : rows) {
                if (r.status() == Status.MISSING) {
                    continue; // counted below: a partial run would otherwise drown the table
                }
                JmhResult any = r.candidate() != null ? r.candidate() : r.baseline();
                table.add(TextTable.shortName(any.benchmark()) + any.paramsText(), any.mode(), medianText(r.baseline()),
                        medianText(r.candidate()), Double.isNaN(r.change()) ? "" : TextTable.signedPercent(r.change()),
                        Double.isNaN(r.pValue()) ? "" : String.format(Locale.US, "%.2g", r.pValue()),
                        r.status().label());
            }
            table.print(out);
            out.println();
            printVerdict(out);
            out.flush();
        }

        private void printVerdict(PrintWriter out) {
            long compared = rows.stream().filter(r -> r.status() == Status.OK || r.status() == Status.REGRESSION
                    || r.status() == Status.FASTER).count();
            String counts = String.format(Locale.US, "%d compared, %d new, %d in the baseline only, %d with too few"
                    + " samples", compared, count(Status.NEW), count(Status.MISSING), count(Status.TOO_FEW));
            List<Row> bad = regressions();
            if (bad.isEmpty()) {
                out.printf(Locale.US, "PASS: no benchmark significantly slower by more than %s (%s).%n",
                        TextTable.percent(threshold), counts);
                return;
            }
            out.printf(Locale.US, "FAIL: %d regression%s (%s):%n", bad.size(), bad.size() == 1 ? "" : "s", counts);
            for (Row r : bad) {
                out.printf(Locale.US, "  %s: %s slower (median%s), Mann-Whitney p = %.2g%n", r.name(),
                        TextTable.signedPercent(r.change()), normalised ? ", normalised by the reference" : "",
                        r.pValue());
            }
        }

        private long count(Status s) {
            return rows.stream().filter(r -> r.status() == s).count();
        }
    }

    /**
     * Compares {@code candidate} with {@code baseline}.
     *
     * @param reference full name of the benchmark that measures the machine
     * @param threshold largest tolerated slowdown, e.g. 0.25
     * @throws InputException when either holds no results, they ran on different JDKs, or the
     *                        baseline has fewer than {@value #MIN_BASELINE_SAMPLES} samples of a benchmark
     */
    public static Report compare(List<JmhResult> baseline, String baselineName, List<JmhResult> candidate,
            String candidateName, String reference, double threshold) {
        if (baseline.isEmpty()) {
            throw InputException.at(baselineName, "holds no benchmark results");
        }
        if (candidate.isEmpty()) {
            throw InputException.at(candidateName, "holds no benchmark results");
        }
        String jdk = checkSameJdk(baseline, baselineName, candidate, candidateName);
        checkBaselineSamples(baseline, baselineName);

        double refB = referenceMedian(baseline, reference);
        double refC = referenceMedian(candidate, reference);
        boolean normalised = refB > 0 && refC > 0;
        double factor = normalised ? refC / refB : Double.NaN;
        String note = normalisationNote(normalised, factor, reference, find(baseline, reference) == null,
                find(candidate, reference) == null);

        Map<String, JmhResult> base = byKey(baseline);
        Map<String, JmhResult> cand = byKey(candidate);
        Set<String> keys = new LinkedHashSet<>(base.keySet());
        keys.addAll(cand.keySet());
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            rows.add(compareOne(key, base.get(key), cand.get(key), normalised ? refB : 1, normalised ? refC : 1,
                    reference, threshold));
        }
        return new Report(baselineName, candidateName, jdk, threshold, normalised, note, factor, List.copyOf(rows),
                WALL_TIME);
    }

    /**
     * Compares two JMH JSON files: on {@link CpuTimeProfiler}'s CPU time per op when every result
     * of both has it (runs made with {@code -prof dev.memwall.bench.CpuTimeProfiler}), which other
     * work on the machine disturbs far less; else on JMH's primary score, the wall time.
     *
     * @throws InputException as {@link #compare(List, String, List, String, String, double)} does
     */
    public static Report compareFiles(Path baseline, Path candidate, String reference, double threshold) {
        String cpu = CpuTimeProfiler.LABEL;
        if (JmhResult.allHaveSecondary(baseline, cpu) && JmhResult.allHaveSecondary(candidate, cpu)) {
            Report r = compare(JmhResult.readSecondary(baseline, cpu), baseline.toString(),
                    JmhResult.readSecondary(candidate, cpu), candidate.toString(), reference, threshold);
            return new Report(r.baselineName(), r.candidateName(), r.jdk(), r.threshold(), r.normalised(), r.note(),
                    r.machineFactor(), r.rows(), CpuTimeProfiler.MEASURED);
        }
        return compare(JmhResult.read(baseline), baseline.toString(), JmhResult.read(candidate), candidate.toString(),
                reference, threshold);
    }

    private static Row compareOne(String key, JmhResult b, JmhResult c, double refB, double refC, String reference,
            double threshold) {
        if (c == null) {
            return new Row(key, b, null, Double.NaN, Double.NaN, Status.MISSING);
        }
        if (b == null) {
            return new Row(key, null, c, Double.NaN, Double.NaN, Status.NEW);
        }
        double[] xb = scaled(b.samplesSecondsPerOp(), 1 / refB);
        double[] xc = scaled(c.samplesSecondsPerOp(), 1 / refC);
        if (!usable(xb) || !usable(xc)) {
            return new Row(key, b, c, Double.NaN, Double.NaN, Status.INCOMPARABLE);
        }
        Median median = Median.withDefaults();
        double mb = median.evaluate(xb);
        double mc = median.evaluate(xc);
        if (c.benchmark().equals(reference)) {
            return new Row(key, b, c, (mc * refC) / (mb * refB) - 1, Double.NaN, Status.REFERENCE);
        }
        double change = mc / mb - 1;
        if (smallestPValue(xb.length, xc.length) >= SIGNIFICANCE) {
            return new Row(key, b, c, change, Double.NaN, Status.TOO_FEW);
        }
        double pSlower = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN).test(xc, xb)
                .getPValue();
        double pFaster = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.LESS_THAN).test(xc, xb)
                .getPValue();
        Status status = Status.OK;
        if (pSlower < SIGNIFICANCE && change > threshold) {
            status = Status.REGRESSION;
        } else if (pFaster < SIGNIFICANCE && mb / mc - 1 > threshold) {
            status = Status.FASTER;
        }
        return new Row(key, b, c, change, change >= 0 ? pSlower : pFaster, status);
    }

    /**
     * The smallest one-sided p-value a rank test of {@code n} against {@code m} samples can give,
     * when every sample of one lies beyond every sample of the other: 1 / C(n+m, m).
     */
    static double smallestPValue(int n, int m) {
        return 1 / BinomialCoefficientDouble.value(n + m, m);
    }

    private static void checkBaselineSamples(List<JmhResult> baseline, String baselineName) {
        for (JmhResult r : baseline) {
            if (r.samples().length < MIN_BASELINE_SAMPLES) {
                throw new InputException(String.format(Locale.US, "gate: baseline %s: %s has %d sample%s; the"
                        + " sample test needs at least %d per benchmark (with %d against a short candidate run no"
                        + " difference can reach p < %s): retake it with more forks and iterations, as in the"
                        + " README's wall-time gate section", baselineName, r.key(), r.samples().length,
                        r.samples().length == 1 ? "" : "s", MIN_BASELINE_SAMPLES, r.samples().length, SIGNIFICANCE));
            }
        }
    }

    /** The reference benchmark's median sample in seconds per op; NaN when absent or unusable. */
    private static double referenceMedian(List<JmhResult> results, String reference) {
        JmhResult r = find(results, reference);
        if (r == null) {
            return Double.NaN;
        }
        double[] t = r.samplesSecondsPerOp();
        return usable(t) ? Median.withDefaults().evaluate(t) : Double.NaN;
    }

    private static String normalisationNote(boolean normalised, double factor, String reference, boolean baseLacks,
            boolean candLacks) {
        if (normalised) {
            return String.format(Locale.US, "Samples normalised by the median of %s in their own run: the"
                    + " candidate's machine took %.3fx the baseline's time on it.", reference, factor);
        }
        if (baseLacks && candLacks) {
            return "Raw samples compared: neither file holds the reference benchmark " + reference + ".";
        }
        if (baseLacks || candLacks) {
            return "Raw samples compared: " + (baseLacks ? "the baseline" : "the candidate")
                    + " lacks the reference benchmark " + reference + ".";
        }
        return "Raw samples compared: the reference benchmark " + reference + " has no usable samples.";
    }

    private static boolean usable(double[] samples) {
        if (samples.length == 0) {
            return false;
        }
        for (double v : samples) {
            if (!(v > 0) || Double.isInfinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double[] scaled(double[] values, double factor) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }

    /**
     * Refuses results from different JDK feature releases or VMs.
     *
     * @return the JDKs, for the report's header
     */
    static String checkSameJdk(List<JmhResult> baseline, String baselineName, List<JmhResult> candidate,
            String candidateName) {
        Set<String> b = jdks(baseline);
        Set<String> c = jdks(candidate);
        if (!features(baseline).equals(features(candidate))) {
            throw new InputException("gate: refusing to compare across JDK versions: baseline " + baselineName
                    + " ran on " + String.join(", ", b) + ", candidate " + candidateName + " on " + String.join(", ", c)
                    + "; measure both on one JDK, or make the candidate the baseline with gate --update-baseline");
        }
        String jdks = String.join(", ", b);
        String cj = String.join(", ", c);
        return jdks.equals(cj) ? jdks : "baseline " + jdks + ", candidate " + cj;
    }

    private static Set<String> jdks(List<JmhResult> results) {
        Set<String> out = new LinkedHashSet<>();
        for (JmhResult r : results) {
            out.add("JDK " + r.jdkVersion() + (r.vmName().isEmpty() ? "" : " " + r.vmName()));
        }
        return out;
    }

    private static Set<String> features(List<JmhResult> results) {
        Set<String> out = new LinkedHashSet<>();
        for (JmhResult r : results) {
            out.add(r.jdkFeature() + "|" + r.vmName());
        }
        return out;
    }

    private static Map<String, JmhResult> byKey(List<JmhResult> results) {
        Map<String, JmhResult> out = new LinkedHashMap<>();
        for (JmhResult r : results) {
            out.putIfAbsent(r.key(), r);
        }
        return out;
    }

    private static JmhResult find(List<JmhResult> results, String benchmark) {
        for (JmhResult r : results) {
            if (r.benchmark().equals(benchmark)) {
                return r;
            }
        }
        return null;
    }

    /** The median of a result's samples in its own unit, with their count; the score when it has none. */
    private static String medianText(JmhResult r) {
        if (r == null) {
            return "-";
        }
        if (r.samples().length == 0) {
            return TextTable.number(r.score()) + " " + r.unit();
        }
        return TextTable.number(Median.withDefaults().evaluate(r.samples())) + " " + r.unit() + " (n="
                + r.samples().length + ")";
    }
}
