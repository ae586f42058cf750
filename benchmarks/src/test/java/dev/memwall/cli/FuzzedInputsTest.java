package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of generated bad inputs ({@link BadInputFuzz}): each must end either with exit 2 and
 * exactly one line on stderr, without a stack trace, or as a clean run (exit 0, nothing on
 * stderr) when the input happens to be valid. Prints the counts by category and outcome.
 */
class FuzzedInputsTest {
    @TempDir
    Path root;

    @Test
    void everyFuzzedInputEndsInOneLineExitTwoOrACleanRun() throws IOException {
        List<BadInputFuzz.Case> cases = BadInputFuzz.all();
        assertTrue(cases.size() >= 300, "generated only " + cases.size());
        Map<String, int[]> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (BadInputFuzz.Case c : cases) {
            Path dir = Files.createDirectories(root.resolve("case" + i++));
            for (Map.Entry<String, String> f : c.files().entrySet()) {
                Path file = dir.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
            }
            String[] args = c.args().stream().map(a -> a.replace("@", dir + "/")).toArray(String[]::new);
            CliRun r = CliRun.run(c.tool(), args);
            String outcome = outcome(r);
            counts.computeIfAbsent(c.category(), k -> new int[3])[outcome.equals("exit 2, one line") ? 0
                    : outcome.equals("exit 0, clean") ? 1 : 2]++;
            if (outcome.startsWith("BAD")) {
                failures.add(c + " -> " + outcome);
            }
        }
        int bad = 0;
        int clean = 0;
        System.out.printf("%-16s %8s %8s %8s%n", "category", "exit 2", "exit 0", "other");
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            System.out.printf("%-16s %8d %8d %8d%n", e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
            bad += e.getValue()[0];
            clean += e.getValue()[1];
        }
        System.out.printf("%-16s %8d %8d %8d  (%d inputs)%n", "all", bad, clean, failures.size(), cases.size());
        assertEquals(List.of(), failures);
    }

    private static String outcome(CliRun r) {
        String err = r.err.strip();
        boolean trace = err.contains("Exception") || err.contains("\tat ") || err.contains("Error:");
        if (r.exitCode == Main.EXIT_BAD_INPUT && !err.isEmpty() && !err.contains("\n") && !trace) {
            return "exit 2, one line";
        }
        if (r.exitCode == 0 && err.isEmpty()) {
            return "exit 0, clean";
        }
        return "BAD: exit " + r.exitCode + ", stderr: " + err.replace("\n", "\\n");
    }
}
