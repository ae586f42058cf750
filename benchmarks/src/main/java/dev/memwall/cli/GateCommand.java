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
import dev.memwall.gate.AbComparison;
import dev.memwall.gate.AbGate;
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
            "Regression gates. Wall time, interleaved (--against REF): builds REF in a",
            "temporary git worktree (or takes --baseline-jar), runs the chosen benchmarks",
            "from it and from this jar alternately for N rounds, one fork each, and",
            "judges the per-round ratios of CPU time per op (candidate / baseline; wall",
            "time against a build without the CPU-time profiler): a benchmark regresses",
            "when the whole 95%% interval of its median ratio lies above 1 + threshold.",
            "Drift of a shared machine hits both builds alike.",
            "Wall time, stored (--candidate): compares a JMH JSON result's raw",
            "per-iteration samples with the baseline's, each normalised by the reference",
            "benchmark of its own run: a regression is a Mann-Whitney U p < 0.01 and a",
            "median slower by more than the threshold. The baseline needs 10 samples per",
            "benchmark. Where both files have the CPU-time profiler's cpu.time, it is",
            "compared instead of wall time. Refuses results from different JDK versions.",
            "Model outputs (--golden): reruns the fixed-seed scenarios and compares their",
            "summaries with results/golden/ (counts exactly, times to 1e-9 relative).",
            "Allocation (--allocation): in an interpreted JVM (-Xint, so every allocation",
            "site runs literally), a warmed simulation of shipped configs must allocate",
            "0 bytes. The golden and allocation checks also run in 'mvn verify'.",
            ""},
        footer = {
            "",
            "Examples (java -jar benchmarks/target/benchmarks.jar ...):",
            "  gate --against HEAD~1",
            "  gate --against main --include EventHeap --rounds 20",
            "  EventHeap -f 5 -i 4 -rf json -rff results/jmh/c.json",
            "  gate --candidate results/jmh/c.json",
            "  gate --golden",
            "  gate --allocation",
            "  gate --update-baseline --candidate results/jmh/c.json",
            "  gate --update-golden",
            "",
            "Exit codes: 0 pass, 3 regression (or golden difference, or allocation),",
            "2 bad input or environment (one line on stderr, e.g. results from different",
            "JDKs, a ref that is no commit, a failed build), 1 internal fault."})
public final class GateCommand implements Callable<Integer> {
    /** Exit code of a gate that found a regression. */
    static final int EXIT_REGRESSION = 3;
    /** Golden differences listed per scenario; the rest are counted. */
    private static final int SHOWN_PER_SCENARIO = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--against", paramLabel = "REF", arity = "0..1", fallbackValue = "",
            description = {"Interleaved A/B: compare this jar with git ref REF's build.",
                "Without REF: the merge base of HEAD and main."})
    String against;

    @Option(names = "--baseline-jar", paramLabel = "FILE",
            description = "Interleaved A/B against this benchmarks.jar instead of building a ref.")
    Path baselineJar;

    @Option(names = "--candidate-jar", paramLabel = "FILE",
            description = "Interleaved A/B: the candidate jar. Default: the jar running this gate.")
    Path candidateJar;

    @Option(names = "--include", paramLabel = "REGEX",
            description = {"Interleaved A/B: the benchmarks to run (JMH regex).", "Default: ${DEFAULT-VALUE}."})
    String include = AbGate.DEFAULT_INCLUDE;

    @Option(names = "--rounds", paramLabel = "N",
            description = {"Interleaved A/B: rounds, one fork of each build each (at least 6).",
                "Default: ${DEFAULT-VALUE}."})
    int rounds = AbGate.DEFAULT_ROUNDS;

    @Option(names = "--jmh-args", paramLabel = "ARGS",
            description = {"Interleaved A/B: JMH options of each run (one fork is forced).",
                "Default: '${DEFAULT-VALUE}'."})
    String jmhArgs = AbGate.DEFAULT_JMH_ARGS;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Interleaved A/B: where each run's JSON and log go. Default: results/jmh/ab.")
    Path workDir;

    @Option(names = "--candidate", paramLabel = "FILE", description = "JMH JSON result to check (-rf json -rff FILE).")
    Path candidate;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "JMH JSON baseline. Default: results/baseline/jmh.json in the repository.")
    Path baseline;

    @Option(names = "--threshold", paramLabel = "F",
            description = {"Largest tolerated slowdown, as a fraction. Default: "
                + AbGate.DEFAULT_THRESHOLD + " with --against, " + WallTimeGate.DEFAULT_THRESHOLD + " with --candidate."})
    Double threshold;

    @Option(names = "--reference", paramLabel = "BENCHMARK",
            description = {"Benchmark whose score normalises the others (--candidate).", "Default: ${DEFAULT-VALUE}."})
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
        checkOptions();
        boolean ab = against != null || baselineJar != null;
        // The repository is looked for only when a default path, a ref or the golden scenarios need it.
        Path root = golden || updateGolden || allocation || ab || (candidate != null && baseline == null) ? root() : null;
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
            updateBaseline(out, baselineFile);
        } else if (candidate != null) {
            WallTimeGate.Report report = WallTimeGate.compareFiles(baselineFile, candidate, reference,
                    threshold != null ? threshold : WallTimeGate.DEFAULT_THRESHOLD);
            report.print(out);
            code = Math.max(code, wallTimeVerdict(out, report.passed()));
        }
        if (ab) {
            AbComparison.Report report = AbGate.run(root, abSettings(root), out);
            report.print(out);
            code = Math.max(code, wallTimeVerdict(out, report.passed()));
        }
        out.flush();
        return code;
    }

    private void checkOptions() {
        if (threshold != null && !(threshold > 0)) {
            throw new InputException("gate: --threshold must be > 0 (got " + threshold + ")");
        }
        boolean ab = against != null || baselineJar != null;
        if (candidate == null && !golden && !updateGolden && !updateBaseline && !allocation && !ab) {
            throw new InputException("gate: nothing to do: give --against [REF] or --candidate FILE (wall time),"
                    + " --golden (model outputs), --allocation, --update-baseline --candidate FILE or --update-golden"
                    + " (see 'gate --help')");
        }
        if (updateBaseline && candidate == null) {
            throw new InputException("gate: --update-baseline needs --candidate FILE, the result to make the baseline");
        }
        if (against != null && baselineJar != null) {
            throw new InputException("gate: give --against REF or --baseline-jar FILE, not both");
        }
        if (candidateJar != null && !ab) {
            throw new InputException("gate: --candidate-jar is for the interleaved A/B gate: add --against REF or"
                    + " --baseline-jar FILE");
        }
    }

    private AbGate.Settings abSettings(Path root) {
        List<String> args = jmhArgs.isBlank() ? List.of() : List.of(jmhArgs.strip().split("\\s+"));
        return new AbGate.Settings(baselineJar != null ? null : against, baselineJar, candidateJar, include, rounds,
                args, threshold != null ? threshold : AbGate.DEFAULT_THRESHOLD, AbGate.DEFAULT_CONFIDENCE,
                workDir != null ? workDir : root.resolve("results/jmh/ab"));
    }

    /** The exit code of a wall-time gate's verdict: 0 on a pass, or on a regression in advisory mode. */
    private int wallTimeVerdict(PrintWriter out, boolean passed) {
        if (passed) {
            return 0;
        }
        if (advisory) {
            out.println("(advisory: not failing)");
            return 0;
        }
        return EXIT_REGRESSION;
    }

    private void updateBaseline(PrintWriter out, Path baselineFile) {
        List<JmhResult> results = JmhResult.read(candidate);
        if (results.isEmpty()) {
            throw InputException.at(candidate.toString(), "holds no benchmark results");
        }
        copy(candidate, baselineFile);
        out.printf(Locale.US, "baseline %s now holds %d results from %s (JDK %s)%n", baselineFile, results.size(),
                candidate, results.get(0).jdkVersion());
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
            return exit == 0 ? 0 : EXIT_REGRESSION;
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
            out.printf(Locale.US, "%-32s %s%n", s.name(), d.isEmpty() ? "matches" : d.size() + " difference"
                    + (d.size() == 1 ? "" : "s"));
            diffs.addAll(d.subList(0, Math.min(d.size(), SHOWN_PER_SCENARIO)));
            if (d.size() > SHOWN_PER_SCENARIO) {
                diffs.add(s.name() + ": ... and " + (d.size() - SHOWN_PER_SCENARIO) + " more");
            }
            scenarios++;
        }
        if (diffs.isEmpty()) {
            out.printf(Locale.US, "PASS: %d golden scenarios match %s%n", scenarios, golds);
            return 0;
        }
        out.println("FAIL: model outputs differ from " + golds + ":");
        for (String d : diffs) {
            out.println("  " + d);
        }
        out.println("If the change is intended, rewrite the golden files with: gate --update-golden");
        return EXIT_REGRESSION;
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
