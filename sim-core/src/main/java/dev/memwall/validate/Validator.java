package dev.memwall.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.memwall.calibrate.Calibrator;
import dev.memwall.calibrate.EndToEndFit;
import dev.memwall.calibrate.KernelSample;
import dev.memwall.calibrate.KernelTables;
import dev.memwall.calibrate.RooflineFit;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.EngineCatalog;
import dev.memwall.hardware.EngineProfile;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.Fidelity;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.hardware.RooflineConstants;
import dev.memwall.hardware.ValidatedErrors;
import dev.memwall.hardware.RooflineTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.input.JsonFiles;
import dev.memwall.metrics.LatencyRecorder;
import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelConfig;
import dev.memwall.model.ModelShape;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.RequestTable;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.serving.TimingBackend;
import dev.memwall.workload.Traces;
import dev.memwall.workload.WorkloadReader;

/**
 * Runs validation cases. Paths in case files are relative to the repository root given here;
 * models and hardware come from its {@code configs/models} and {@code configs/hardware}.
 *
 * <p>Serving cases simulate the whole trace with LLMServingSim's defaults, the cluster config's
 * per-instance overrides and the case's timing backend, and take TTFT, TPOT (requests with more
 * than one output token, {@code (latency - TTFT) / (output - 1)}) and E2E per request, exactly as
 * the measured side is taken from its per-request file. Iteration-time cases time single
 * iterations with the roofline backend: a prompt of P tokens alone, and a decode step of B
 * sequences each holding {@code reference_prompt_size + token_size / 2} tokens of context (the
 * middle of the profiled generation).
 */
public final class Validator {
    private final Path root;

    /** @param root the repository root case paths are relative to */
    public Validator(Path root) {
        this.root = root;
    }

    /** Validates one case; a file it needs that is absent makes it skipped, not failed. */
    public CaseResult run(ValidationCase c) {
        if (c.skip() != null) {
            return CaseResult.skipped(c, c.skip());
        }
        List<String> needed = new ArrayList<>();
        if (c.spec() instanceof ValidationCase.Serving s) {
            needed.addAll(List.of(s.clusterConfig(), s.trace(), s.measured().file()));
            if (s.profileDir() != null) {
                needed.add(s.profileDir());
            }
        } else if (c.spec() instanceof ValidationCase.IterationTimes t) {
            needed.add(t.file());
        } else if (c.spec() instanceof ValidationCase.KernelTable k) {
            needed.addAll(k.fit());
            needed.addAll(k.tables());
            if (k.modelsDir() != null) {
                needed.add(k.modelsDir());
            }
        }
        for (String file : needed) {
            if (!Files.exists(root.resolve(file))) {
                return CaseResult.skipped(c, file + " not found");
            }
        }
        if (c.spec() instanceof ValidationCase.Serving s) {
            return serving(c, s);
        }
        if (c.spec() instanceof ValidationCase.KernelTable k) {
            return kernelTable(c, k);
        }
        return iterationTimes(c, (ValidationCase.IterationTimes) c.spec());
    }

    private CaseResult serving(ValidationCase c, ValidationCase.Serving s) {
        SimulationOptions options = options(s);
        ClusterBuilder.Built built = ClusterBuilder.build(ClusterConfigLoader.load(root.resolve(s.clusterConfig())),
                options, null);
        ClusterSimulation sim = built.simulation();
        try (WorkloadReader reader = Traces.open(root.resolve(s.trace()), null, 0)) {
            sim.run(reader, s.trace());
        }
        MeasuredFiles.PerRequest simulated = perRequest(sim.requests());

        List<String> context = new ArrayList<>();
        Set<String> hardware = new LinkedHashSet<>();
        StringBuilder instances = new StringBuilder();
        for (ClusterBuilder.ResolvedInstance ri : built.instances()) {
            instances.append(instances.length() == 0 ? "" : "; ").append(ri.modelName()).append(' ')
                    .append(ri.dtype().cliName()).append(" on ").append(ri.hardwareName()).append(" TP")
                    .append(ri.shape().tpSize());
            if (s.timing() == TimingBackend.ROOFLINE) {
                hardware.add(ri.hardwareName());
            }
        }
        context.add(String.format(Locale.US, "simulated: %s timing, %s, %s (%s): %d requests",
                s.timing().name().toLowerCase(Locale.ROOT), s.clusterConfig(), s.trace(), instances,
                simulated.ttftNs().length));

        List<MetricRow> rows = new ArrayList<>();
        if (s.measured() instanceof ValidationCase.SummaryRow spec) {
            MeasuredFiles.Summary m = MeasuredFiles.summary(root.resolve(spec.file()), spec, c.file().toString());
            context.add("measured: " + spec.file() + ", row " + MeasuredFiles.describe(spec.row())
                    + (m.requests() >= 0 ? ": " + m.requests() + " requests" : ""));
            for (String id : Metrics.IDS) {
                Double ns = m.valuesNs().get(id);
                if (ns != null) {
                    rows.add(new MetricRow(id, Metrics.label(id), ns / 1e6,
                            Stats.of(Metrics.stat(id), simulated.of(Metrics.latency(id))) / 1e6));
                }
            }
        } else {
            String file = s.measured().file();
            MeasuredFiles.PerRequest m = MeasuredFiles.perRequest(root.resolve(file));
            context.add("measured: " + file + ": " + m.ttftNs().length + " requests");
            for (String id : Metrics.IDS) {
                String latency = Metrics.latency(id);
                String stat = Metrics.stat(id);
                rows.add(new MetricRow(id, Metrics.label(id), Stats.of(stat, m.of(latency)) / 1e6,
                        Stats.of(stat, simulated.of(latency)) / 1e6));
            }
        }
        return new CaseResult(c, null, List.copyOf(context), List.copyOf(rows), List.copyOf(hardware),
                entry(c, s, built, rows));
    }

    /** What {@code errors.json} records of a serving case with one instance and mean TTFT and TPOT rows. */
    private ValidatedErrors.Entry entry(ValidationCase c, ValidationCase.Serving s, ClusterBuilder.Built built,
            List<MetricRow> rows) {
        MetricRow ttft = null;
        MetricRow tpot = null;
        for (MetricRow r : rows) {
            ttft = r.id().equals("ttft_mean") ? r : ttft;
            tpot = r.id().equals("tpot_mean") ? r : tpot;
        }
        if (ttft == null || tpot == null || built.instances().size() != 1) {
            return null;
        }
        ClusterBuilder.ResolvedInstance ri = built.instances().get(0);
        Fidelity f = ri.fidelity();
        return new ValidatedErrors.Entry(c.id(), c.title(), f.timing(), f.engine(), ri.hardwareName(), ri.modelName(),
                ri.shape().tpSize(), round1(ttft.errorPct()), round1(tpot.errorPct()));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private CaseResult kernelTable(ValidationCase c, ValidationCase.KernelTable k) {
        String where = c.file().toString();
        Path models = root.resolve(k.modelsDir() != null ? k.modelsDir() : "configs/models");
        HardwareSpec hw = HardwareCatalog.load(root.resolve("configs/hardware"), k.hardware(), where + ": hardware");
        List<KernelTables> check = Calibrator.read(paths(k.tables()), models);
        List<KernelSample> samples = new ArrayList<>();
        check.forEach(t -> samples.addAll(t.samples()));
        RooflineFit fit = new RooflineFit(hw);
        RooflineConstants constants = hw.roofline();
        java.util.Map<String, Double> intercepts = java.util.Map.of();
        List<String> context = new ArrayList<>();
        if (!k.fit().isEmpty()) {
            List<KernelTables> fitSets = Calibrator.read(paths(k.fit()), models);
            List<KernelSample> fitSamples = new ArrayList<>();
            fitSets.forEach(t -> fitSamples.addAll(t.samples()));
            boolean legacy = fitSets.stream().anyMatch(KernelTables::legacy);
            RooflineFit.Result r = fit.fit(fitSamples, legacy ? "gemm" : "kernel", "attention");
            constants = r.constants();
            intercepts = r.interceptsNs();
            context.add("fitted (calibrate's fit, not written): " + describe(fitSets));
        } else {
            context.add("constants: configs/hardware/" + hw.name() + ".json as shipped ("
                    + hw.calibration().describe() + ")");
        }
        List<KernelSample> measured = samples.stream()
                .filter(s -> s.kernelClass() != dev.memwall.calibrate.KernelClass.SAMPLER).toList();
        double[] predicted = fit.predict(measured, constants, intercepts);
        context.add("checked on: " + describe(check) + "; " + measured.size() + " rows");
        context.add("error % = the median over rows of |fitted - measured| / measured (a size, not a sign)");
        return new CaseResult(c, null, List.copyOf(context), KernelRows.of(measured, predicted), List.of(hw.name()),
                null);
    }

    private List<Path> paths(List<String> files) {
        List<Path> out = new ArrayList<>();
        files.forEach(f -> out.add(root.resolve(f)));
        return out;
    }

    private static String describe(List<KernelTables> sets) {
        List<String> d = new ArrayList<>();
        sets.forEach(t -> d.add(t.description()));
        return String.join("; ", d);
    }

    /** A serving case's simulation options: LLMServingSim's defaults, the case's timing, engine and options. */
    private SimulationOptions options(ValidationCase.Serving s) {
        SimulationOptions.Builder b = SimulationOptions.defaults().toBuilder()
                .modelsDir(root.resolve("configs/models")).hardwareDir(root.resolve("configs/hardware"))
                .timing(s.timing()).profileDir(s.profileDir() == null ? null : root.resolve(s.profileDir()))
                .engine(s.engine());
        if (s.maxNumSeqs() != null) {
            b.maxNumSeqs(s.maxNumSeqs());
        }
        return b.build();
    }

    /** TTFT, TPOT and E2E of every completed request, as LLMServingSim's per-request CSV has them. */
    private static MeasuredFiles.PerRequest perRequest(RequestTable t) {
        int n = 0;
        int multi = 0;
        for (int r = 0; r < t.size(); r++) {
            if (t.endNs(r) != RequestTable.UNSET) {
                n++;
                multi += t.outputTokens(r) > 1 ? 1 : 0;
            }
        }
        double[] ttft = new double[n];
        double[] tpot = new double[multi];
        double[] e2e = new double[n];
        int i = 0;
        int j = 0;
        for (int r = 0; r < t.size(); r++) {
            if (t.endNs(r) == RequestTable.UNSET) {
                continue;
            }
            long latency = t.endNs(r) - t.arrivalNs(r);
            long first = t.firstTokenNs(r) - t.arrivalNs(r);
            ttft[i] = first;
            e2e[i] = latency;
            i++;
            if (t.outputTokens(r) > 1) {
                tpot[j++] = LatencyRecorder.tpotNs(latency, first, t.outputTokens(r));
            }
        }
        return new MeasuredFiles.PerRequest(ttft, tpot, e2e);
    }

    private CaseResult iterationTimes(ValidationCase c, ValidationCase.IterationTimes t) {
        String where = c.file().toString();
        ModelConfig model = ModelCatalog.load(root.resolve("configs/models"), t.model(), where + ": model");
        String problem = ModelShape.tpProblem(model, t.tpSize());
        if (problem != null) {
            throw InputException.at(where, "tp_size: " + problem);
        }
        DType dtype = DType.parse(model.torchDtype() != null ? model.torchDtype() : "bfloat16",
                "model " + t.model() + ": torch_dtype");
        HardwareSpec hw = HardwareCatalog.load(root.resolve("configs/hardware"), t.hardware(), where + ": hardware");
        EngineProfile engine = EngineCatalog.load(root.resolve("configs/engines"), t.engine(), where + ": engine");
        RooflineTimeModel roofline = new RooflineTimeModel(ModelShape.of(model, dtype, dtype, t.tpSize()), hw, engine,
                dtype, where);

        List<MeasuredFiles.IterationPoint> points = MeasuredFiles.splitwise(root.resolve(t.file()), t.row(), where);
        double[] promptMeasured = new double[t.promptSizes().size()];
        double[] promptSimulated = new double[promptMeasured.length];
        int repeats = Integer.MAX_VALUE;
        for (int i = 0; i < promptMeasured.length; i++) {
            int p = t.promptSizes().get(i);
            MeasuredFiles.IterationPoint m = point(points, p, 1, t.tokenSize(), where, "prompt_sizes[" + i + "]");
            repeats = Math.min(repeats, m.repeats());
            promptMeasured[i] = m.promptMs();
            BatchShape b = new BatchShape();
            b.add(p, 0);
            promptSimulated[i] = roofline.iterationNs(b) / 1e6;
        }
        double[] tokenMeasured = new double[t.batchSizes().size()];
        double[] tokenSimulated = new double[tokenMeasured.length];
        int context = t.referencePromptSize() + t.tokenSize() / 2;
        for (int i = 0; i < tokenMeasured.length; i++) {
            int batch = t.batchSizes().get(i);
            MeasuredFiles.IterationPoint m = point(points, t.referencePromptSize(), batch, t.tokenSize(), where,
                    "batch_sizes[" + i + "]");
            repeats = Math.min(repeats, m.repeats());
            tokenMeasured[i] = m.tokenMs();
            BatchShape b = new BatchShape();
            for (int s = 0; s < batch; s++) {
                b.add(1, context);
            }
            tokenSimulated[i] = roofline.iterationNs(b) / 1e6;
        }

        List<MetricRow> rows = new ArrayList<>();
        for (int i = 0; i < promptMeasured.length; i++) {
            int p = t.promptSizes().get(i);
            rows.add(new MetricRow("prompt_ms_" + p, "prompt time, " + p + " tokens (ms)", promptMeasured[i],
                    promptSimulated[i]));
        }
        int ref = t.promptSizes().indexOf(t.referencePromptSize());
        for (int i = 0; i < promptMeasured.length; i++) {
            int p = t.promptSizes().get(i);
            if (i != ref) {
                rows.add(new MetricRow("prompt_ratio_" + p, "prompt time " + p + " / " + t.referencePromptSize()
                        + " tokens", promptMeasured[i] / promptMeasured[ref], promptSimulated[i] / promptSimulated[ref]));
            }
        }
        for (int i = 0; i < tokenMeasured.length; i++) {
            int batch = t.batchSizes().get(i);
            rows.add(new MetricRow("token_ms_b" + batch, "token time, batch " + batch + " (ms)", tokenMeasured[i],
                    tokenSimulated[i]));
        }
        int one = t.batchSizes().indexOf(1);
        for (int i = 0; i < tokenMeasured.length; i++) {
            int batch = t.batchSizes().get(i);
            if (i != one) {
                rows.add(new MetricRow("token_ratio_b" + batch, "token time batch " + batch + " / batch 1",
                        tokenMeasured[i] / tokenMeasured[one], tokenSimulated[i] / tokenSimulated[one]));
            }
        }
        List<String> lines = List.of(
                String.format(Locale.US, "simulated: roofline iterations of %s %s on %s TP%d: a prompt alone;"
                        + " a decode step of B sequences at %d tokens of context", t.model(), dtype.cliName(),
                        hw.name(), t.tpSize(), context),
                "measured: " + t.file() + ", rows " + MeasuredFiles.describe(t.row()) + ", token_size " + t.tokenSize()
                        + ", decode at prompt_size " + t.referencePromptSize() + ": means of " + repeats
                        + " or more repeats");
        return new CaseResult(c, null, lines, List.copyOf(rows), List.of(hw.name()), null);
    }

    private static MeasuredFiles.IterationPoint point(List<MeasuredFiles.IterationPoint> points, int prompt, int batch,
            int tokens, String where, String path) {
        for (MeasuredFiles.IterationPoint p : points) {
            if (p.promptSize() == prompt && p.batchSize() == batch && p.tokenSize() == tokens) {
                return p;
            }
        }
        throw InputException.at(where, path + ": no measured row with prompt_size " + prompt + ", batch_size " + batch
                + ", token_size " + tokens);
    }

    /**
     * A serving case as an end-to-end calibration target: its cluster, trace, options and measured
     * mean TTFT and TPOT, with its TTFT and TPOT gates (default 15 % and 10 %) as the errors'
     * allowances.
     *
     * @throws InputException when the case is not a serving case, or measures no mean TTFT and TPOT
     */
    public EndToEndFit.Target target(ValidationCase c) {
        if (!(c.spec() instanceof ValidationCase.Serving s)) {
            throw InputException.at(c.file().toString(), "kind: only serving cases can be calibration targets");
        }
        double ttft;
        double tpot;
        if (s.measured() instanceof ValidationCase.SummaryRow spec) {
            MeasuredFiles.Summary m = MeasuredFiles.summary(root.resolve(spec.file()), spec, c.file().toString());
            Double t = m.valuesNs().get("ttft_mean");
            Double p = m.valuesNs().get("tpot_mean");
            if (t == null || p == null) {
                throw InputException.at(c.file().toString(), "measured.columns: a calibration target needs ttft_mean"
                        + " and tpot_mean");
            }
            ttft = t;
            tpot = p;
        } else {
            MeasuredFiles.PerRequest m = MeasuredFiles.perRequest(root.resolve(s.measured().file()));
            ttft = Stats.mean(m.ttftNs());
            tpot = Stats.mean(m.tpotNs());
        }
        double ttftGate = c.gatePct().getOrDefault("ttft_mean", c.gatePct().getOrDefault(ValidationCase.ALL, 15.0));
        double tpotGate = c.gatePct().getOrDefault("tpot_mean", c.gatePct().getOrDefault(ValidationCase.ALL, 10.0));
        return new EndToEndFit.Target(c.id(), root.resolve(s.clusterConfig()), root.resolve(s.trace()), options(s),
                ttft, tpot, ttftGate, tpotGate);
    }

    /** One constant of a hardware or engine file, as the doc's calibration tables show it. */
    public record Constant(String owner, String name, String value, String source) {
    }

    /**
     * What the doc's calibration section shows: per GPU its calibration status and roofline
     * constants (the efficiency block and the collective link), per engine its terms with sources.
     *
     * @param status GPU name to its calibration, described
     * @param hardware every hardware constant, GPU by GPU in the order given
     * @param engines every engine term, engine by engine in name order
     */
    public record Calibration(java.util.Map<String, String> status, List<Constant> hardware, List<Constant> engines) {
    }

    /** The constants of {@code hardware} and of every engine, as their files state them. */
    public Calibration calibration(Iterable<String> hardware) {
        java.util.Map<String, String> status = new java.util.LinkedHashMap<>();
        List<Constant> constants = new ArrayList<>();
        for (String name : hardware) {
            Path file = root.resolve("configs/hardware").resolve(name + ".json");
            status.put(name, HardwareCatalog.load(root.resolve("configs/hardware"), name, file.toString()).calibration()
                    .describe());
            JsonNode top = JsonFiles.readObject(file);
            for (Map.Entry<String, JsonNode> e : iterable(top.path("efficiency"))) {
                constants.add(constant(name, e.getKey(), e.getValue()));
            }
            JsonNode link = top.path("scale_up_link").path("latency_ns");
            if (link.path("value").isNumber()) {
                constants.add(constant(name, "scale_up_link.latency_ns", link));
            }
            for (String key : List.of("bus_gb_per_s", "latency_ns")) {
                JsonNode v = top.path("pcie_collective").path(key);
                if (v.isObject()) {
                    constants.add(constant(name, "pcie_collective." + key, v));
                }
            }
        }
        List<Constant> engines = new ArrayList<>();
        Path enginesDir = root.resolve("configs/engines");
        for (String name : EngineCatalog.known(enginesDir)) {
            JsonNode top = JsonFiles.readObject(enginesDir.resolve(name + ".json"));
            for (Map.Entry<String, JsonNode> e : iterable(top)) {
                if (e.getValue().isObject()) {
                    engines.add(constant(name, e.getKey(), e.getValue()));
                }
            }
        }
        return new Calibration(status, constants, engines);
    }

    private static Constant constant(String hardware, String name, JsonNode sourced) {
        return new Constant(hardware, name, sourced.path("value").asText(), sourced.path("source").asText());
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }
}
