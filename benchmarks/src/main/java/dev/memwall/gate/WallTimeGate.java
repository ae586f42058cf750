package dev.memwall.gate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.memwall.input.InputException;

/**
 * Check 3, engine wall time: a candidate JMH result against a baseline, benchmark by benchmark
 * (keyed by name, parameters and mode). Each score is first turned into time per operation and
 * divided by the time of a reference benchmark from the same run, which measures the machine
 * rather than memwall, so a baseline taken on a faster or quieter machine still compares. A
 * benchmark is a regression only when its normalised time grew by more than the threshold and
 * its error bars ({@code score ± scoreError}, JMH's 99.9% interval) do not overlap the
 * baseline's. Where the reference is missing from either file, raw scores are compared and the
 * report says so. Results from different JDK feature releases or VMs are refused: JIT changes
 * between them would read as regressions or gains that are not memwall's.
 */
public final class WallTimeGate {
    /** The machine-speed benchmark scores are normalised by. */
    public static final String DEFAULT_REFERENCE = "dev.memwall.bench.reference.MachineReferenceBenchmark.sortInts";
    /** The default largest tolerated slowdown, 25%. */
    public static final double DEFAULT_THRESHOLD = 0.25;

    private static final String SHORT_PREFIX = "dev.memwall.bench.";

    private WallTimeGate() {
    }

    /** What the gate concluded about one benchmark. */
    public enum Status {
        /** Within the threshold, or error bars overlap. */
        OK("ok"),
        /** Slower by more than the threshold, error bars apart. */
        REGRESSION("REGRESSION"),
        /** Faster by more than the threshold, error bars apart. */
        FASTER("faster"),
        /** In the candidate only. */
        NEW("new"),
        /** In the baseline only. */
        MISSING("missing"),
        /** The reference benchmark itself: its change is the machine's. */
        REFERENCE("reference"),
        /** A score unit that is not a time or a rate, or units that cannot be compared. */
        INCOMPARABLE("not comparable");

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
     * @param change normalised time of the candidate over the baseline's, minus 1 (+0.30 = 30%
     *               slower); NaN when not compared
     */
    public record Row(String key, JmhResult baseline, JmhResult candidate, double change, Status status) {
        /** The benchmark's name, parameters and mode, for messages. */
        public String name() {
            JmhResult r = candidate != null ? candidate : baseline;
            return r.benchmark() + r.paramsText() + " " + r.mode();
        }
    }

    /**
     * The whole comparison.
     *
     * @param normalised    whether scores were divided by the reference benchmark's
     * @param note          how scores were compared, one sentence
     * @param machineFactor the reference's candidate time over its baseline time; NaN when raw
     */
    public record Report(String baselineName, String candidateName, String jdk, double threshold, boolean normalised,
            String note, double machineFactor, List<Row> rows) {

        public List<Row> regressions() {
            return rows.stream().filter(r -> r.status() == Status.REGRESSION).toList();
        }

        public boolean passed() {
            return regressions().isEmpty();
        }

        /** Prints the header, one line per benchmark of the candidate, and the verdict. */
        public void print(PrintWriter out) {
            out.printf(Locale.ROOT, "Wall-time gate: candidate %s vs baseline %s (%s), threshold %s%n", candidateName,
                    baselineName, jdk, percent(threshold));
            out.println(note);
            out.println();
            String[] head = {"benchmark", "mode", "baseline", "candidate", "change", "status"};
            List<String[]> lines = new ArrayList<>();
            lines.add(head);
            for (Row r : rows) {
                if (r.status() == Status.MISSING) {
                    continue; // counted below: a partial run would otherwise drown the table
                }
                JmhResult any = r.candidate() != null ? r.candidate() : r.baseline();
                String name = any.benchmark().startsWith(SHORT_PREFIX)
                        ? any.benchmark().substring(SHORT_PREFIX.length()) : any.benchmark();
                lines.add(new String[] {name + any.paramsText(), any.mode(), scoreText(r.baseline()),
                    scoreText(r.candidate()), Double.isNaN(r.change()) ? "" : signedPercent(r.change()),
                    r.status().label()});
            }
            int[] width = new int[head.length];
            for (String[] l : lines) {
                for (int i = 0; i < l.length; i++) {
                    width[i] = Math.max(width[i], l[i].length());
                }
            }
            for (String[] l : lines) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < l.length; i++) {
                    boolean right = i >= 2 && i <= 4;
                    String cell = right ? " ".repeat(width[i] - l[i].length()) + l[i]
                            : l[i] + " ".repeat(width[i] - l[i].length());
                    sb.append(cell).append(i + 1 < l.length ? "  " : "");
                }
                out.println(sb.toString().stripTrailing());
            }
            out.println();
            long compared = rows.stream().filter(r -> r.status() == Status.OK || r.status() == Status.REGRESSION
                    || r.status() == Status.FASTER).count();
            long added = rows.stream().filter(r -> r.status() == Status.NEW).count();
            long missing = rows.stream().filter(r -> r.status() == Status.MISSING).count();
            String counts = String.format(Locale.ROOT, "%d compared, %d new, %d in the baseline only",
                    compared, added, missing);
            List<Row> bad = regressions();
            if (bad.isEmpty()) {
                out.printf(Locale.ROOT, "PASS: no benchmark slower by more than %s with error bars apart (%s).%n",
                        percent(threshold), counts);
            } else {
                out.printf(Locale.ROOT, "FAIL: %d regression%s (%s):%n", bad.size(), bad.size() == 1 ? "" : "s", counts);
                for (Row r : bad) {
                    out.printf(Locale.ROOT, "  %s: %s slower%s, error bars apart%n", r.name(), signedPercent(r.change()),
                            normalised ? " after normalising by the reference" : "");
                }
            }
            out.flush();
        }
    }

    /**
     * Compares {@code candidate} with {@code baseline}.
     *
     * @param reference full name of the benchmark that measures the machine
     * @param threshold largest tolerated slowdown, e.g. 0.25
     * @throws InputException when either holds no results, or they ran on different JDKs
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

        Map<String, JmhResult> base = byKey(baseline);
        Map<String, JmhResult> cand = byKey(candidate);
        JmhResult refBase = find(baseline, reference);
        JmhResult refCand = find(candidate, reference);
        double[] refB = refBase == null ? null : timePerOp(refBase);
        double[] refC = refCand == null ? null : timePerOp(refCand);
        boolean normalised = refB != null && refC != null && refB[1] > 0 && refC[1] > 0;
        double factor = normalised ? refC[1] / refB[1] : Double.NaN;
        String note;
        if (normalised) {
            note = String.format(Locale.ROOT, "Scores normalised by %s: the candidate's machine took %.3fx the"
                    + " baseline's time on it.", reference, factor);
        } else if (refBase == null && refCand == null) {
            note = "Raw scores compared: neither file holds the reference benchmark " + reference + ".";
        } else {
            note = "Raw scores compared: " + (refBase == null ? "the baseline" : "the candidate")
                    + " lacks the reference benchmark " + reference + ".";
        }

        Set<String> keys = new LinkedHashSet<>(base.keySet());
        keys.addAll(cand.keySet());
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            JmhResult b = base.get(key);
            JmhResult c = cand.get(key);
            if (c == null) {
                rows.add(new Row(key, b, null, Double.NaN, Status.MISSING));
                continue;
            }
            if (b == null) {
                rows.add(new Row(key, null, c, Double.NaN, Status.NEW));
                continue;
            }
            double[] tb = timePerOp(b);
            double[] tc = timePerOp(c);
            if (tb == null || tc == null || !(tb[1] > 0) || !(tc[1] > 0)) {
                rows.add(new Row(key, b, c, Double.NaN, Status.INCOMPARABLE));
                continue;
            }
            if (c.benchmark().equals(reference)) {
                rows.add(new Row(key, b, c, tc[1] / tb[1] - 1, Status.REFERENCE));
                continue;
            }
            double nb = normalised ? refB[1] : 1.0;
            double nc = normalised ? refC[1] : 1.0;
            double change = (tc[1] / nc) / (tb[1] / nb) - 1;
            boolean apart = tc[0] / nc > tb[2] / nb || tb[0] / nb > tc[2] / nc;
            Status status = Status.OK;
            if (apart && change > threshold) {
                status = Status.REGRESSION;
            } else if (apart && (tb[1] / nb) / (tc[1] / nc) - 1 > threshold) {
                status = Status.FASTER;
            }
            rows.add(new Row(key, b, c, change, status));
        }
        return new Report(baselineName, candidateName, jdk, threshold, normalised, note, factor, List.copyOf(rows));
    }

    /**
     * A result as seconds per operation: {@code [low, score, high]} from {@code score ± error}
     * (a missing error counts as 0); null for a unit that is neither a time per op nor a rate.
     */
    static double[] timePerOp(JmhResult r) {
        String unit = r.unit();
        double e = Double.isNaN(r.error()) ? 0 : Math.abs(r.error());
        double s = r.score();
        if (unit.endsWith("/op")) {
            double f = secondsPer(unit.substring(0, unit.length() - 3));
            return Double.isNaN(f) ? null : new double[] {(s - e) * f, s * f, (s + e) * f};
        }
        if (unit.startsWith("ops/")) {
            double f = secondsPer(unit.substring(4));
            if (Double.isNaN(f)) {
                return null;
            }
            return new double[] {f / (s + e), f / s, s - e > 0 ? f / (s - e) : Double.POSITIVE_INFINITY};
        }
        return null;
    }

    /** Seconds in one of JMH's time-unit abbreviations; NaN for anything else. */
    private static double secondsPer(String unit) {
        switch (unit) {
            case "ns":
                return 1e-9;
            case "us":
            case "\u00b5s":
                return 1e-6;
            case "ms":
                return 1e-3;
            case "s":
                return 1;
            case "min":
                return 60;
            case "hr":
                return 3600;
            case "day":
                return 86400;
            default:
                return Double.NaN;
        }
    }

    private static String checkSameJdk(List<JmhResult> baseline, String baselineName, List<JmhResult> candidate,
            String candidateName) {
        Set<String> b = jdks(baseline);
        Set<String> c = jdks(candidate);
        Set<String> bf = features(baseline);
        Set<String> cf = features(candidate);
        if (!bf.equals(cf)) {
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

    private static String scoreText(JmhResult r) {
        if (r == null) {
            return "-";
        }
        String s = number(r.score());
        return Double.isNaN(r.error()) ? s + " " + r.unit() : s + " \u00b1 " + number(r.error()) + " " + r.unit();
    }

    private static String number(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e7 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f", v);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static String signedPercent(double v) {
        return String.format(Locale.ROOT, "%+.1f%%", v * 100);
    }
}
