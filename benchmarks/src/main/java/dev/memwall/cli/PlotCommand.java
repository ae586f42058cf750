package dev.memwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.memwall.output.OutputPaths;
import dev.memwall.sweep.Study;
import dev.memwall.sweep.StudyLoader;
import dev.memwall.sweep.Sweep;
import dev.memwall.sweep.plot.StudyPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plot}: redraws a sweep's plots from its results. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Rewrites points.csv and the .hgrm files of a study's output folder from its",
            "journal (points.jsonl), running nothing, and draws as PNG beside them:",
            "  tpot-vs-cxl-bandwidth.png       TPOT p50 and p99 vs CXL bandwidth, a line",
            "                                  per device count",
            "  tpot-p99-heatmap.png            TPOT p99 over CXL latency x bandwidth, a",
            "                                  cell per point",
            "  throughput-vs-arrival-rate.png  throughput vs arrival rate, a line per",
            "                                  placement",
            "Axes a chart does not show are held at the study's plots.fixed values (else",
            "at their first value).",
            "",
            "Example: java -jar benchmarks/target/benchmarks.jar plot \\",
            "             configs/studies/cxl-grid.json",
            ""},
        footer = {"", "Exit codes: 0 success, 1 internal fault, 2 bad input or environment (one line on stderr)."})
public final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "The study file the results are of.")
    Path study;

    @Option(names = "--out", paramLabel = "DIR", description = "The sweep's output folder (default: results/<study name>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        Study s = StudyLoader.load(study);
        Path dir = out != null ? out : Path.of("results", s.name());
        if (!java.nio.file.Files.isRegularFile(dir.resolve("points.jsonl"))) {
            throw new dev.memwall.input.InputException("plot: " + dir.resolve("points.jsonl")
                    + ": no such file (run 'sweep' first, or give its --out)");
        }
        OutputPaths.requireWritableFolder("plot: --out", dir, dir);
        int rows = Sweep.writeOutputs(s, dir);
        log.printf("plot: %s has %d of %d points%n", dir.resolve("points.csv"), rows, s.grid().size());
        for (String line : StudyPlots.write(s, dir)) {
            log.println("plot: " + line);
        }
        log.flush();
        return 0;
    }
}
