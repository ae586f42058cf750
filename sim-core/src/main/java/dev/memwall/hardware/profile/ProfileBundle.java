package dev.memwall.hardware.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import dev.memwall.input.InputException;
import dev.memwall.model.DType;

/**
 * One LLMServingSim latency bundle at one TP degree, read as LLMServingSim writes it:
 * {@code <root>/<hardware>/<org>/<model>/<variant>/meta.yaml} and
 * {@code tp<N>/dense.csv} ({@code layer,tokens,time_us}), {@code tp<N>/per_sequence.csv}
 * ({@code layer,sequences,time_us}), {@code tp<N>/attention.csv}
 * ({@code prefill_chunk,kv_prefill,n_decode,kv_decode,time_us}) and, optionally, the skew bucket
 * table {@code tp<N>/skew_fit.csv}; {@code tp1/moe.csv} on demand ({@link #moe()}). Other files ({@code skew.csv})
 * are not read. Times are converted from µs to whole ns at load, as LLMServingSim does
 * ({@code round(time_us * 1000)}); column order in the CSVs is free, extra columns are ignored.
 *
 * <p>The skew correction ({@link SkewFit}) is on when meta.yaml has {@code skew_fit.enabled: true}
 * and a {@code skew_fit.per_tp.<N>} entry; its buckets come from that entry's
 * {@code bucket_table} (default {@code tp<N>/skew_fit.csv}); if that file is absent every batch
 * gets {@code alpha_default}. Without {@code skew_fit}, or with {@code enabled: false} (the
 * RTX4090 bundle), alpha is 0.
 *
 * <p>Every problem is a one-line {@link InputException}: {@code <file>:<line>: <column>:
 * <problem>} for the CSVs, {@code <file>: <yaml.path>: <problem>} for meta.yaml.
 */
public final class ProfileBundle {
    static final String META = "meta.yaml";
    static final String DENSE = "dense.csv";
    static final String PER_SEQUENCE = "per_sequence.csv";
    static final String ATTENTION = "attention.csv";
    static final String SKEW_FIT = "skew_fit.csv";
    static final String MOE = "moe.csv";

    /** Built on first use: a roofline run never reads YAML, and SnakeYAML's set-up costs start-up time. */
    private static final class Yaml {
        static final YAMLMapper MAPPER = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private final Path variantDir;
    private final int tp;
    private final String model;
    private final String hardware;
    private final String variant;
    private final int engineMaxNumBatchedTokens;
    private final int engineMaxNumSeqs;
    private final Map<String, LinearTable> dense;
    private final Map<String, LinearTable> perSequence;
    private final AttentionTable attention;
    private final SkewFit skew;

    private ProfileBundle(Path variantDir, int tp, String model, String hardware, String variant,
            int engineMaxNumBatchedTokens, int engineMaxNumSeqs, Map<String, LinearTable> dense,
            Map<String, LinearTable> perSequence, AttentionTable attention, SkewFit skew) {
        this.variantDir = variantDir;
        this.tp = tp;
        this.model = model;
        this.hardware = hardware;
        this.variant = variant;
        this.engineMaxNumBatchedTokens = engineMaxNumBatchedTokens;
        this.engineMaxNumSeqs = engineMaxNumSeqs;
        this.dense = dense;
        this.perSequence = perSequence;
        this.attention = attention;
        this.skew = skew;
    }

    /**
     * The bundle folder {@code <root>/<hardware>/<modelName>/<variant>} when it holds
     * {@code meta.yaml} and a {@code tp<tp>/} folder; empty otherwise, also for a name that is
     * blank, absolute or walks out of {@code root} ({@code ..}).
     *
     * @param root LLMServingSim's {@code profiler/perf}
     * @param hardware e.g. {@code RTXPRO6000}
     * @param modelName e.g. {@code meta-llama/Llama-3.1-8B}
     * @param variant e.g. {@code bf16}; see {@link #variantFor}
     */
    public static Optional<Path> locate(Path root, String hardware, String modelName, String variant, int tp) {
        if (tp < 1 || !safe(hardware, false) || !safe(modelName, true) || !safe(variant, false)) {
            return Optional.empty();
        }
        Path dir = root.resolve(hardware).resolve(modelName).resolve(variant);
        if (Files.isRegularFile(dir.resolve(META)) && Files.isDirectory(dir.resolve("tp" + tp))) {
            return Optional.of(dir);
        }
        return Optional.empty();
    }

    private static boolean safe(String name, boolean slashes) {
        if (name == null || name.isBlank() || name.startsWith("/") || name.contains("\\") || name.contains(":")) {
            return false;
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || (!slashes && !part.equals(name))) {
                return false;
            }
        }
        return true;
    }

    /**
     * LLMServingSim's variant folder for a weight and KV dtype: {@code bf16}, {@code fp16},
     * {@code fp32}, {@code fp8} or {@code int8} for the weights (its {@code --dtype}), plus
     * {@code -kvfp8} when the KV cache is fp8 and the weights are not ({@code --kv-cache-dtype fp8};
     * with fp8 weights the KV follows them, LLMServingSim's {@code auto}). Only {@code bf16}
     * bundles ship; {@code --dtype float16} fails in LLMServingSim because {@code fp16} does not
     * exist, and other KV dtypes have no variant of their own (they follow the weights).
     */
    public static String variantFor(DType weights, DType kv) {
        String base;
        switch (weights) {
            case BFLOAT16:
                base = "bf16";
                break;
            case FLOAT16:
                base = "fp16";
                break;
            case FLOAT32:
                base = "fp32";
                break;
            case FP8:
                base = "fp8";
                break;
            default:
                base = "int8";
                break;
        }
        return kv == DType.FP8 && weights != DType.FP8 ? base + "-kvfp8" : base;
    }

    /**
     * Loads {@code variantDir/meta.yaml} and {@code variantDir/tp<tp>/}.
     *
     * @throws InputException a missing file or folder (listing the TP folders that exist), bad
     *     YAML, a bad or missing value, a missing column, a bad number or a repeated point, each
     *     naming its file and line or YAML path
     */
    public static ProfileBundle load(Path variantDir, int tp) {
        if (tp < 1) {
            throw new IllegalArgumentException("tp must be >= 1 (got " + tp + ")");
        }
        Path metaFile = variantDir.resolve(META);
        JsonNode meta = readYaml(metaFile);
        Path tpDir = variantDir.resolve("tp" + tp);
        if (!Files.isDirectory(tpDir)) {
            throw InputException.at(tpDir.toString(), "missing folder: no TP " + tp + " profile in this bundle"
                    + " (folders here: " + tpFolders(variantDir) + ")");
        }
        String file = metaFile.toString();
        String model = optionalText(meta, "model", file);
        String hardware = optionalText(meta, "hardware", file);
        String variant = optionalText(meta, "variant", file);
        JsonNode engine = meta.path("engine_effective");
        int maxTokens = optionalInt(engine, "max_num_batched_tokens", "engine_effective.", file);
        int maxSeqs = optionalInt(engine, "max_num_seqs", "engine_effective.", file);

        Map<String, LinearTable> dense = readLayers(tpDir.resolve(DENSE), "tokens");
        Map<String, LinearTable> perSequence = readLayers(tpDir.resolve(PER_SEQUENCE), "sequences");
        AttentionTable attention = readAttention(tpDir.resolve(ATTENTION));
        SkewFit skew = readSkew(meta, file, variantDir, tp);
        return new ProfileBundle(variantDir, tp, model, hardware, variant, maxTokens, maxSeqs,
                Collections.unmodifiableMap(dense), Collections.unmodifiableMap(perSequence), attention, skew);
    }

    private static String tpFolders(Path variantDir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> list = Files.list(variantDir)) {
            list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(s -> s.matches("tp\\d+")).sorted().forEach(names::add);
        } catch (IOException e) {
            return "unreadable";
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static JsonNode readYaml(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw InputException.at(file.toString(), "missing file (a profile bundle folder holds meta.yaml and tp<N>/)");
        } catch (IOException e) {
            throw InputException.at(file.toString(), "cannot read (" + e + ")");
        }
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InputException(describe(file, e), e);
        } catch (IOException e) {
            throw InputException.at(file.toString(), "cannot read (" + e + ")");
        }
        if (root == null || !root.isObject()) {
            throw InputException.at(file.toString(), "expected a YAML mapping at the top level");
        }
        return root;
    }

    /**
     * {@code <file>:<line>: invalid YAML: <problem>}, the line being where SnakeYAML found the
     * problem (its message spans several lines and echoes the source: only the gist is kept).
     */
    private static String describe(Path file, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException) {
            MarkedYAMLException y = (MarkedYAMLException) e.getCause();
            Mark problemAt = y.getProblemMark();
            Mark contextAt = y.getContextMark();
            String where = problemAt == null ? file.toString() : file + ":" + (problemAt.getLine() + 1);
            String problem = y.getProblem() == null ? "malformed" : y.getProblem().strip();
            String context = y.getContext() == null ? "" : " (" + y.getContext().strip()
                    + (contextAt == null ? "" : " started on line " + (contextAt.getLine() + 1)) + ")";
            return where + ": invalid YAML: " + problem + context;
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? file.toString() : file + ":" + at.getLineNr();
        String why = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
        int newline = why.indexOf('\n');
        return where + ": invalid YAML: " + (newline >= 0 ? why.substring(0, newline) : why).strip();
    }

    private static String optionalText(JsonNode node, String key, String file) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isValueNode()) {
            throw InputException.at(file, key + ": expected a string");
        }
        return v.asText();
    }

    private static int optionalInt(JsonNode node, String key, String prefix, String file) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
            throw InputException.at(file, prefix + key + ": expected a whole number >= 0 (got " + v + ")");
        }
        return v.intValue();
    }

    private static double number(JsonNode node, String path, String file) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw InputException.at(file, path + ": missing");
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw InputException.at(file, path + ": expected a number (got " + node + ")");
        }
        return node.doubleValue();
    }

    /** {@code layer,<axis>,time_us} into one table per layer. */
    private static Map<String, LinearTable> readLayers(Path csv, String axis) {
        String file = csv.toString();
        Map<String, TreeMap<Double, double[]>> points = new LinkedHashMap<>();
        CsvTable.read(csv, new String[] {"layer", axis, "time_us"}, row -> {
            String layer = row.text(0);
            double x = row.number(1, 0);
            double ns = CsvTable.usToNs(row.number(2, 0));
            double[] previous = points.computeIfAbsent(layer, k -> new TreeMap<>()).put(x, new double[] {ns, row.line()});
            if (previous != null) {
                throw InputException.at(file + ":" + row.line(), "duplicate point (layer=" + layer + ", " + axis + "="
                        + CsvTable.plain(x) + ") already on line " + (long) previous[1]);
            }
        });
        Map<String, LinearTable> tables = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Double, double[]>> e : points.entrySet()) {
            double[] xs = new double[e.getValue().size()];
            double[] ys = new double[xs.length];
            int i = 0;
            for (Map.Entry<Double, double[]> p : e.getValue().entrySet()) {
                xs[i] = p.getKey();
                ys[i++] = p.getValue()[0];
            }
            tables.put(e.getKey(), new LinearTable(xs, ys));
        }
        return tables;
    }

    private static AttentionTable readAttention(Path csv) {
        List<double[]> rows = new ArrayList<>();
        CsvTable.read(csv, AttentionTable.COLUMNS, row -> rows.add(new double[] {
            row.number(0, 0), row.number(1, 0), row.number(2, 0), row.number(3, 0),
            CsvTable.usToNs(row.number(4, 0)), row.line()}));
        int n = rows.size();
        double[][] axes = new double[4][n];
        double[] ns = new double[n];
        long[] lines = new long[n];
        for (int r = 0; r < n; r++) {
            double[] v = rows.get(r);
            for (int a = 0; a < 4; a++) {
                axes[a][r] = v[a];
            }
            ns[r] = v[4];
            lines[r] = (long) v[5];
        }
        return AttentionTable.build(axes, ns, lines, csv.toString());
    }

    private static SkewFit readSkew(JsonNode meta, String file, Path variantDir, int tp) {
        JsonNode fit = meta.get("skew_fit");
        if (fit == null || fit.isNull()) {
            return null;
        }
        if (!fit.isObject()) {
            throw InputException.at(file, "skew_fit: expected a mapping");
        }
        JsonNode enabled = fit.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw InputException.at(file, "skew_fit.enabled: expected true or false (got " + enabled + ")");
        }
        if (enabled == null || !enabled.booleanValue()) {
            return null;
        }
        JsonNode perTp = fit.path("per_tp").get(Integer.toString(tp));
        if (perTp == null || perTp.isNull()) {
            return null;
        }
        String at = "skew_fit.per_tp." + tp;
        double alphaDefault = number(perTp.get("alpha_default"), at + ".alpha_default", file);
        JsonNode axes = fit.path("bucket_axes");
        SkewFit.Axis n = axis(axes, "n", file);
        SkewFit.Axis rate = axis(axes, "skew_rate", file);
        SkewFit.Axis kvBig = axis(axes, "kv_big", file);
        SkewFit.Axis kp = axis(axes, "kp", file);
        JsonNode tableNode = perTp.get("bucket_table");
        String table = tableNode == null || tableNode.isNull() ? "tp" + tp + "/" + SKEW_FIT : tableNode.asText();
        if (!safe(table, true)) {
            throw InputException.at(file, at + ".bucket_table: expected a path inside the bundle (got '" + table + "')");
        }
        Path csv = variantDir.resolve(table);
        if (!Files.isRegularFile(csv)) {
            return SkewFit.defaultOnly(alphaDefault, n, rate, kvBig, kp);
        }
        return SkewFit.read(csv, alphaDefault, n, rate, kvBig, kp);
    }

    /** {@code bucket_axes.<name>_bins} (ascending numbers) and {@code <name>_labels} (one fewer). */
    private static SkewFit.Axis axis(JsonNode axes, String name, String file) {
        String binsPath = "skew_fit.bucket_axes." + name + "_bins";
        String labelsPath = "skew_fit.bucket_axes." + name + "_labels";
        JsonNode bins = axes.get(name + "_bins");
        JsonNode labels = axes.get(name + "_labels");
        if (bins == null || !bins.isArray() || bins.size() < 2) {
            throw InputException.at(file, binsPath + ": expected a list of at least 2 bin edges");
        }
        if (labels == null || !labels.isArray() || labels.size() != bins.size() - 1) {
            throw InputException.at(file, labelsPath + ": expected a list of " + (bins.size() - 1)
                    + " labels, one per bin of " + name + "_bins");
        }
        double[] edges = new double[bins.size()];
        String[] names = new String[labels.size()];
        Iterator<JsonNode> it = bins.elements();
        for (int i = 0; it.hasNext(); i++) {
            edges[i] = number(it.next(), binsPath + "[" + i + "]", file);
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw InputException.at(file, binsPath + "[" + i + "]: bin edges must increase");
            }
        }
        for (int i = 0; i < names.length; i++) {
            JsonNode l = labels.get(i);
            if (!l.isValueNode()) {
                throw InputException.at(file, labelsPath + "[" + i + "]: expected a string");
            }
            names[i] = l.asText();
        }
        return new SkewFit.Axis(name + "_labels", edges, names);
    }

    /** The folder passed to {@link #load}. */
    public Path variantDir() {
        return variantDir;
    }

    /** The TP degree loaded ({@code tp<N>/}). */
    public int tp() {
        return tp;
    }

    /** {@code tp<N>/dense.csv}, for messages. */
    public Path denseFile() {
        return variantDir.resolve("tp" + tp).resolve(DENSE);
    }

    /** {@code tp<N>/per_sequence.csv}, for messages. */
    public Path perSequenceFile() {
        return variantDir.resolve("tp" + tp).resolve(PER_SEQUENCE);
    }

    /** {@code tp<N>/attention.csv}, for messages. */
    public Path attentionFile() {
        return variantDir.resolve("tp" + tp).resolve(ATTENTION);
    }

    /** meta.yaml {@code model}, e.g. {@code meta-llama/Llama-3.1-8B}; empty when absent. */
    public String model() {
        return model;
    }

    /** meta.yaml {@code hardware}; empty when absent. */
    public String hardware() {
        return hardware;
    }

    /** meta.yaml {@code variant}; empty when absent. */
    public String variant() {
        return variant;
    }

    /**
     * meta.yaml {@code engine_effective.max_num_batched_tokens}, the largest batch profiled (0 when
     * absent). LLMServingSim warns when the runtime budget exceeds it: dense lookups beyond it are
     * extrapolations of the last segment.
     */
    public int engineMaxNumBatchedTokens() {
        return engineMaxNumBatchedTokens;
    }

    /** meta.yaml {@code engine_effective.max_num_seqs} (0 when absent); see {@link #engineMaxNumBatchedTokens}. */
    public int engineMaxNumSeqs() {
        return engineMaxNumSeqs;
    }

    /** The dense.csv table of {@code layer}, or null. */
    public LinearTable dense(String layer) {
        return dense.get(layer);
    }

    /** Layer names in dense.csv, in file order. */
    public java.util.Set<String> denseLayers() {
        return dense.keySet();
    }

    /** The per_sequence.csv table of {@code layer} ({@code lm_head}, {@code sampler}), or null. */
    public LinearTable perSequence(String layer) {
        return perSequence.get(layer);
    }

    /** Layer names in per_sequence.csv, in file order. */
    public java.util.Set<String> perSequenceLayers() {
        return perSequence.keySet();
    }

    public AttentionTable attention() {
        return attention;
    }

    /**
     * {@code tp1/moe.csv}: LLMServingSim profiles the MoE layer at TP 1 only and uses that table at
     * every TP degree.
     */
    public Path moeFile() {
        return variantDir.resolve("tp1").resolve(MOE);
    }

    /**
     * Reads {@link #moeFile()}.
     *
     * @throws InputException naming the file when it is absent or malformed
     */
    public MoeTable moe() {
        Path csv = moeFile();
        if (!Files.isRegularFile(csv)) {
            throw InputException.at(csv.toString(), "no MoE profile (an MoE model's bundle needs tp1/" + MOE + ")");
        }
        return MoeTable.read(csv);
    }

    /** The skew correction, or empty when the bundle has none (alpha = 0). */
    public Optional<SkewFit> skew() {
        return Optional.ofNullable(skew);
    }
}
