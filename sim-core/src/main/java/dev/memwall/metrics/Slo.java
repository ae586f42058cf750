package dev.memwall.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.memwall.input.InputException;

/**
 * A service-level objective, {@code --slo}: comma-separated terms {@code <name><op><value>}.
 * <ul>
 *   <li>per request: {@code ttft}, {@code tpot}, {@code e2e} or {@code queueing} with {@code <=}
 *       or {@code <} and a time ({@code 2s}, {@code 100ms}, {@code 500us}; a bare number is ms):
 *       a completed request is good when it meets every one;
 *   <li>over the run: a latency statistic such as {@code ttft_p99} or {@code tpot_mean} (ids of
 *       the metric vocabulary: {@code <latency>_<mean|p50|p90|p99|p999|max>}) with a time;
 *   <li>{@code attainment>=F}: the share of requests that must be good (a fraction, or a
 *       percentage such as {@code 90%}); default {@value #DEFAULT_ATTAINMENT} when per-request
 *       terms are given, the target common in serving papers (DistServe).
 * </ul>
 * The run meets the SLO when every run-wide term holds and the good share reaches the attainment.
 * {@link #NONE} has no terms: every completed request is good and every run meets it.
 *
 * @param text       the SLO as written, or null for {@link #NONE}
 * @param perRequest per-request terms
 * @param aggregate  run-wide terms
 * @param attainment share of requests that must meet the per-request terms
 */
public record Slo(String text, List<Term> perRequest, List<Term> aggregate, double attainment) {
    /** Default share of good requests. */
    public static final double DEFAULT_ATTAINMENT = 0.9;
    /** No objective. */
    public static final Slo NONE = new Slo(null, List.of(), List.of(), 0);

    private static final List<String> LATENCIES = List.of("ttft", "tpot", "itl", "e2e", "queueing", "handoff");
    private static final List<String> PER_REQUEST = List.of("ttft", "tpot", "e2e", "queueing");
    private static final List<String> STATS = List.of("mean", "p50", "p90", "p99", "p999", "max");
    private static final Pattern TERM =
            Pattern.compile("\\s*([a-z0-9_]+)\\s*(<=|<|>=|>)\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([a-z%]*)\\s*");

    public Slo {
        perRequest = List.copyOf(perRequest);
        aggregate = List.copyOf(aggregate);
    }

    /**
     * One term: {@code name op threshold}, latencies in ms.
     *
     * @param name      {@code ttft}, or a statistic id such as {@code ttft_p99}
     * @param atMost    whether the value must stay below the threshold ({@code <=} or {@code <})
     * @param inclusive whether equality meets it
     */
    public record Term(String name, boolean atMost, boolean inclusive, double threshold) {
        /** Whether {@code value} meets this term. */
        public boolean meets(double value) {
            if (atMost) {
                return inclusive ? value <= threshold : value < threshold;
            }
            return inclusive ? value >= threshold : value > threshold;
        }
    }

    /** Whether there is anything to meet. */
    public boolean isNone() {
        return perRequest.isEmpty() && aggregate.isEmpty();
    }

    /**
     * Parses an SLO.
     *
     * @param where names it in errors, e.g. {@code simulate: --slo}
     * @throws InputException naming the term that does not parse
     */
    public static Slo parse(String text, String where) {
        if (text == null || text.isBlank()) {
            throw InputException.at(where, "empty SLO (expected e.g. ttft_p99<=2s,tpot_p99<=100ms)");
        }
        List<Term> perRequest = new ArrayList<>();
        List<Term> aggregate = new ArrayList<>();
        double attainment = Double.NaN;
        for (String part : text.split(",", -1)) {
            Matcher m = TERM.matcher(part.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw InputException.at(where, "'" + part.trim() + "' is not <name><op><value> (e.g. ttft<=2s,"
                        + " tpot_p99<=100ms, attainment>=0.9)");
            }
            String name = m.group(1);
            boolean atMost = m.group(2).startsWith("<");
            boolean inclusive = m.group(2).endsWith("=");
            double value = Double.parseDouble(m.group(3));
            if (name.equals("attainment")) {
                attainment = attainment(m, value, where, part);
                continue;
            }
            Term t = new Term(name, atMost, inclusive, millis(m.group(4), value, where, part));
            if (PER_REQUEST.contains(name)) {
                requireAtMost(t, where, part);
                perRequest.add(t);
            } else if (isStatistic(name)) {
                aggregate.add(t);
            } else {
                throw InputException.at(where, "'" + part.trim() + "': unknown name '" + name + "' (per request: "
                        + String.join(", ", PER_REQUEST) + "; over the run: e.g. ttft_p99, tpot_mean; attainment)");
            }
        }
        if (Double.isNaN(attainment)) {
            attainment = perRequest.isEmpty() ? 0 : DEFAULT_ATTAINMENT;
        }
        return new Slo(text.trim(), perRequest, aggregate, attainment);
    }

    private static double attainment(Matcher m, double value, String where, String part) {
        if (!m.group(2).equals(">=")) {
            throw InputException.at(where, "'" + part.trim() + "': write attainment>=F");
        }
        double f = m.group(4).equals("%") ? value / 100 : value;
        if (!m.group(4).isEmpty() && !m.group(4).equals("%") || !(f > 0 && f <= 1)) {
            throw InputException.at(where, "'" + part.trim() + "': attainment must be in (0, 1] or (0, 100]%");
        }
        return f;
    }

    private static void requireAtMost(Term t, String where, String part) {
        if (!t.atMost()) {
            throw InputException.at(where, "'" + part.trim() + "': a per-request latency bound takes <= or <");
        }
    }

    /** {@code ttft_p99} and the like: a latency and one of its statistics. */
    private static boolean isStatistic(String name) {
        int u = name.indexOf('_');
        return u > 0 && LATENCIES.contains(name.substring(0, u)) && STATS.contains(name.substring(u + 1));
    }

    private static double millis(String unit, double value, String where, String part) {
        return switch (unit) {
            case "", "ms" -> value;
            case "s" -> value * 1e3;
            case "us" -> value / 1e3;
            default -> throw InputException.at(where, "'" + part.trim() + "': unknown unit '" + unit
                    + "' (s, ms or us)");
        };
    }

    /**
     * Whether request {@code r} of a finished run meets every per-request term. Requests that did
     * not complete never do.
     */
    public boolean good(RequestRecords t, int r) {
        long end = t.endNs(r);
        if (end < 0) {
            return false;
        }
        for (int k = 0; k < perRequest.size(); k++) { // indexed: called per completion, no iterator
            Term term = perRequest.get(k);
            double ms = switch (term.name()) {
                case "ttft" -> (t.firstTokenNs(r) - t.arrivalNs(r)) / 1e6;
                case "e2e" -> (end - t.arrivalNs(r)) / 1e6;
                case "queueing" -> (t.firstScheduledNs(r) - t.arrivalNs(r)) / 1e6;
                default -> t.outputTokens(r) > 1 ? (end - t.firstTokenNs(r)) / 1e6 / (t.outputTokens(r) - 1) : 0;
            };
            if (!term.meets(ms)) {
                return false;
            }
        }
        return true;
    }
}
