package dev.memwall.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.input.JsonFiles;
import dev.memwall.input.KeySuggestions;
import dev.memwall.serving.TimingBackend;

/**
 * Finds and reads validation case files (schema: {@code configs/validation/README.md}). Every
 * problem is a one-line {@link InputException} naming the file and the JSON path, e.g.
 * {@code configs/validation/x.json: measured.unit: expected one of s, ms, us, ns (got "min")}.
 */
public final class CaseFiles {
    private static final String SUFFIX = ".json";
    private static final List<String> KINDS = List.of("serving", "iteration_times", "kernel_table");
    private static final List<String> COMMON_KEYS = List.of("title", "kind", "notes", "gate", "skip");
    private static final List<String> KERNEL_KEYS = concat(COMMON_KEYS, List.of("hardware", "fit", "tables",
            "models_dir"));
    private static final List<String> SERVING_KEYS = concat(COMMON_KEYS,
            List.of("cluster_config", "trace", "timing", "profile_dir", "engine", "max_num_seqs", "measured"));
    private static final List<String> ITERATION_KEYS = concat(COMMON_KEYS, List.of("model", "hardware", "tp_size", "engine",
            "measured", "prompt_sizes", "batch_sizes", "reference_prompt_size", "token_size"));
    private static final List<String> SERVING_FORMATS = List.of("summary_csv", "per_request_csv");
    private static final List<String> SUMMARY_KEYS = List.of("format", "file", "row", "columns", "unit",
            "count_column");
    private static final List<String> PER_REQUEST_KEYS = List.of("format", "file");
    private static final List<String> SPLITWISE_KEYS = List.of("format", "file", "row");
    private static final Map<String, Double> NS_PER_UNIT = Map.of("s", 1e9, "ms", 1e6, "us", 1e3, "ns", 1.0);

    private CaseFiles() {
    }

    /** The case files of {@code dir} ({@code *.json}, not its subdirectories), sorted by name. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw InputException.at(dir.toString(), "not a directory of validation cases");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw InputException.at(dir.toString(), "cannot list validation cases (" + e + ")");
        }
    }

    /**
     * The case file for {@code name}: a path to a {@code .json} file as given, else
     * {@code <dir>/<name>.json}; an unknown name lists the known ones.
     */
    public static Path find(Path dir, String name) {
        Path given = Path.of(name);
        if (name.endsWith(SUFFIX) && Files.isRegularFile(given)) {
            return given;
        }
        Path file = dir.resolve(name + SUFFIX);
        if (Files.isRegularFile(file)) {
            return file;
        }
        List<String> known = new ArrayList<>();
        for (Path p : list(dir)) {
            known.add(idOf(p));
        }
        String nearest = KeySuggestions.nearest(name, known);
        throw InputException.at("validate", "unknown case '" + name + "' (no " + file
                + (nearest != null ? "; did you mean '" + nearest + "'?" : "; known: " + String.join(", ", known))
                + ")");
    }

    /** The case id of a file: its name without {@code .json}. */
    public static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /** Reads and validates one case file. */
    public static ValidationCase read(Path file) {
        String where = file.toString();
        JsonNode root = JsonFiles.readObject(file);
        String kind = JsonFields.open(root, where).string("kind");
        if (!KINDS.contains(kind)) {
            throw InputException.at(where, "kind: expected one of " + String.join(", ", KINDS) + " (got \"" + kind
                    + "\")");
        }
        boolean serving = kind.equals("serving");
        boolean kernels = kind.equals("kernel_table");
        JsonFields top = JsonFields.closed(root, "", where, serving ? SERVING_KEYS : kernels ? KERNEL_KEYS
                : ITERATION_KEYS);
        String title = top.string("title");
        String notes = notes(top, where);
        ValidationCase.Spec spec = serving ? serving(top, where) : kernels ? kernelTable(top, where)
                : iterationTimes(top, where);
        List<String> gateKeys = gateKeys(spec);
        Map<String, Double> gate = gate(top, gateKeys);
        String skip = top.isNull("skip") ? null : top.string("skip");
        return new ValidationCase(idOf(file), file, title, notes, gate, skip, spec);
    }

    private static ValidationCase.Serving serving(JsonFields top, String where) {
        String cluster = top.string("cluster_config");
        String trace = top.string("trace");
        TimingBackend timing = TimingBackend.parse(top.string("timing"), where + ": timing");
        String profileDir = top.isNull("profile_dir") ? null : top.string("profile_dir");
        String engine = top.isNull("engine") ? null : top.string("engine");
        Integer maxNumSeqs = top.isNull("max_num_seqs") ? null : top.positiveInt("max_num_seqs");
        String format = format(top, where, SERVING_FORMATS);
        if (format.equals("per_request_csv")) {
            JsonFields f = top.object("measured", PER_REQUEST_KEYS);
            return new ValidationCase.Serving(cluster, trace, timing, profileDir, engine, maxNumSeqs,
                    new ValidationCase.PerRequestCsv(f.string("file")));
        }
        JsonFields f = top.object("measured", SUMMARY_KEYS);
        String file = f.string("file");
        Map<String, String> row = stringMap(f, "row", null);
        if (row.isEmpty()) {
            throw f.error("row", "must name at least one column to select the row by");
        }
        Map<String, String> columns = stringMap(f, "columns", Metrics.IDS);
        if (columns.isEmpty()) {
            throw f.error("columns", "must map at least one metric (e.g. \"ttft_mean\") to a column");
        }
        String unit = f.string("unit");
        Double nsPerUnit = NS_PER_UNIT.get(unit);
        if (nsPerUnit == null) {
            throw f.error("unit", "expected one of s, ms, us, ns (got \"" + unit + "\")");
        }
        String count = f.isNull("count_column") ? null : f.string("count_column");
        return new ValidationCase.Serving(cluster, trace, timing, profileDir, engine, maxNumSeqs,
                new ValidationCase.SummaryRow(file, row, columns, nsPerUnit, count));
    }

    private static ValidationCase.IterationTimes iterationTimes(JsonFields top, String where) {
        String model = top.string("model");
        String hardware = top.string("hardware");
        int tp = top.positiveInt("tp_size");
        format(top, where, List.of("splitwise_csv"));
        JsonFields m = top.object("measured", SPLITWISE_KEYS);
        String file = m.string("file");
        Map<String, String> row = stringMap(m, "row", null);
        List<Integer> prompts = positiveInts(top, "prompt_sizes", where);
        List<Integer> batches = positiveInts(top, "batch_sizes", where);
        int reference = top.positiveInt("reference_prompt_size");
        if (!prompts.contains(reference)) {
            throw top.error("reference_prompt_size", "must be one of prompt_sizes " + prompts + " (got " + reference
                    + ")");
        }
        if (!batches.contains(1)) {
            throw top.error("batch_sizes", "must include 1, the batch ratios are taken to (got " + batches + ")");
        }
        String engine = top.isNull("engine") ? null : top.string("engine");
        return new ValidationCase.IterationTimes(model, hardware, tp, engine, file, row, prompts, batches, reference,
                top.positiveInt("token_size"));
    }

    private static ValidationCase.KernelTable kernelTable(JsonFields top, String where) {
        String hardware = top.string("hardware");
        List<String> fit = top.isNull("fit") ? List.of() : strings(top, "fit", where);
        List<String> tables = strings(top, "tables", where);
        String models = top.isNull("models_dir") ? null : top.string("models_dir");
        return new ValidationCase.KernelTable(hardware, fit, tables, models);
    }

    private static List<String> strings(JsonFields top, String key, String where) {
        JsonNode n = top.required(key);
        if (!n.isArray() || n.isEmpty()) {
            throw top.error(key, "must be a non-empty array of paths (got " + n + ")");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw InputException.at(where, top.pathOf(key) + "[" + i + "]: must be a string (got " + n.get(i)
                        + ")");
            }
            values.add(n.get(i).asText());
        }
        return List.copyOf(values);
    }

    /** The {@code measured.format} of a case, one of {@code formats}. */
    private static String format(JsonFields top, String where, List<String> formats) {
        // Every format's keys are among the summary format's: the format-specific check follows.
        String format = top.object("measured", SUMMARY_KEYS).string("format");
        if (!formats.contains(format)) {
            throw InputException.at(where, top.pathOf("measured") + ".format: expected " + String.join(" or ", formats)
                    + " (got \"" + format + "\")");
        }
        return format;
    }

    /** The keys a gate may use for this spec. */
    private static List<String> gateKeys(ValidationCase.Spec spec) {
        List<String> keys = new ArrayList<>();
        keys.add(ValidationCase.ALL);
        if (spec instanceof ValidationCase.KernelTable) {
            keys.addAll(KernelRows.IDS);
        }
        if (spec instanceof ValidationCase.Serving s) {
            if (s.measured() instanceof ValidationCase.SummaryRow row) {
                keys.addAll(row.columns().keySet());
            } else {
                keys.addAll(Metrics.IDS);
            }
        }
        return keys;
    }

    private static Map<String, Double> gate(JsonFields top, List<String> keys) {
        if (top.isNull("gate")) {
            return Map.of();
        }
        JsonFields g = top.object("gate", keys);
        Map<String, Double> gate = new LinkedHashMap<>();
        for (Iterator<String> it = top.required("gate").fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonFields v = g.get(key);
            if (!v.node().isNumber() || !(v.node().doubleValue() > 0)) {
                throw v.error("must be a number > 0, the largest |error %| that passes (got " + v.describe() + ")");
            }
            gate.put(key, v.node().doubleValue());
        }
        return Collections.unmodifiableMap(gate);
    }

    private static String notes(JsonFields top, String where) {
        if (top.isNull("notes")) {
            return "";
        }
        JsonNode n = top.required("notes");
        if (n.isTextual()) {
            return n.asText().strip();
        }
        if (n.isArray()) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                if (!n.get(i).isTextual()) {
                    throw InputException.at(where, "notes[" + i + "]: expected a string (got "
                            + JsonFields.describe(n.get(i)) + ")");
                }
                lines.add(n.get(i).asText());
            }
            return String.join("\n", lines).strip();
        }
        throw top.error("notes", "must be a string or a list of strings (got " + JsonFields.describe(n) + ")");
    }

    /** An object of strings; keys restricted to {@code allowed} unless it is null. */
    private static Map<String, String> stringMap(JsonFields parent, String key, List<String> allowed) {
        JsonFields object = parent.get(key).freeObject();
        if (allowed != null) {
            object.object(allowed);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String k : object.keys()) {
            map.put(k, object.entry(k).text());
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<Integer> positiveInts(JsonFields top, String key, String where) {
        List<Integer> values = new ArrayList<>();
        for (JsonFields v : top.get(key).nonEmptyList()) {
            values.add(v.positiveInt());
        }
        return List.copyOf(values);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
