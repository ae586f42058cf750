package dev.memwall.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.memwall.bench.support.RepoRoot;

/** Runs a tool in-process and captures what it prints; finds the repository root and ../shared. */
final class CliRun {
    final int exitCode;
    final String out;
    final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliRun run(String tool, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(tool, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Asserts the run ended in {@code code} with exactly one line on stderr, containing
     * {@code expected}, and no stack trace; returns this run for further checks.
     */
    CliRun assertOneLine(int code, String expected) {
        String line = err.strip();
        org.junit.jupiter.api.Assertions.assertEquals(code, exitCode, "exit code; stderr: " + err);
        org.junit.jupiter.api.Assertions.assertFalse(line.isEmpty(), "stderr is empty");
        org.junit.jupiter.api.Assertions.assertFalse(line.contains("\n"), "more than one line on stderr: " + err);
        org.junit.jupiter.api.Assertions.assertFalse(line.contains("Exception") || line.contains("\tat ")
                || line.contains("Error:"), "a stack trace or Java class name on stderr: " + err);
        org.junit.jupiter.api.Assertions.assertTrue(line.contains(expected),
                "stderr '" + line + "' lacks '" + expected + "'");
        return this;
    }

    /** Asserts exit 2 (bad input) with one line on stderr containing {@code expected}. */
    CliRun assertBadInput(String expected) {
        return assertOneLine(Main.EXIT_BAD_INPUT, expected);
    }

    /** The repository root, as the benchmarks and the gate find it. */
    static Path root() {
        return RepoRoot.get();
    }

    /** {@code ../shared} beside the repository, or null when absent. */
    static Path shared() {
        Path s = root().resolveSibling("shared");
        return Files.isDirectory(s) ? s : null;
    }

    /** The flags that point a run at the repository's models and hardware, wherever the test runs. */
    static String[] catalogs() {
        return new String[] {"--models-dir", root().resolve("configs/models").toString(),
            "--hardware-dir", root().resolve("configs/hardware").toString()};
    }
}
