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
