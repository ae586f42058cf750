package dev.memwall.calibrate;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.hardware.EngineCatalog;
import dev.memwall.input.InputException;

/**
 * {@code calibrate} from end-to-end timings: fits engine terms with {@link EndToEndFit}, prints
 * every target's mean TTFT and TPOT errors before and after, and writes the engine file with a
 * source on every fitted term.
 */
public final class EngineCalibration {
    /** How a hardware file's calibration names the end-to-end part of its fit. */
    private static final String END_TO_END = "; end to end: ";

    private EngineCalibration() {
    }

    /**
     * @param engineBase the engine profile to start from (a name in the engines folder beside
     *     {@code hardwareDir})
     * @param keys the engine keys to fit
     * @param engineOut where to write the fitted engine, or null to print only
     * @param data what the targets are, for the sources
     */
    public static EndToEndFit.Result run(List<EndToEndFit.Target> targets, Path hardwareDir, String engineBase,
            List<String> keys, Path engineOut, String hardware, Path hardwareOut, String data, PrintWriter out) {
        boolean hardwareKeys = false;
        for (String k : keys) {
            hardwareKeys |= k.startsWith("hardware.");
            if (!EndToEndFit.KEYS.contains(k) && !EndToEndFit.HARDWARE_KEYS.contains(k)) {
                throw new InputException("calibrate: --fit: unknown term '" + k + "' (expected "
                        + String.join(", ", EndToEndFit.KEYS) + ", " + String.join(", ", EndToEndFit.HARDWARE_KEYS)
                        + ")");
            }
        }
        Path hardwareFile = null;
        if (hardwareKeys) {
            if (hardware == null) {
                throw new InputException("calibrate: --fit hardware.*: name the GPU with --hardware");
            }
            dev.memwall.hardware.HardwareCatalog.load(hardwareDir, hardware, "calibrate: --hardware");
            hardwareFile = hardwareDir.resolve(hardware + ".json");
        }
        Path enginesDir = EngineCatalog.enginesDirFor(hardwareDir);
        EngineCatalog.load(enginesDir, engineBase, "calibrate: --engine-base");
        Path base = enginesDir.resolve(engineBase + ".json");
        out.println("calibrate engine " + engineBase + " (" + String.join(", ", keys) + ") against " + targets.size()
                + " end-to-end target" + (targets.size() == 1 ? "" : "s") + ", simulating each with the roofline:");
        EndToEndFit.Result r = new EndToEndFit(base, hardwareFile, targets).fit(keys);
        out.printf(Locale.US, "  %-28s %12s %12s %12s %12s%n", "target", "TTFT before", "TTFT after", "TPOT before",
                "TPOT after");
        for (int i = 0; i < targets.size(); i++) {
            EndToEndFit.Check b = r.before().get(i);
            EndToEndFit.Check a = r.after().get(i);
            out.printf(Locale.US, "  %-28s %+11.1f%% %+11.1f%% %+11.1f%% %+11.1f%%%n", targets.get(i).name(),
                    b.ttftErrorPct(), a.ttftErrorPct(), b.tpotErrorPct(), a.tpotErrorPct());
        }
        out.println("  (" + r.evaluations() + " evaluations)");
        for (int j = 0; j < keys.size(); j++) {
            out.printf(Locale.US, "  %-28s %s%n", keys.get(j), CalibratedFiles.round(r.values()[j]).toPlainString());
        }
        String fit = "fitted by memwall calibrate: BOBYQA (Apache Commons Math 3) on the relative errors of"
                + " simulated mean TTFT and TPOT, each over its gate, simulating " + data + " with the roofline ("
                + String.join(", ", keys) + " fitted together); after the fit: " + EndToEndFit.describe(r.after());
        if (engineOut != null) {
            writeEngine(base, keys, r, fit, engineOut);
            out.println("wrote " + engineOut);
        }
        if (hardwareOut != null && hardwareFile != null) {
            writeHardware(hardwareFile, keys, r, fit, data, hardwareOut);
            out.println("wrote " + hardwareOut);
        }
        return r;
    }

    private static void writeEngine(Path base, List<String> keys, EndToEndFit.Result r, String fit, Path engineOut) {
        ObjectNode root = CalibratedFiles.read(base);
        for (int j = 0; j < keys.size(); j++) {
            if (!keys.get(j).startsWith("hardware.")) {
                CalibratedFiles.set(root, keys.get(j), r.values()[j], "[M] " + what(keys.get(j)) + "; " + fit);
            }
        }
        CalibratedFiles.write(root, engineOut);
    }

    /** The GPU's fitted constants, and its calibration extended by the end-to-end part of the fit. */
    private static void writeHardware(Path hardwareFile, List<String> keys, EndToEndFit.Result r, String fit,
            String data, Path hardwareOut) {
        ObjectNode root = CalibratedFiles.read(hardwareFile);
        ObjectNode eff = (ObjectNode) root.get("efficiency");
        List<String> fitted = new java.util.ArrayList<>();
        for (int j = 0; j < keys.size(); j++) {
            if (keys.get(j).startsWith("hardware.")) {
                String key = keys.get(j).substring(9);
                fitted.add(key);
                CalibratedFiles.set(eff, key, r.values()[j], "[M] " + hardwareWhat(key) + "; " + fit);
            }
        }
        String against = root.path("calibration").path("against").asText("");
        int cut = against.indexOf(END_TO_END);
        String before = cut >= 0 ? against.substring(0, cut) : against;
        CalibratedFiles.calibrated(root, (before.isEmpty() ? "" : before + "; ") + END_TO_END.substring(2) + data
                + " (" + String.join(", ", fitted) + ")");
        CalibratedFiles.write(root, hardwareOut);
    }

    private static String hardwareWhat(String key) {
        switch (key) {
            case "memory_bandwidth":
                return "GEMM weight streaming as a fraction of spec bandwidth, as the engine's decode steps reach it";
            case "compute":
                return "fraction of dense peak full GEMM waves reach, as the engine's prefills reach it";
            default:
                return "fixed time of every non-attention kernel, as the engine's steps pay it";
        }
    }

    private static String what(String key) {
        switch (key) {
            case "iteration_overhead_us":
                return "CPU time per iteration outside the kernels";
            case "sequence_overhead_us":
                return "CPU time per scheduled sequence per iteration";
            case "eager_kernel_overhead_us":
                return "extra time per kernel and per all-reduce of an iteration holding a prefill, launched eagerly";
            default:
                return "extra time per all-reduce of such an eager iteration per TP rank beyond the first";
        }
    }
}
