package dev.memwall.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.result.Metric;
import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.config.SupportCheck;
import dev.memwall.cost.PriceBooks;
import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.input.JsonFiles;

/**
 * Reads a study file ({@code configs/studies/*.json}) and checks all of it before any point runs:
 * <pre>
 * {
 *   "name": "cxl-grid",                      optional; default: the file name
 *   "description": "...",                    optional, free text
 *   "seed": 42,                              optional; per-point seeds derive from it
 *   "cluster": "../cluster/x.json",          a cluster config file (relative to the study) or one inline
 *   "workload": {"trace": "...", "arrival_rate": 2}  or  {"generate": {...}, "num_reqs": N, ...}
 *   "options": {"max_num_seqs": 128, "models_dir": "../models", ...},   the simulate flags
 *   "prices": "../prices/cloud-specialty-2026.json",   optional price book; default: that one, packaged
 *   "axes": [
 *     {"name": "cxl_bw", "path": "cxl_mem.mem_bw", "unit": "GB/s", "values": [15, 40, 100, 240]},
 *     {"name": "placement", "path": "nodes[0].instances[*].placement", "presets": {"name": {...}}},
 *     {"name": "arrival_rate", "path": "workload.arrival_rate", "values": [1, 4]}
 *   ],
 *   "plots": {"fixed": {"cxl_latency": "150"}}  optional: where plots hold axes they do not show
 * }
 * </pre>
 * An axis path starting {@code workload.} or {@code options.} sets those objects; any other path
 * is a JSON path into the cluster config. Each value (with the other axes at their base values)
 * must give a valid config; combinations that cannot be built, e.g. weights that fit no device,
 * are recorded as errored points rather than refused here. Every error names the study file and
 * the JSON path.
 */
public final class StudyLoader {
    private static final List<String> TOP_KEYS =
            List.of("name", "description", "seed", "cluster", "workload", "options", "prices", "axes", "plots");
    private static final List<String> AXIS_KEYS = List.of("name", "path", "unit", "values", "presets");
    private static final List<String> PLOT_KEYS = List.of("fixed");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern PRESET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]*");

    private StudyLoader() {
    }

    /**
     * Loads and checks a study, reading its cluster config, trace, models and hardware.
     *
     * @throws InputException naming the study file (or the file it points to) and the JSON path
     */
    public static Study load(Path file) {
        return load(file, null);
    }

    /**
     * Loads a study as {@link #load(Path)} does, pricing its points with {@code prices} (a price
     * book file given on the command line) instead of the study's own {@code prices}.
     */
    public static Study load(Path file, Path prices) {
        if (!Files.isRegularFile(file)) {
            throw InputException.at(file.toString(), Files.isDirectory(file) ? "is a directory, not a study file"
                    : "no such file");
        }
        return load(JsonFiles.readObject(file), file, prices);
    }

    /**
     * Loads a study from its tree, as if read from {@code file}, which names it in errors and
     * anchors its relative paths ({@code plan} builds one per cluster config it is given).
     */
    public static Study load(JsonNode root, Path file, Path prices) {
        String fileName = String.valueOf(file.getFileName());
        JsonFields top = JsonFields.closed(root, "", fileName, TOP_KEYS);
        Path baseDir = file.toAbsolutePath().normalize().getParent();

        String name = top.isNull("name") ? fileName.replaceFirst("\\.json$", "") : top.string("name");
        if (!NAME.matcher(name).matches()) {
            throw top.error("name", "must be letters, digits, '_', '.' or '-', starting with a letter (got '"
                    + name + "')");
        }
        if (!top.isNull("description")) {
            top.optionalString("description");
        }
        Long givenSeed = top.optional("seed", JsonFields::longInteger);
        long seed = givenSeed == null ? 42 : givenSeed;

        // The base cluster config: validated as it is first, so its own errors name its own file.
        JsonNode clusterRef = top.required("cluster");
        ObjectNode cluster;
        String clusterFileName;
        if (clusterRef.isTextual()) {
            Path clusterFile = baseDir.resolve(clusterRef.asText()).normalize();
            if (!Files.isRegularFile(clusterFile)) {
                throw top.error("cluster", "no such file: " + clusterFile + " (paths are relative to the study file)");
            }
            ClusterConfig cfg = ClusterConfigLoader.load(clusterFile);
            SupportCheck.requireSupported(cfg);
            cluster = readObject(clusterFile);
            clusterFileName = String.valueOf(clusterFile.getFileName());
        } else if (clusterRef.isObject()) {
            cluster = (ObjectNode) clusterRef.deepCopy();
            clusterFileName = fileName + ": cluster";
            SupportCheck.requireSupported(ClusterConfigLoader.load(cluster, clusterFileName));
        } else {
            throw top.error("cluster", "must be a cluster config file name or an inline config object (got "
                    + JsonFields.describe(clusterRef) + ")");
        }

        JsonNode optionsNode = top.isNull("options") ? Canonical.MAPPER.createObjectNode() : top.required("options");
        StudyOptions.parse(optionsNode, fileName, "options");
        ObjectNode options = (ObjectNode) optionsNode.deepCopy();
        Path models = StudyOptions.dir(options, fileName, "options", "models_dir", baseDir, Path.of("configs/models"));
        Path hardware = StudyOptions.dir(options, fileName, "options", "hardware_dir", baseDir,
                Path.of("configs/hardware"));
        Path profiles = StudyOptions.dir(options, fileName, "options", "profile_dir", baseDir, null);
        for (Path dir : new Path[] {models, hardware}) {
            if (!Files.isDirectory(dev.memwall.input.ShippedFiles.directory(dir))) { // or shipped in the jar
                throw InputException.at(fileName, "options." + (dir == models ? "models_dir" : "hardware_dir")
                        + ": not set, and " + dir.toAbsolutePath() + " does not exist (set it relative to the study file)");
            }
        }
        for (String key : StudyOptions.DIR_KEYS) {
            options.remove(key);
        }

        JsonNode workloadNode = top.required("workload");
        WorkloadSettings ws = WorkloadSettings.parse(workloadNode, fileName, "workload");
        ObjectNode workload = (ObjectNode) workloadNode.deepCopy();
        Path trace = null;
        WorkloadSettings.TraceStats stats = null;
        if (ws.isTrace()) {
            trace = baseDir.resolve(ws.trace()).normalize();
            if (!Files.isRegularFile(trace)) {
                throw InputException.at(fileName, "workload.trace: no such file: " + trace
                        + " (paths are relative to the study file)");
            }
            stats = WorkloadSettings.measure(trace, ws.format(), ws.numReqs());
            ws.arrivalScale(stats, fileName + ": workload");
            // Points carry the file name only: where the study lives must not change their hashes.
            workload.put("trace", String.valueOf(trace.getFileName()));
        }
        StudyFiles files = new StudyFiles(trace, models, hardware, profiles,
                prices != null ? priceBook(prices, null, "--prices") : priceBook(top, baseDir));

        List<Axis> axes = readAxes(top, fileName, cluster, clusterFileName, workload, options);
        try {
            new Grid(axes);
        } catch (IllegalArgumentException e) {
            throw top.error("axes", "the grid has " + e.getMessage() + "; split the study");
        }
        Map<String, String> fixed = readPlots(top, fileName, axes);
        String digest = StudyBundle.read(files).digest();
        Study study = new Study(name, file, seed, cluster, clusterFileName, workload, options, axes, fixed, files,
                stats, digest);
        study.spec(0);
        return study;
    }

    /** The study's {@code prices}, relative to it, or null for the default book. */
    private static Path priceBook(JsonFields top, Path baseDir) {
        if (top.isNull("prices")) {
            return null;
        }
        return priceBook(baseDir.resolve(top.string("prices")).normalize(), top, "prices");
    }

    /** A price book file, read once here so that a bad one fails before any point runs. */
    private static Path priceBook(Path file, JsonFields top, String what) {
        if (!Files.isRegularFile(file)) {
            if (top != null) {
                throw top.error(what, "no such file: " + file + " (paths are relative to the study file)");
            }
            throw new InputException(what + ": no such file: " + file);
        }
        PriceBooks.load(file);
        return file;
    }

    private static List<Axis> readAxes(JsonFields top, String fileName, ObjectNode cluster, String clusterFileName,
            ObjectNode workload, ObjectNode options) {
        JsonNode list = top.required("axes");
        if (!list.isArray() || list.isEmpty()) {
            throw top.error("axes", "must be a non-empty list of axes (got " + JsonFields.describe(list) + ")");
        }
        List<Axis> axes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "axes[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                throw InputException.at(fileName, at + ": expected an object {\"path\": ..., \"values\": [...]}"
                        + " (got " + JsonFields.describe(node) + ")");
            }
            JsonFields f = JsonFields.closed(node, at, fileName, AXIS_KEYS);
            String pathText = f.string("path");
            JsonPath path;
            try {
                path = JsonPath.parse(pathText);
            } catch (IllegalArgumentException e) {
                throw f.error("path", e.getMessage());
            }
            Axis.Target target = Axis.Target.CLUSTER;
            JsonPath within = path;
            ObjectNode base = cluster;
            if (path.head().equals("workload") || path.head().equals("options")) {
                target = path.head().equals("workload") ? Axis.Target.WORKLOAD : Axis.Target.OPTIONS;
                within = path.tail();
                base = target == Axis.Target.WORKLOAD ? workload : options;
                if (within == null) {
                    throw f.error("path", "names the whole " + path.head() + " object; name one of its keys, e.g. "
                            + (target == Axis.Target.WORKLOAD ? "workload.arrival_rate" : "options.max_num_seqs"));
                }
                String key = within.toString();
                if (key.equals("trace") || StudyOptions.DIR_KEYS.contains(key)) {
                    throw f.error("path", "'" + pathText + "' cannot be an axis (one " + key
                            + " per study: make one study each)");
                }
            }
            String name = f.isNull("name") ? path.lastKey() : f.string("name");
            if (!NAME.matcher(name).matches()) {
                throw f.error("name", "must be letters, digits, '_', '.' or '-', starting with a letter (got '"
                        + name + "')");
            }
            if (Metric.byName(name) != null || name.equals("point") || name.equals("seed") || name.equals("error")) {
                throw f.error("name", "'" + name + "' is a column of points.csv already; name the axis otherwise");
            }
            if (!names.add(name)) {
                throw f.error("name", "two axes are named '" + name + "' (give one a \"name\")");
            }
            String unit = f.isNull("unit") ? null : f.string("unit");

            List<JsonNode> values = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<String> where = new ArrayList<>();
            boolean hasValues = !f.isNull("values");
            if (hasValues == !f.isNull("presets")) {
                throw InputException.at(fileName, at + ": give exactly one of 'values' (a list) or 'presets'"
                        + " (named values)");
            }
            if (hasValues) {
                JsonNode v = f.required("values");
                if (!v.isArray() || v.isEmpty()) {
                    throw f.error("values", "must be a non-empty list (got " + JsonFields.describe(v) + ")");
                }
                for (int j = 0; j < v.size(); j++) {
                    JsonNode x = v.get(j);
                    if (!x.isValueNode() || x.isNull()) {
                        throw InputException.at(fileName, at + ".values[" + j + "]: must be a number, string or"
                                + " boolean; name objects with 'presets' (got " + JsonFields.describe(x) + ")");
                    }
                    values.add(x);
                    labels.add(x.isTextual() ? x.asText() : x.toString());
                    where.add(at + ".values[" + j + "]");
                }
            } else {
                JsonNode p = f.required("presets");
                if (!p.isObject() || p.isEmpty()) {
                    throw f.error("presets", "must be a non-empty object of named values (got "
                            + JsonFields.describe(p) + ")");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!PRESET.matcher(e.getKey()).matches()) {
                        throw InputException.at(fileName, at + ".presets: name '" + e.getKey() + "' must be letters,"
                                + " digits, '_', '.', '+' or '-'");
                    }
                    values.add(e.getValue());
                    labels.add(e.getKey());
                    where.add(at + ".presets." + e.getKey());
                }
            }
            Set<String> seen = new HashSet<>();
            Set<String> files = new HashSet<>();
            for (int j = 0; j < labels.size(); j++) {
                if (labels.get(j).isEmpty()) {
                    throw InputException.at(fileName, where.get(j) + ": must not be empty");
                }
                if (!seen.add(labels.get(j))) {
                    throw InputException.at(fileName, where.get(j) + ": '" + labels.get(j) + "' appears twice");
                }
                if (!files.add(HistogramFiles.safe(labels.get(j)))) {
                    throw InputException.at(fileName, where.get(j) + ": '" + labels.get(j) + "' gives the same file"
                            + " name as another value of this axis");
                }
                check(target, within, base, values.get(j), fileName, where.get(j), pathText, clusterFileName);
            }
            axes.add(new Axis(name, pathText, unit, target, within, values, labels));
        }
        return axes;
    }

    /** Sets one value on a copy of the base and validates the result. */
    private static void check(Axis.Target target, JsonPath within, ObjectNode base, JsonNode value, String fileName,
            String where, String pathText, String clusterFileName) {
        ObjectNode copy = base.deepCopy();
        try {
            within.set(copy, value);
        } catch (IllegalArgumentException e) {
            String tree = switch (target) {
                case WORKLOAD -> "the workload";
                case OPTIONS -> "the options";
                default -> clusterFileName.startsWith(fileName + ":") ? "the cluster config"
                        : "the cluster config " + clusterFileName;
            };
            throw InputException.at(fileName, where.replaceFirst("\\.(values\\[\\d+\\]|presets\\..*)$", ".path")
                    + ": " + e.getMessage() + " in " + tree);
        }
        String prefix = fileName + ": " + where + " (" + pathText + " = " + value + "): ";
        try {
            switch (target) {
                case WORKLOAD -> WorkloadSettings.parse(copy, "workload", "workload");
                case OPTIONS -> StudyOptions.parse(copy, "options", "options");
                default -> SupportCheck.requireSupported(ClusterConfigLoader.load(copy, clusterFileName));
            }
        } catch (InputException e) {
            throw new InputException(prefix + e.getMessage(), e);
        }
    }

    private static Map<String, String> readPlots(JsonFields top, String fileName, List<Axis> axes) {
        Map<String, String> fixed = new LinkedHashMap<>();
        if (top.isNull("plots")) {
            return fixed;
        }
        JsonFields plots = top.object("plots", PLOT_KEYS);
        if (plots.isNull("fixed")) {
            return fixed;
        }
        JsonNode f = plots.get("fixed").freeObject().node();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Axis axis = axes.stream().filter(a -> a.name().equals(e.getKey())).findFirst().orElse(null);
            String at = "plots.fixed." + e.getKey();
            if (axis == null) {
                throw InputException.at(fileName, at + ": no axis named '" + e.getKey() + "' (axes: "
                        + String.join(", ", axes.stream().map(Axis::name).toList()) + ")");
            }
            String label = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
            if (!axis.labels().contains(label)) {
                throw InputException.at(fileName, at + ": axis '" + e.getKey() + "' has no value " + e.getValue()
                        + " (values: " + String.join(", ", axis.labels()) + ")");
            }
            fixed.put(e.getKey(), label);
        }
        return fixed;
    }

    private static ObjectNode readObject(Path file) {
        return (ObjectNode) JsonFiles.readObject(file, String.valueOf(file.getFileName()));
    }
}
