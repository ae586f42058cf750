package dev.memwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.memwall.output.OutputPaths;
import dev.memwall.sweep.Study;
import dev.memwall.sweep.StudyLoader;
import dev.memwall.sweep.Sweep;
import dev.memwall.plot.StudyPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plot}: redraws a sweep's plots from its results. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Rewrites points.csv and the .hgrm files of a study's output folder from its",
            "journal (points.jsonl), running nothing, and draws, each as PNG and SVG, the",
            "plots the study's axes allow:",
            "  tpot-vs-<x>          TPOT p99 (solid) and p50 (dashed) vs the main",
            "                       numeric axis (CXL bandwidth when swept), a colour",
            "                       per device count, the host-link bound dotted",
            "  tpot-p99-heatmap     TPOT p99 over two numeric axes, a cell per point",
            "  throughput-vs-arrival-rate  throughput vs arrival rate, a line per",
            "                       placement, the offered load dotted",
            "  tpot-cdf, ttft-cdf   the TPOT and TTFT distributions of each point along <x>",
            "Axes a chart does not show are held at the study's plots.fixed values (else",
            "at their first value). A study without an axis of two or more numbers gets",
            "one line saying no plot fits.",
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
