package dev.memwall.gate;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.memwall.bench.CpuTimeProfiler;
import dev.memwall.input.InputException;

/**
 * {@code gate --against}: the interleaved A/B wall-time gate. The baseline is a git ref built in a
 * temporary worktree, or a jar given; the candidate is the running {@code benchmarks.jar}, or a
 * jar given. {@link AbRunner} runs both alternately, {@link AbComparison} judges the ratios of
 * their CPU time per op ({@link CpuTimeProfiler}), or of their wall time when the baseline build
 * has no such profiler.
 */
public final class AbGate {
    /**
     * The default benchmarks: the engine's event heap, the whole standard scenario timed per
     * simulation, and whole {@code scripts/memwall} processes (start-up included).
     */
    public static final String DEFAULT_INCLUDE = "bench\\.engine\\.|DecodeHeavyBenchmark\\.iterationTime"
            + "|StartupBenchmark";
    /** The default number of rounds: 10 gives a 97.9% interval from the 2nd smallest to the 2nd largest ratio. */
    public static final int DEFAULT_ROUNDS = 10;
    /** The default largest tolerated slowdown of the A/B gate. */
    public static final double DEFAULT_THRESHOLD = 0.05;
    /** The default smallest coverage of the ratio intervals. */
    public static final double DEFAULT_CONFIDENCE = 0.95;
    /** The default JMH options of each run: short, since each round is a fresh fork of each build. */
    public static final String DEFAULT_JMH_ARGS = "-wi 2 -i 3 -w 500ms -r 500ms";

    /**
     * What to compare, and how.
     *
     * @param against      the baseline's git ref; empty for the merge base with main; null with a baseline jar
     * @param baselineJar  the baseline's jar instead of a ref; null to build {@code against}
     * @param candidateJar the candidate's jar; null for the running one
     * @param workDir      where each run's JSON and log go
     */
    public record Settings(String against, Path baselineJar, Path candidateJar, String include, int rounds,
            List<String> jmhArgs, double threshold, double confidence, Path workDir) {
    }

    private AbGate() {
    }

    /**
     * Builds or finds both jars, runs the rounds, and returns the comparison.
     *
     * @param root the repository (the candidate's benchmarks run there, and REF is built from it)
     * @throws InputException on a bad ref, a jar that is missing, a failed build or run
     */
    public static AbComparison.Report run(Path root, Settings s, PrintWriter out) {
        int needed = RatioInterval.minimumRounds(s.confidence());
        if (s.rounds() < needed) {
            throw new InputException(String.format(Locale.US, "gate: --rounds %d is too few: a %.0f%% interval of"
                    + " the median ratio needs at least %d rounds", s.rounds(), s.confidence() * 100, needed));
        }
        Path candidateJar = s.candidateJar() != null ? existing(s.candidateJar(), "--candidate-jar") : runningJar();
        prepare(s.workDir());
        AbRunner.Build candidate = new AbRunner.Build("candidate", candidateJar.toString(), candidateJar, root);
        if (s.baselineJar() != null) {
            Path jar = existing(s.baselineJar(), "--baseline-jar");
            return compare(new AbRunner.Build("baseline", jar.toString(), jar, root), candidate, s, out);
        }
        String commit = s.against().isEmpty() ? RefBuild.defaultRef(root) : RefBuild.resolve(root, s.against());
        String name = (s.against().isEmpty() ? "merge base with main" : s.against()) + " ("
                + commit.substring(0, Math.min(12, commit.length())) + ")";
        Path log = s.workDir().resolve("baseline-build.log");
        out.println("building the baseline, " + name + ", in a temporary worktree (log: " + log + ")");
        out.flush();
        long startNs = System.nanoTime();
        try (RefBuild ref = RefBuild.build(root, commit, log)) {
            out.printf(Locale.US, "built in %.0f s%n", (System.nanoTime() - startNs) / 1e9);
            return compare(new AbRunner.Build("baseline", name, ref.jar(), ref.directory()), candidate, s, out);
        }
    }

    private static AbComparison.Report compare(AbRunner.Build base, AbRunner.Build candidate, Settings s,
            PrintWriter out) {
        // CPU time leaves out the waits for a core that make a shared machine's wall time noisy;
        // a baseline built before the profiler existed can only give wall time.
        boolean cpuTime = JmhLauncher.hasCpuTimeProfiler(base.jar()) && JmhLauncher.hasCpuTimeProfiler(candidate.jar());
        String measure = cpuTime ? CpuTimeProfiler.MEASURED
                : "JMH's wall time per op (the baseline build predates the CPU-time profiler)";
        long startNs = System.nanoTime();
        AbRunner.Outcome outcome;
        try (JmhLauncher launcher = new JmhLauncher(s.workDir(), s.jmhArgs(), cpuTime)) {
            outcome = AbRunner.run(base, candidate, s.include(), s.rounds(), launcher, out);
        }
        out.printf(Locale.US, "%d rounds took %.0f s; each run's JSON and log are in %s%n%n", s.rounds(),
                (System.nanoTime() - startNs) / 1e9, s.workDir());
        return outcome.comparison().compare(base.name(), candidate.name(), measure, s.rounds(), s.threshold(),
                s.confidence(), outcome.onlyOneSide());
    }

    /** The jar this class was loaded from; a bad input when it runs from classes, not a jar. */
    static Path runningJar() {
        try {
            Path p = Path.of(AbGate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                return p;
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new InputException("gate: --against runs the candidate from benchmarks.jar, but this gate runs from"
                + " classes; run it with java -jar benchmarks/target/benchmarks.jar, or give --candidate-jar FILE");
    }

    private static Path existing(Path jar, String option) {
        if (!Files.isRegularFile(jar)) {
            throw InputException.at(jar.toString(), "no such file (" + option + ")");
        }
        return jar.toAbsolutePath();
    }

    /** Makes the work directory and clears the rounds an earlier A/B run left there. */
    private static void prepare(Path workDir) {
        try {
            Files.createDirectories(workDir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(workDir, "round-*.{json,log}")) {
                for (Path p : old) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new InputException("gate: cannot prepare the work directory " + workDir + ": " + e.getMessage(), e);
        }
    }
}
