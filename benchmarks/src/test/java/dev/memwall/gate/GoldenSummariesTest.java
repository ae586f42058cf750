package dev.memwall.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.memwall.bench.support.RepoRoot;

/**
 * Check 1 of the gate: each fixed-seed scenario's summary still matches its golden file in
 * {@code results/golden/}. A failure means the model's answers changed; if that is intended,
 * rewrite the files with {@code gate --update-golden} and commit them with the change.
 */
class GoldenSummariesTest {
    static Stream<String> scenarios() {
        return GoldenScenarios.all().stream().map(GoldenScenarios.Scenario::name);
    }

    private static Path goldenDir() {
        return RepoRoot.get().resolve("results/golden");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void summaryMatchesItsGoldenFile(String name) {
        List<String> diffs = GoldenScenarios.check(GoldenScenarios.named(name), RepoRoot.get(), goldenDir());
        assertTrue(diffs.isEmpty(), () -> "model outputs changed (" + diffs.size() + " differences, first 8):\n  "
                + String.join("\n  ", diffs.subList(0, Math.min(8, diffs.size())))
                + "\nif intended: java -jar benchmarks/target/benchmarks.jar gate --update-golden");
    }

    @Test
    void everyGoldenFileBelongsToAScenario() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(goldenDir())) {
            files = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = scenarios().map(n -> n + ".json").collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, files);
    }

    @Test
    void aScenarioRunTwiceGivesTheSameSummary() {
        GoldenScenarios.Scenario s = GoldenScenarios.named("h100x2-rand-chat");
        assertEquals(GoldenScenarios.summarize(s, RepoRoot.get()), GoldenScenarios.summarize(s, RepoRoot.get()));
    }
}
