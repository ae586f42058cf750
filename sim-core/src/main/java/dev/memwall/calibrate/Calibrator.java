package dev.memwall.calibrate;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.hardware.EngineCatalog;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.hardware.RooflineConstants;
import dev.memwall.input.InputException;

/**
 * {@code calibrate} from kernel tables: reads the tables, fits the GPU's roofline
 * ({@link RooflineFit}) and, from a bundle's sampler, the engine's per-step and per-sequence cost
 * ({@link SamplerFit}), prints the residuals per kernel class and the constants, and writes the
 * hardware file (and the engine file) with a source on every fitted number.
 *
 * <p>From legacy tables, which time HuggingFace's unfused layers rather than vLLM's kernels, only
 * what transfers is written: the GEMM terms (memory and compute efficiency, tile, the GEMMs' fixed
 * cost) and attention's (vLLM's own kernel there); norms, rotary and the activation are fitted for
 * the residuals and keep the base file's values.
 */
public final class Calibrator {
    /** Efficiency keys legacy tables do not set: HuggingFace's unfused layers are not vLLM's kernels. */
    static final List<String> NOT_FROM_LEGACY = List.of("elementwise_bandwidth", "activation_bandwidth");
    private static final String FIT = "memwall calibrate: Levenberg-Marquardt least squares on relative error"
            + " (Apache Commons Math 3)";

    /**
     * What to calibrate.
     *
     * @param tables bundle variant folders and legacy model folders
     * @param hardware the GPU's name, or null to take it from the tables
     * @param out the hardware file to write, or null to print only
     * @param engineOut the engine file to write from the bundles' sampler times, or null
     * @param engineBase the engine profile {@code engineOut} starts from (a name in the engines folder)
     */
    public record Request(List<Path> tables, String hardware, Path hardwareDir, Path modelsDir, Path out,
            Path engineOut, String engineBase) {
    }

    /** What a calibration gave. */
    public record Outcome(HardwareSpec base, List<KernelTables> tables, RooflineFit.Result fit, SamplerFit sampler,
            List<String> written) {
    }

    private Calibrator() {
    }

    /** Reads every table folder in {@code tables}. */
    public static List<KernelTables> read(List<Path> tables, Path modelsDir) {
        List<KernelTables> sets = new ArrayList<>();
        for (Path t : tables) {
            if (!Files.isDirectory(t)) {
                throw InputException.at(t.toString(), "not a folder (expected a bundle variant folder with meta.yaml,"
                        + " or a legacy <hardware>/<org>/<model> folder with tp<N>/layers.csv)");
            }
            if (BundleTables.isBundle(t)) {
                sets.add(BundleTables.read(t, modelsDir));
            } else if (LegacyTables.isLegacy(t)) {
                sets.add(LegacyTables.read(t, modelsDir));
            } else {
                throw InputException.at(t.toString(), "neither a profile bundle (no meta.yaml) nor a legacy table folder"
                        + " (no tp<N>/layers.csv)");
            }
        }
        return sets;
    }

    /** The GPU the tables were measured on; they must agree with each other and with {@code named}. */
    static String hardwareOf(List<KernelTables> sets, String named, List<Path> paths) {
        String hw = named;
        for (int i = 0; i < sets.size(); i++) {
            String h = sets.get(i).hardware();
            if (hw == null) {
                hw = h;
            } else if (!hw.equals(h)) {
                throw InputException.at(paths.get(i).toString(), "measured on " + h + ", not " + hw
                        + " (calibrate one GPU at a time)");
            }
        }
        return hw;
    }

    /** Runs the calibration, printing to {@code out}. */
    public static Outcome run(Request r, PrintWriter out) {
        if (r.tables().isEmpty()) {
            throw new InputException("calibrate: no tables given");
        }
        List<KernelTables> sets = read(r.tables(), r.modelsDir());
        String name = hardwareOf(sets, r.hardware(), r.tables());
        HardwareSpec base = HardwareCatalog.load(r.hardwareDir(), name,
                "calibrate: " + (r.hardware() != null ? "--hardware" : r.tables().get(0) + ": hardware"));
        boolean legacy = sets.stream().anyMatch(KernelTables::legacy);
        List<KernelSample> samples = new ArrayList<>();
        sets.forEach(s -> samples.addAll(s.samples()));
        RooflineFit.Result fit = new RooflineFit(base).fit(samples,
                legacy ? LegacyTables.GEMM_GROUP : BundleTables.KERNEL_GROUP, "attention");
        SamplerFit sampler = SamplerFit.of(samples);
        List<String> written = new ArrayList<>(fit.fitted());
        if (legacy) {
            written.removeAll(NOT_FROM_LEGACY);
        }
        print(out, base, sets, fit, sampler, written);
        if (r.out() != null) {
            writeHardware(r, base, sets, fit, written);
            out.println("wrote " + r.out());
        }
        if (r.engineOut() != null) {
            if (sampler == null) {
                throw new InputException("calibrate: --engine-out: the tables have no sampler times (per_sequence.csv)");
            }
            writeEngine(r, sets, sampler);
            out.println("wrote " + r.engineOut());
        }
        return new Outcome(base, sets, fit, sampler, written);
    }

    private static void print(PrintWriter out, HardwareSpec base, List<KernelTables> sets, RooflineFit.Result fit,
            SamplerFit sampler, List<String> written) {
        out.println("calibrate " + base.name() + " from " + sets.size() + " table set" + (sets.size() == 1 ? "" : "s")
                + ":");
        for (KernelTables t : sets) {
            out.println("  " + t.description() + ": " + t.samples().size() + " rows"
                    + (t.skipped().isEmpty() ? "" : "; skipped " + String.join(", ", t.skipped())));
        }
        out.println();
        out.println("residuals, (fitted - measured) / measured:");
        out.printf(Locale.US, "  %-18s %7s %12s %9s %10s%n", "kernel class", "rows", "median |err|", "bias", "p90 |err|");
        List<Residuals.Row> rows = new ArrayList<>(fit.residuals());
        if (sampler != null) {
            rows.add(rows.size() - 1, sampler.residuals());
        }
        for (Residuals.Row row : rows) {
            out.printf(Locale.US, "  %-18s %7d %11.1f%% %+8.1f%% %9.1f%%%n", row.label(), row.samples(),
                    row.medianAbsPct(), row.meanPct(), row.p90AbsPct());
        }
        out.println();
        out.println("constants (" + (written.size() == fit.fitted().size() ? "all fitted ones written"
                : "written: " + String.join(", ", written)) + "):");
        for (String key : fit.fitted()) {
            out.printf(Locale.US, "  %-36s %s%s%n", key, CalibratedFiles.round(fit.constants().fileValue(key))
                    .toPlainString(), written.contains(key) ? "" : "   (not written)");
        }
        for (Map.Entry<String, Double> g : fit.interceptsNs().entrySet()) {
            out.printf(Locale.US, "  fixed cost of group %-16s %s us%n", g.getKey(),
                    CalibratedFiles.round(g.getValue() / 1e3).toPlainString());
        }
        if (sampler != null) {
            out.printf(Locale.US, "  engine: iteration_overhead_us %s, sequence_overhead_us %s (from the sampler)%n",
                    CalibratedFiles.round(sampler.iterationNs() / 1e3).toPlainString(),
                    CalibratedFiles.round(sampler.sequenceNs() / 1e3).toPlainString());
        }
    }

    /** What the tables are, for sources: their descriptions joined. */
    static String data(List<KernelTables> sets) {
        Set<String> d = new LinkedHashSet<>();
        sets.forEach(s -> d.add(s.description()));
        return String.join("; ", d);
    }

    private static void writeHardware(Request r, HardwareSpec base, List<KernelTables> sets, RooflineFit.Result fit,
            List<String> written) {
        ObjectNode root = CalibratedFiles.read(r.hardwareDir().resolve(base.name() + ".json"));
        ObjectNode eff = (ObjectNode) root.get("efficiency");
        String data = data(sets);
        for (String key : written) {
            CalibratedFiles.set(eff, key, fit.constants().fileValue(key), source(key, fit, data, base));
        }
        boolean legacy = sets.stream().anyMatch(KernelTables::legacy);
        CalibratedFiles.calibrated(root, (legacy ? "legacy kernel tables: " : "profile tables: ") + data);
        CalibratedFiles.write(root, r.out());
    }

    /** {@code [M] <what the number is>, fitted by <fit> to <data>; <residuals of its classes>}. */
    static String source(String key, RooflineFit.Result fit, String data, HardwareSpec base) {
        List<String> classes;
        String what;
        RooflineConstants c = fit.constants();
        String bw = CalibratedFiles.round(base.memoryBandwidthBytesPerSec() / 1e9).toPlainString() + " GB/s";
        String peak = CalibratedFiles.round(base.bf16FlopsPerSec() / 1e12).toPlainString() + " TFLOPS";
        switch (key) {
            case "memory_bandwidth":
                what = "GEMM weight and activation streaming at this fraction of " + bw;
                classes = List.of("gemm", "lm_head");
                break;
            case "compute":
                what = "full GEMM waves at this fraction of " + peak + " dense BF16";
                classes = List.of("gemm", "lm_head");
                break;
            case "gemm_tile_m":
            case "gemm_tile_n":
                what = "GEMM output tile " + c.gemmTileM() + "x" + c.gemmTileN() + " (wave quantisation over "
                        + base.smCount() + " SMs), the candidate of " + RooflineFit.TILES.length + " with least error";
                classes = List.of("gemm", "lm_head");
                break;
            case "kernel_overhead_us":
                what = "fixed time of every non-attention kernel (the fitted intercept of the "
                        + (fit.interceptsNs().containsKey(LegacyTables.GEMM_GROUP) ? "GEMMs" : "dense kernels") + ")";
                classes = List.of("gemm", "lm_head", "elementwise", "activation");
                break;
            case "elementwise_bandwidth":
                what = "norms, rotary and embedding bytes at this multiple of " + bw + " (above 1: L2-resident)";
                classes = List.of("elementwise");
                break;
            case "activation_bandwidth":
                what = "activation-function bytes at this multiple of " + bw;
                classes = List.of("activation");
                break;
            default:
                what = attentionWhat(key, bw, peak);
                classes = List.of("attention prefill", "attention decode", "attention mixed");
                break;
        }
        return "[M] " + what + "; fitted by " + FIT + " to " + data + "; "
                + CalibratedFiles.describe(fit.residuals(), classes);
    }

    private static String attentionWhat(String key, String bw, String peak) {
        switch (key) {
            case "attention_overhead_us":
                return "fixed time of an attention layer (the fitted intercept)";
            case "attention_prefill_compute":
                return "prefill attention's causal FLOPs at this fraction of " + peak;
            case "attention_prefill_kv_bandwidth":
                return "a prefill's KV (cached prefix and new) read at this fraction of " + bw;
            case "attention_decode_bandwidth":
                return "decode KV reads in a pure-decode batch at this fraction of " + bw;
            case "attention_decode_sequence_us":
                return "time per decode sequence in a pure-decode batch";
            case "attention_mixed_decode_compute":
                return "decode attention FLOPs beside a prefill (one varlen kernel, a padded query tile per"
                        + " sequence and head) at this fraction of " + peak;
            default:
                return "time per decode sequence beside a prefill";
        }
    }

    private static void writeEngine(Request r, List<KernelTables> sets, SamplerFit sampler) {
        Path enginesDir = EngineCatalog.enginesDirFor(r.hardwareDir());
        String baseName = r.engineBase() == null ? "vllm-v1" : r.engineBase();
        EngineCatalog.load(enginesDir, baseName, "calibrate: --engine-base");
        ObjectNode root = CalibratedFiles.read(enginesDir.resolve(baseName + ".json"));
        String data = data(sets.stream().filter(s -> !s.legacy()).toList());
        String fit = "fitted by " + FIT + " as t = step + S x per-sequence to the sampler rows (per_sequence.csv) of "
                + data + "; " + CalibratedFiles.describe(sampler.residuals())
                + ": LLMServingSim's only cost outside the kernels";
        CalibratedFiles.set(root, "iteration_overhead_us", sampler.iterationNs() / 1e3,
                "[M] the sampler's time at no sequences, " + fit);
        CalibratedFiles.set(root, "sequence_overhead_us", sampler.sequenceNs() / 1e3,
                "[M] the sampler's time per sampled sequence, " + fit);
        CalibratedFiles.write(root, r.engineOut());
    }
}
