package dev.memwall.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.memwall.input.InputException;

/**
 * One benchmark's primary result from a JMH JSON file ({@code -rf json}).
 *
 * @param benchmark  the benchmark's full name, e.g. {@code dev.memwall.bench.engine.EventHeapBenchmark.popThenPush}
 * @param mode       JMH's mode name: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param params     its {@code @Param} values, sorted by name
 * @param score      the primary score
 * @param error      half the 99.9% confidence interval; NaN when JMH had too few samples
 * @param unit       the score's unit, e.g. {@code ns/op} or {@code ops/s}
 * @param jdkVersion the JDK that ran it, e.g. {@code 17.0.15}
 * @param vmName     the VM that ran it, e.g. {@code OpenJDK 64-Bit Server VM}
 * @param samples    the raw per-iteration scores of every fork, in {@code unit} (JMH's
 *                   {@code rawData}, forks one after another); empty when the file has none
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error,
        String unit, String jdkVersion, String vmName, double[] samples) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What identifies a result across runs: benchmark, parameters and mode. */
    public String key() {
        return benchmark + paramsText() + " " + mode;
    }

    /** {@code (a=1, b=x)}, or empty without parameters. */
    public String paramsText() {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("(");
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.append(')').toString();
    }

    /** {@link #score} as seconds per operation; NaN for a unit that is neither a time per op nor a rate. */
    public double scoreSecondsPerOp() {
        return OpTime.secondsPerOp(unit, score);
    }

    /** {@link #samples} as seconds per operation (NaN each for a unit that is neither). */
    public double[] samplesSecondsPerOp() {
        double[] out = new double[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = OpTime.secondsPerOp(unit, samples[i]);
        }
        return out;
    }

    /** The JDK's feature release: {@code 17} of {@code 17.0.15}, {@code 1.8} stays {@code 1.8}. */
    public String jdkFeature() {
        String v = jdkVersion;
        if (v.startsWith("1.")) {
            int dot = v.indexOf('.', 2);
            return dot < 0 ? v : v.substring(0, dot);
        }
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? v : v.substring(0, end);
    }

    /**
     * Reads every result of a JMH JSON file.
     *
     * @throws InputException when the file is missing or is not a JMH JSON result
     */
    public static List<JmhResult> read(Path file) {
        JsonNode root = tree(file);
        List<JmhResult> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(parse(root.get(i), file + ": [" + i + "]", null));
        }
        return out;
    }

    /** The file's JSON array of results. */
    private static JsonNode tree(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw InputException.at(file.toString(), "no such file");
        } catch (JsonProcessingException e) {
            throw InputException.at(file.toString(), "not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw InputException.at(file.toString(), "cannot read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isArray()) {
            throw InputException.at(file.toString(), "not a JMH JSON result (expected an array of benchmark results;"
                    + " write one with -rf json -rff FILE)");
        }
        return root;
    }

    /**
     * Reads every result of a JMH JSON file with its secondary result {@code metric} (e.g. a
     * profiler's) in place of the primary one: score, error, unit and samples are the metric's.
     *
     * @throws InputException when the file is not a JMH JSON result or a result lacks the metric
     */
    public static List<JmhResult> readSecondary(Path file, String metric) {
        JsonNode root = tree(file);
        List<JmhResult> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(parse(root.get(i), file + ": [" + i + "]", metric));
        }
        return out;
    }

    /** Whether every result of a JMH JSON file has the secondary result {@code metric}. */
    public static boolean allHaveSecondary(Path file, String metric) {
        JsonNode root = tree(file);
        for (JsonNode n : root) {
            if (!n.path("secondaryMetrics").path(metric).isObject()) {
                return false;
            }
        }
        return root.size() > 0;
    }

    private static JsonNode require(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InputException(where + "." + field + ": missing (not a JMH JSON result?)");
        }
        return v;
    }

    /** One result; with {@code metric} non-null, that secondary result in place of the primary one. */
    private static JmhResult parse(JsonNode n, String where, String metric) {
        if (!n.isObject()) {
            throw new InputException(where + ": expected a benchmark result object");
        }
        String benchmark = require(n, "benchmark", where).asText();
        String mode = require(n, "mode", where).asText();
        SortedMap<String, String> params = new TreeMap<>();
        JsonNode p = n.get("params");
        if (p != null && p.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode primary;
        String pw;
        if (metric == null) {
            primary = require(n, "primaryMetric", where);
            pw = where + ".primaryMetric";
        } else {
            primary = n.path("secondaryMetrics").get(metric);
            pw = where + ".secondaryMetrics." + metric;
            if (primary == null || !primary.isObject()) {
                throw new InputException(pw + ": missing (was the run made with the profiler that reports it?)");
            }
        }
        double score = number(require(primary, "score", pw), pw + ".score");
        JsonNode err = primary.get("scoreError");
        double error = err == null ? Double.NaN : number(err, pw + ".scoreError");
        String unit = require(primary, "scoreUnit", pw).asText();
        String jdk = require(n, "jdkVersion", where).asText();
        JsonNode vm = n.get("vmName");
        return new JmhResult(benchmark, mode, Collections.unmodifiableSortedMap(params), score, error, unit,
                jdk, vm == null ? "" : vm.asText(), rawSamples(primary.get("rawData"), pw + ".rawData"));
    }

    /** JMH's {@code rawData}, an array per fork of per-iteration scores, flattened; empty when absent. */
    private static double[] rawSamples(JsonNode raw, String where) {
        if (raw == null || raw.isNull()) {
            return new double[0];
        }
        if (!raw.isArray()) {
            throw new InputException(where + ": expected an array of forks' per-iteration scores");
        }
        List<Double> values = new ArrayList<>();
        for (int f = 0; f < raw.size(); f++) {
            JsonNode fork = raw.get(f);
            if (!fork.isArray()) {
                throw new InputException(where + "[" + f + "]: expected an array of per-iteration scores");
            }
            for (int i = 0; i < fork.size(); i++) {
                values.add(number(fork.get(i), where + "[" + f + "][" + i + "]"));
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A JSON number, or the strings JMH writes for non-finite values ({@code "NaN"}, {@code "Infinity"}). */
    private static double number(JsonNode v, String where) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            switch (v.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new InputException(where + ": expected a number (got " + v + ")");
    }
}
