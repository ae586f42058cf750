package dev.memwall.gate;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.memwall.input.InputException;

/**
 * Runs the chosen benchmarks from two builds alternately: in each round, each benchmark method
 * runs once from each build, one fork each, the baseline first in even rounds and the candidate
 * first in odd ones (A B, B A, ...), so that drift of the machine and any cost of going first or
 * second fall on both alike. What a round measured goes into an {@link AbComparison}.
 */
public final class AbRunner {
    /**
     * One build under test.
     *
     * @param label     "baseline" or "candidate", for file names and messages
     * @param name      what it is, for the report (a commit, a jar)
     * @param jar       its {@code benchmarks.jar}
     * @param directory the directory its benchmarks run in (they read configs/ there)
     */
    public record Build(String label, String name, Path jar, Path directory) {
    }

    /** Runs JMH from a build's jar. */
    public interface Launcher {
        /** The full names of the build's benchmark methods that {@code include} matches. */
        List<String> list(Build build, String include);

        /** Runs one benchmark method, one fork, and returns its results; {@code stem} names its files. */
        List<JmhResult> run(Build build, String benchmark, String stem);
    }

    /**
     * What a run found.
     *
     * @param comparison  every round's results, paired
     * @param onlyOneSide benchmark methods that only one build has, not run
     */
    public record Outcome(AbComparison comparison, List<String> onlyOneSide) {
    }

    private AbRunner() {
    }

    /**
     * Runs {@code rounds} rounds of the benchmarks both builds have that {@code include} matches.
     *
     * @throws InputException when no benchmark matching {@code include} is in both builds
     */
    public static Outcome run(Build base, Build candidate, String include, int rounds, Launcher launcher,
            PrintWriter progress) {
        List<String> inBase = launcher.list(base, include);
        List<String> inCandidate = launcher.list(candidate, include);
        List<String> both = new ArrayList<>(inCandidate);
        both.retainAll(inBase);
        Set<String> oneSide = new LinkedHashSet<>(inBase);
        oneSide.addAll(inCandidate);
        oneSide.removeAll(both);
        if (both.isEmpty()) {
            throw new InputException("gate: no benchmark matching '" + include + "' is in both builds (baseline: "
                    + inBase.size() + ", candidate: " + inCandidate.size() + "); see -l for their names");
        }
        progress.printf(Locale.US, "%d rounds of %s, from both builds alternately%n", rounds,
                String.join(", ", both.stream().map(TextTable::shortName).toList()));
        progress.flush();
        AbComparison comparison = new AbComparison();
        for (int round = 0; round < rounds; round++) {
            long startNs = System.nanoTime();
            for (String benchmark : both) {
                String stem = String.format(Locale.US, "round-%02d-%s", round + 1, TextTable.shortName(benchmark));
                List<JmhResult> b;
                List<JmhResult> c;
                if (round % 2 == 0) {
                    b = launcher.run(base, benchmark, stem + "-" + base.label());
                    c = launcher.run(candidate, benchmark, stem + "-" + candidate.label());
                } else {
                    c = launcher.run(candidate, benchmark, stem + "-" + candidate.label());
                    b = launcher.run(base, benchmark, stem + "-" + base.label());
                }
                comparison.addRound(b, c);
            }
            progress.printf(Locale.US, "round %d/%d done (%.0f s)%n", round + 1, rounds,
                    (System.nanoTime() - startNs) / 1e9);
            progress.flush();
        }
        return new Outcome(comparison, List.copyOf(oneSide));
    }
}
