package dev.memwall.validate;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.memwall.input.InputException;

/**
 * Reads the measurement files cases point at: a row of summary statistics, LLMServingSim's
 * per-request CSV, and SplitwiseSim's profiled iteration times. Problems with the case's
 * selection name the case file and JSON path; problems inside a CSV name the CSV and its line.
 */
final class MeasuredFiles {
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setTrim(true).build();

    private MeasuredFiles() {
    }

    /** The values of one summary row, per metric id, in ns; and the request count (or -1). */
    record Summary(Map<String, Double> valuesNs, long requests) {
    }

    /**
     * The row of {@code csv} matching every {@code spec.row()} entry.
     *
     * @param where the case file, for errors about the selection
     */
    static Summary summary(Path csv, ValidationCase.SummaryRow spec, String where) {
        List<CSVRecord> matches = new ArrayList<>();
        List<String> header = read(csv, (parser, records) -> {
            for (Map.Entry<String, String> e : spec.row().entrySet()) {
                requireColumn(parser, e.getKey(), where, "measured.row." + e.getKey(), csv);
            }
            for (Map.Entry<String, String> e : spec.columns().entrySet()) {
                requireColumn(parser, e.getValue(), where, "measured.columns." + e.getKey(), csv);
            }
            if (spec.countColumn() != null) {
                requireColumn(parser, spec.countColumn(), where, "measured.count_column", csv);
            }
            for (CSVRecord r : records) {
                boolean all = true;
                for (Map.Entry<String, String> e : spec.row().entrySet()) {
                    all &= e.getValue().equals(r.get(e.getKey()));
                }
                if (all) {
                    matches.add(r);
                }
            }
        });
        if (matches.size() != 1) {
            throw InputException.at(where, "measured.row: " + matches.size() + " rows of " + spec.file() + " match "
                    + describe(spec.row()) + " (expected exactly 1; columns: " + String.join(", ", header) + ")");
        }
        CSVRecord r = matches.get(0);
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : spec.columns().entrySet()) {
            values.put(e.getKey(), number(r, e.getValue(), csv) * spec.nsPerUnit());
        }
        long count = spec.countColumn() == null ? -1 : Math.round(number(r, spec.countColumn(), csv));
        return new Summary(values, count);
    }

    /** Per-request TTFT, TPOT (requests with more than one output token) and E2E, in ns. */
    record PerRequest(double[] ttftNs, double[] tpotNs, double[] e2eNs) {
        double[] of(String latency) {
            switch (latency) {
                case "ttft":
                    return ttftNs;
                case "tpot":
                    return tpotNs;
                default:
                    return e2eNs;
            }
        }
    }

    /** LLMServingSim's per-request CSV: columns {@code output}, {@code TTFT}, {@code TPOT}, {@code latency}. */
    static PerRequest perRequest(Path csv) {
        List<Double> ttft = new ArrayList<>();
        List<Double> tpot = new ArrayList<>();
        List<Double> e2e = new ArrayList<>();
        read(csv, (parser, records) -> {
            for (String column : List.of("output", "TTFT", "TPOT", "latency")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw InputException.at(csv.toString(), "missing column '" + column
                            + "' (expected LLMServingSim's per-request CSV)");
                }
            }
            for (CSVRecord r : records) {
                ttft.add(number(r, "TTFT", csv));
                e2e.add(number(r, "latency", csv));
                if (number(r, "output", csv) > 1) {
                    tpot.add(number(r, "TPOT", csv));
                }
            }
        });
        return new PerRequest(toArray(ttft), toArray(tpot), toArray(e2e));
    }

    /** SplitwiseSim's profiled times for one (prompt, batch, tokens) point: means over its repeats, ms. */
    record IterationPoint(int promptSize, int batchSize, int tokenSize, double promptMs, double tokenMs, int repeats) {
    }

    /** The points of a SplitwiseSim {@code perf_model.csv} whose columns match {@code row}, repeats averaged. */
    static List<IterationPoint> splitwise(Path csv, Map<String, String> row, String where) {
        Map<List<Integer>, double[]> sums = new LinkedHashMap<>();
        read(csv, (parser, records) -> {
            for (String column : List.of("prompt_size", "batch_size", "token_size", "prompt_time", "token_time")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw InputException.at(csv.toString(), "missing column '" + column
                            + "' (expected SplitwiseSim's perf_model.csv)");
                }
            }
            for (Map.Entry<String, String> e : row.entrySet()) {
                requireColumn(parser, e.getKey(), where, "measured.row." + e.getKey(), csv);
            }
            for (CSVRecord r : records) {
                boolean all = true;
                for (Map.Entry<String, String> e : row.entrySet()) {
                    all &= e.getValue().equals(r.get(e.getKey()));
                }
                if (!all) {
                    continue;
                }
                List<Integer> key = List.of((int) number(r, "prompt_size", csv), (int) number(r, "batch_size", csv),
                        (int) number(r, "token_size", csv));
                double[] s = sums.computeIfAbsent(key, k -> new double[3]);
                s[0] += number(r, "prompt_time", csv);
                s[1] += number(r, "token_time", csv);
                s[2]++;
            }
        });
        List<IterationPoint> points = new ArrayList<>();
        for (Map.Entry<List<Integer>, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            points.add(new IterationPoint(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), s[0] / s[2],
                    s[1] / s[2], (int) s[2]));
        }
        return points;
    }

    private interface Body {
        void accept(CSVParser parser, List<CSVRecord> records);
    }

    /** Parses {@code csv}, hands its records to {@code body}, returns the header. */
    private static List<String> read(Path csv, Body body) {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = CSV.parse(in)) {
            List<CSVRecord> records = parser.getRecords();
            body.accept(parser, records);
            return parser.getHeaderNames();
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw InputException.at(csv.toString(), "cannot read CSV (" + e.getMessage() + ")");
        }
    }

    private static void requireColumn(CSVParser parser, String column, String where, String path, Path csv) {
        if (!parser.getHeaderMap().containsKey(column)) {
            throw InputException.at(where, path + ": no column '" + column + "' in " + csv + " (columns: "
                    + String.join(", ", parser.getHeaderNames()) + ")");
        }
    }

    private static double number(CSVRecord r, String column, Path csv) {
        String text = r.isSet(column) ? r.get(column) : "";
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw InputException.at(csv + ":" + (r.getRecordNumber() + 1), column + ": expected a number (got '"
                    + text + "')");
        }
    }

    static String describe(Map<String, String> row) {
        List<String> parts = new ArrayList<>();
        row.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    private static double[] toArray(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
