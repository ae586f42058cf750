package dev.memwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.memwall.bench.support.RepoRoot;
import dev.memwall.gate.AllocationProbe;
import dev.memwall.gate.GoldenScenarios;
import dev.memwall.gate.JmhResult;
import dev.memwall.gate.WallTimeGate;
import dev.memwall.input.InputException;
import dev.memwall.output.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gate}: regression gates on model outputs (golden summaries) and engine wall time (JMH). */
@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Regression gates. Wall time (--candidate): compares a JMH JSON result with",
            "the baseline, benchmark by benchmark (name, params, mode), each score",
            "normalised by the reference benchmark of its own run; a benchmark fails when",
            "it is slower by more than the threshold and its error bars do not overlap",
            "the baseline's. Prints a table. Refuses results from different JDK versions.",
            "Model outputs (--golden): reruns the fixed-seed scenarios and compares their",
            "summaries with results/golden/ (counts exactly, times to 1e-9 relative).",
            "Allocation (--allocation): in an interpreted JVM (-Xint, so every allocation",
            "site runs literally), a warmed simulation of shipped configs must allocate",
            "0 bytes. The golden and allocation checks also run in 'mvn verify'.",
            ""},
        footer = {
            "",
            "Examples (java -jar benchmarks/target/benchmarks.jar ...):",
            "  EventHeap -f 1 -rf json -rff results/jmh/c.json",
            "  gate --candidate results/jmh/c.json",
            "  gate --golden",
            "  gate --allocation",
            "  gate --update-baseline --candidate results/jmh/c.json",
            "  gate --update-golden",
            "",
            "Exit codes: 0 pass, 1 regression (or golden difference), 2 bad input (one",
            "line on stderr, e.g. results from different JDKs)."})
public final class GateCommand implements Callable<Integer> {
    /** Golden differences listed per scenario; the rest are counted. */
    private static final int SHOWN_PER_SCENARIO = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--candidate", paramLabel = "FILE", description = "JMH JSON result to check (-rf json -rff FILE).")
    Path candidate;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "JMH JSON baseline. Default: results/baseline/jmh.json in the repository.")
    Path baseline;

    @Option(names = "--threshold", paramLabel = "F",
            description = {"Largest tolerated slowdown, as a fraction.", "Default: ${DEFAULT-VALUE}."})
    double threshold = WallTimeGate.DEFAULT_THRESHOLD;

    @Option(names = "--reference", paramLabel = "BENCHMARK",
            description = {"Benchmark whose score normalises the others.", "Default: ${DEFAULT-VALUE}."})
    String reference = WallTimeGate.DEFAULT_REFERENCE;

    @Option(names = "--advisory", description = "Print the wall-time table but exit 0 on a regression.")
    boolean advisory;

    @Option(names = "--golden", description = "Rerun the golden scenarios and compare with the golden files.")
    boolean golden;

    @Option(names = "--golden-dir", paramLabel = "DIR",
            description = "Golden summaries. Default: results/golden in the repository.")
    Path goldenDir;

    @Option(names = "--allocation",
            description = "Check that a warmed simulation allocates 0 bytes (interpreted child JVM, a few seconds).")
    boolean allocation;

    @Option(names = "--update-baseline",
            description = "Make --candidate the new baseline (the only way to move it).")
    boolean updateBaseline;

    @Option(names = "--update-golden",
            description = "Rewrite the golden summaries from this build (the only way to move them).")
    boolean updateGolden;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!(threshold > 0)) {
            throw new InputException("gate: --threshold must be > 0 (got " + threshold + ")");
        }
        if (candidate == null && !golden && !updateGolden && !updateBaseline && !allocation) {
            throw new InputException("gate: nothing to do: give --candidate FILE (wall time), --golden (model outputs),"
                    + " --allocation, --update-baseline --candidate FILE or --update-golden (see 'gate --help')");
        }
        if (updateBaseline && candidate == null) {
            throw new InputException("gate: --update-baseline needs --candidate FILE, the result to make the baseline");
        }
        // The repository is looked for only when a default path or the golden scenarios need it.
        Path root = golden || updateGolden || allocation || (candidate != null && baseline == null) ? root() : null;
        Path baselineFile = baseline != null ? baseline : root == null ? null : root.resolve("results/baseline/jmh.json");
        Path golds = goldenDir != null ? goldenDir : root == null ? null : root.resolve("results/golden");
        if (golden && !updateGolden && !Files.isDirectory(golds)) {
            throw new InputException("gate: --golden-dir: " + golds + ": no such folder (the golden summaries live in"
                    + " results/golden; write them with gate --update-golden)");
        }
        if (updateGolden) {
            OutputPaths.requireWritableFolder("gate: --golden-dir", golds, golds);
        }
        int code = 0;
        if (updateGolden) {
            for (GoldenScenarios.Scenario s : GoldenScenarios.all()) {
                GoldenScenarios.write(s, root, golds);
                out.println("wrote " + GoldenScenarios.file(golds, s));
            }
        } else if (golden) {
            code = Math.max(code, checkGolden(out, root, golds));
        }
        if (allocation) {
            code = Math.max(code, checkAllocation(out, root));
        }
        if (updateBaseline) {
            List<JmhResult> results = JmhResult.read(candidate);
            if (results.isEmpty()) {
                throw InputException.at(candidate.toString(), "holds no benchmark results");
            }
            copy(candidate, baselineFile);
            out.printf(Locale.ROOT, "baseline %s now holds %d results from %s (JDK %s)%n", baselineFile, results.size(),
                    candidate, results.get(0).jdkVersion());
        } else if (candidate != null) {
            WallTimeGate.Report report = WallTimeGate.compare(JmhResult.read(baselineFile), baselineFile.toString(),
                    JmhResult.read(candidate), candidate.toString(), reference, threshold);
            report.print(out);
            if (!report.passed()) {
                if (advisory) {
                    out.println("(advisory: not failing)");
                } else {
                    code = 1;
                }
            }
        }
        out.flush();
        return code;
    }

    /** Runs {@link AllocationProbe} in a child JVM with {@code -Xint}; passes on its exit code. */
    private static int checkAllocation(PrintWriter out, Path root) {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "-Xint", "-cp", System.getProperty("java.class.path"),
                AllocationProbe.class.getName(), root.toString()).redirectErrorStream(true);
        try {
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = p.waitFor();
            out.print(text);
            if (exit != 0 && !text.contains("FAIL: ")) {
                throw new IllegalStateException("the allocation probe failed to run (exit " + exit + ")");
            }
            return exit == 0 ? 0 : 1;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the allocation probe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the allocation probe", e);
        }
    }

    private static int checkGolden(PrintWriter out, Path root, Path golds) {
        List<String> diffs = new ArrayList<>();
        int scenarios = 0;
        for (GoldenScenarios.Scenario s : GoldenScenarios.all()) {
            List<String> d = GoldenScenarios.check(s, root, golds);
            out.printf(Locale.ROOT, "%-32s %s%n", s.name(), d.isEmpty() ? "matches" : d.size() + " difference"
                    + (d.size() == 1 ? "" : "s"));
            diffs.addAll(d.subList(0, Math.min(d.size(), SHOWN_PER_SCENARIO)));
            if (d.size() > SHOWN_PER_SCENARIO) {
                diffs.add(s.name() + ": ... and " + (d.size() - SHOWN_PER_SCENARIO) + " more");
            }
            scenarios++;
        }
        if (diffs.isEmpty()) {
            out.printf(Locale.ROOT, "PASS: %d golden scenarios match %s%n", scenarios, golds);
            return 0;
        }
        out.println("FAIL: model outputs differ from " + golds + ":");
        for (String d : diffs) {
            out.println("  " + d);
        }
        out.println("If the change is intended, rewrite the golden files with: gate --update-golden");
        return 1;
    }

    private static Path root() {
        try {
            return RepoRoot.get();
        } catch (IllegalStateException e) {
            throw new InputException("gate: " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Path parent = to.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new InputException("gate: cannot write " + to + ": " + e.getMessage(), e);
        }
    }
}
