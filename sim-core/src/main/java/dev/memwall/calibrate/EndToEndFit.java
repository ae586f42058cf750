package dev.memwall.calibrate;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.commons.io.file.PathUtils;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

import dev.memwall.result.RunResult;
import dev.memwall.run.SimulateJob;
import dev.memwall.serving.SimulationOptions;

/**
 * Fits a serving engine's terms ({@code iteration_overhead_us}, {@code sequence_overhead_us},
 * {@code eager_kernel_overhead_us}, {@code eager_allreduce_rank_us}), and where asked a GPU's
 * {@link #HARDWARE_KEYS}, to measured end-to-end mean TTFT and TPOT by simulating: BOBYQA (Apache
 * Commons Math, bounded, derivative-free) minimises the sum over targets of each mean's relative
 * error divided by its allowance, squared. Every evaluation simulates every target with the
 * roofline backend and the candidate engine and hardware, written to a temporary copy of the
 * configuration folders.
 */
public final class EndToEndFit {
    /** The engine keys that can be fitted, in file order. */
    public static final List<String> KEYS = List.of("iteration_overhead_us", "sequence_overhead_us",
            "eager_kernel_overhead_us", "eager_allreduce_rank_us");
    /** The hardware efficiency keys that can be fitted end to end (prefixed {@code hardware.}). */
    public static final List<String> HARDWARE_KEYS = List.of("hardware.memory_bandwidth", "hardware.compute",
            "hardware.kernel_overhead_us");
    private static final double[] UPPER = {5_000, 2_000, 200, 200};
    private static final double[] HARDWARE_UPPER = {1, 1, 100};
    private static final int MAX_EVALUATIONS = 400;
    /** BOBYQA's first and last trust-region radius, in the unit cube the parameters are mapped to. */
    private static final double INITIAL_RADIUS = 0.1;
    private static final double STOPPING_RADIUS = 1e-4;

    /**
     * One measured run to match.
     *
     * @param options the simulation options (with the repository's model and hardware folders);
     *     the engine option is replaced by each candidate
     * @param ttftAllowancePct how much relative TTFT error counts as much as {@code tpotAllowancePct}
     *     of TPOT error (a case's gates)
     */
    public record Target(String name, Path clusterConfig, Path trace, SimulationOptions options, double ttftMeanNs,
            double tpotMeanNs, double ttftAllowancePct, double tpotAllowancePct) {
    }

    /** A target's simulated means with given engine terms. */
    public record Check(Target target, double ttftMeanNs, double tpotMeanNs) {
        public double ttftErrorPct() {
            return (ttftMeanNs - target.ttftMeanNs()) / target.ttftMeanNs() * 100;
        }

        public double tpotErrorPct() {
            return (tpotMeanNs - target.tpotMeanNs()) / target.tpotMeanNs() * 100;
        }
    }

    /** The fitted values (file units) of {@code keys}, and every target before and after. */
    public record Result(List<String> keys, double[] values, List<Check> before, List<Check> after, int evaluations) {
    }

    private final Path baseEngine;
    private final Path hardwareFile;
    private final List<Target> targets;
    private final Path temp;

    /**
     * @param baseEngine the engine file the candidates start from and keep the unfitted terms of
     * @param hardwareFile the hardware file whose {@link #HARDWARE_KEYS} may be fitted (its folder is
     *     copied for the candidates), or null when only engine terms are
     */
    public EndToEndFit(Path baseEngine, Path hardwareFile, List<Target> targets) {
        this.baseEngine = baseEngine;
        this.hardwareFile = hardwareFile;
        this.targets = List.copyOf(targets);
        try {
            this.temp = Files.createTempDirectory("memwall-calibrate-");
            Files.createDirectories(temp.resolve("hardware"));
            Files.createDirectories(temp.resolve("engines"));
            if (hardwareFile != null) {
                try (var files = Files.list(hardwareFile.toAbsolutePath().getParent())) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, temp.resolve("hardware").resolve(f.getFileName()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current value of {@code key} in the base files. */
    private double startValue(String key) {
        if (key.startsWith("hardware.")) {
            return CalibratedFiles.read(hardwareFile).path("efficiency").path(key.substring(9)).path("value").asDouble();
        }
        return CalibratedFiles.read(baseEngine).path(key).path("value").asDouble();
    }

    private static double upper(String key) {
        return key.startsWith("hardware.") ? HARDWARE_UPPER[HARDWARE_KEYS.indexOf(key)] : UPPER[KEYS.indexOf(key)];
    }

    /** Fits {@code keys} (a subset of {@link #KEYS}). */
    public Result fit(List<String> keys) {
        try {
            double[] start = new double[keys.size()];
            double[] lower = new double[keys.size()];
            double[] upper = new double[keys.size()];
            for (int j = 0; j < start.length; j++) {
                start[j] = startValue(keys.get(j));
                upper[j] = upper(keys.get(j));
                lower[j] = keys.get(j).startsWith("hardware.") && !keys.get(j).endsWith("_us") ? 0.05 : 0;
            }
            List<Check> before = simulate(keys, start);
            int[] evaluations = new int[1];
            double[] best = start;
            if (keys.size() >= 2) {
                // Search in the unit cube: BOBYQA's trust region is one radius for every coordinate.
                int p = keys.size();
                double[] unitStart = new double[p];
                for (int j = 0; j < p; j++) {
                    unitStart[j] = (Math.max(lower[j], Math.min(upper[j], start[j])) - lower[j]) / (upper[j] - lower[j]);
                }
                BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * p + 1, INITIAL_RADIUS, STOPPING_RADIUS);
                PointValuePair point = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), GoalType.MINIMIZE,
                        new InitialGuess(unitStart), new SimpleBounds(new double[p], filled(p, 1.0)),
                        new ObjectiveFunction(u -> {
                            evaluations[0]++;
                            return cost(simulate(keys, scale(u, lower, upper)));
                        }));
                best = scale(point.getPoint(), lower, upper);
            } else {
                best = lineSearch(keys, start, upper[0], evaluations);
            }
            return new Result(List.copyOf(keys), best, before, simulate(keys, best), evaluations[0]);
        } finally {
            deleteTemp();
        }
    }

    /** Golden-section search for a single key over {@code [0, upper]}. */
    private double[] lineSearch(List<String> keys, double[] start, double upper, int[] evaluations) {
        double lo = 0;
        double hi = upper;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 40 && hi - lo > 1e-3; i++) {
            double a = hi - g * (hi - lo);
            double b = lo + g * (hi - lo);
            evaluations[0] += 2;
            if (cost(simulate(keys, new double[] {a})) < cost(simulate(keys, new double[] {b}))) {
                hi = b;
            } else {
                lo = a;
            }
        }
        return new double[] {(lo + hi) / 2};
    }

    private static double[] scale(double[] unit, double[] lower, double[] upper) {
        double[] x = new double[unit.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = lower[j] + unit[j] * (upper[j] - lower[j]);
        }
        return x;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** The sum over targets of (error / allowance)^2 for TTFT and TPOT. */
    static double cost(List<Check> checks) {
        double sum = 0;
        for (Check c : checks) {
            double t = c.ttftErrorPct() / c.target().ttftAllowancePct();
            double p = c.tpotErrorPct() / c.target().tpotAllowancePct();
            sum += t * t + p * p;
        }
        return sum;
    }

    /** Simulates every target with {@code keys = x}, rounded as the written files will hold them. */
    public List<Check> simulate(List<String> keys, double[] x) {
        Path engine = temp.resolve("engines").resolve(baseEngine.getFileName());
        ObjectNode root = CalibratedFiles.read(baseEngine);
        ObjectNode hw = hardwareFile == null ? null : CalibratedFiles.read(hardwareFile);
        for (int j = 0; j < keys.size(); j++) {
            String key = keys.get(j);
            if (key.startsWith("hardware.")) {
                ((ObjectNode) hw.path("efficiency").get(key.substring(9)))
                        .put("value", CalibratedFiles.round(Math.max(1e-3, x[j])));
            } else {
                ((ObjectNode) root.get(key)).put("value", CalibratedFiles.round(Math.max(0, x[j])));
            }
        }
        CalibratedFiles.write(root, engine);
        if (hw != null) {
            CalibratedFiles.write(hw, temp.resolve("hardware").resolve(hardwareFile.getFileName()));
        }
        List<Check> checks = new ArrayList<>();
        for (Target t : targets) {
            SimulationOptions.Builder b = t.options().toBuilder().engine(engine.toString());
            if (hw != null) {
                b.hardwareDir(temp.resolve("hardware"));
            }
            SimulationOptions o = b.build();
            SimulateJob.Inputs in = new SimulateJob.Inputs(t.clusterConfig(), t.trace(), null, 0, o, null, null, null,
                    true);
            RunResult s = SimulateJob.run(in, new PrintWriter(Writer.nullWriter()));
            checks.add(new Check(t, s.latency().ttft.meanNs(), s.latency().tpot.meanNs()));
        }
        return checks;
    }

    private void deleteTemp() {
        try {
            PathUtils.deleteDirectory(temp);
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    /** {@code name: TTFT -3.1 %, TPOT +1.2 %} per target, joined. */
    public static String describe(List<Check> checks) {
        List<String> parts = new ArrayList<>();
        for (Check c : checks) {
            parts.add(String.format(Locale.US, "%s TTFT %+.1f %%, TPOT %+.1f %%", c.target().name(), c.ttftErrorPct(),
                    c.tpotErrorPct()));
        }
        return String.join("; ", parts);
    }
}
