package dev.memwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.memwall.compare.CompareTable;
import dev.memwall.compare.ComparedRun;
import dev.memwall.compare.Comparison;
import dev.memwall.compare.Verdict;
import dev.memwall.cost.PriceBook;
import dev.memwall.input.InputException;
import dev.memwall.input.ShippedFiles;
import dev.memwall.options.RunOption;
import dev.memwall.report.CompareCharts;
import dev.memwall.report.CompareReport;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.TraceFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code compare}: several cluster configs on one trace and options, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = RunOptionFlags.class,
        description = {
            "Runs every cluster config on the same trace and options, in parallel threads, and writes report.md,"
                    + " a self-contained report.html and the PNG plots: latency percentiles, throughput, goodput,"
                    + " GPU busy and stalled time, the bottleneck, KV capacity, concurrency, energy and cost side by"
                    + " side with each config's change against the first, TTFT and TPOT CDFs, throughput, memory"
                    + " and power over simulated time, and a verdict.",
            "",
            "Example:",
            "  java -jar benchmarks/target/benchmarks.jar compare configs/cluster/two_instance_h100.json \\",
            "      configs/cluster/two_instance_h100_cxl.json \\",
            "      --dataset ../shared/traces/AzureLLMInferenceTrace_conv_2023.csv --out results/compare",
            ""},
        footer = {"", "Exit codes: 0 success, 2 bad input (one line on stderr), 1 internal fault."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", arity = "2..*",
            description = "Cluster configs; the first is the baseline the others' changes are against.")
    List<Path> configs = new ArrayList<>();

    @Option(names = "--dataset", paramLabel = "FILE", required = true, description = "Request trace every config runs.")
    Path dataset;

    @Mixin
    TraceSelection trace = new TraceSelection();

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("results/compare");

    @Option(names = "--threads", paramLabel = "N",
            description = "Configs run at once (default: one per config, at most the available processors).")
    Integer threads;

    @Mixin
    PricesOption prices = new PricesOption();

    @Override
    public Integer call() throws IOException, InterruptedException {
        int numReqs = trace.numReqs("compare");
        if (threads != null && threads < 1) {
            throw new InputException("compare: --threads: must be >= 1 (got " + threads + ")");
        }
        for (Path c : configs) {
            if (!ShippedFiles.isFile(c)) { // a shipped configs/cluster file is found in the jar too
                throw new InputException(c + ": no such file");
            }
        }
        if (!Files.isRegularFile(dataset)) {
            throw new InputException(dataset + ": no such file");
        }
        TraceFormat format = trace.format("compare");
        SimulationOptions options = RunOptionFlags.read(spec, "compare").build();
        PriceBook book = prices.load("compare");
        int n = threads != null ? threads : Math.min(configs.size(), Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        Thread warmUp = new Thread(CompareCharts::warmUp, "compare-plots-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        List<ComparedRun> runs = Comparison.run(configs, new Comparison.Inputs(dataset, format, numReqs, options, book),
                n);
        warmUp.join();
        boolean withSlo = !options.slo().isNone();
        CompareTable table = CompareTable.of(runs, withSlo);
        String verdict = Verdict.of(runs, withSlo);
        List<Path> files = CompareReport.write(out, header(runs, options, book), runs, table, verdict);
        PrintWriter w = spec.commandLine().getOut();
        w.print(table.markdown());
        w.println();
        w.println(verdict);
        w.println();
        for (Path f : files) {
            w.println("wrote " + f);
        }
        w.printf(Locale.US, "%d configs in %.2f s wall%n", runs.size(), (System.nanoTime() - start) / 1e9);
        w.flush();
        return 0;
    }

    private CompareReport.Header header(List<ComparedRun> runs, SimulationOptions options, PriceBook book) {
        List<String> lines = new ArrayList<>();
        for (ComparedRun r : runs) {
            lines.add(r.label() + ": " + r.config());
        }
        int numReqs = trace.numReqs("compare");
        lines.add("trace: " + dataset + (numReqs > 0 ? " (first " + numReqs + " entries)" : ""));
        StringBuilder set = new StringBuilder();
        SimulationOptions defaults = SimulationOptions.defaults();
        for (RunOption o : RunOption.values()) {
            Object v = o.valueIn(options);
            if (v != null && !v.equals(o.valueIn(defaults)) && o.kind() != RunOption.Kind.DIRECTORY) {
                set.append(set.length() == 0 ? "" : ", ").append(o.key()).append('=').append(v);
            }
        }
        lines.add("options: " + (set.length() == 0 ? "LLMServingSim's defaults" : set));
        lines.add("price book: " + book.name() + " (" + book.file() + ")");
        return new CompareReport.Header("memwall compare: " + String.join(" vs ", runs.stream().map(ComparedRun::label)
                .toList()), lines);
    }
}
