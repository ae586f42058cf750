package dev.memwall.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.memwall.input.InputException;
import dev.memwall.result.RunResult;
import dev.memwall.result.SummaryText;
import dev.memwall.input.Range;
import dev.memwall.run.RunProgress;
import dev.memwall.run.SimulateJob;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.TraceFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: one serving simulation, with LLMServingSim's flag names and defaults. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = RunOptionFlags.class,
        description = {
            "Simulates an LLM serving cluster from an LLMServingSim cluster config and a request trace, and"
                    + " reports TTFT, TPOT, ITL, end-to-end latency, throughput, memory and device traffic.",
            "",
            "Example:",
            "  java -jar benchmarks/target/benchmarks.jar simulate \\",
            "      --cluster-config configs/cluster/single_node_single_instance.json \\",
            "      --dataset workloads/example-poisson-200.jsonl --output results/run.csv",
            ""},
        footer = {"", "Exit codes: 0 success, 1 internal fault, 2 bad input or environment (one line on stderr)."})
public final class SimulateCommand implements Callable<Integer> {
    /**
     * Heartbeat intervals, simulated seconds: at least 1 ms (a shorter one writes gigabytes of
     * lines a minute), at most a simulated year.
     */
    static final Range LOG_INTERVAL_S = Range.closed(0.001, 31_536_000).in("s");

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Cluster config JSON in LLMServingSim's schema (default: ${DEFAULT-VALUE}).")
    Path clusterConfig = Path.of("configs/cluster/single_node_single_instance.json");

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "Request trace. Without one, 16 requests per instance (64 prompt, 64 output tokens) at t=0,"
                    + " as LLMServingSim does.")
    Path dataset;

    @Mixin
    TraceSelection trace = new TraceSelection();

    @Option(names = "--output", paramLabel = "FILE", description = "Per-request CSV in LLMServingSim's format.")
    Path output;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Summary JSON.")
    Path summaryJson;

    @Option(names = "--hgrm-dir", paramLabel = "DIR",
            description = "Directory for HdrHistogram percentile files (ttft, tpot, itl, e2e, queueing .hgrm, ms).")
    Path hgrmDir;

    @Option(names = "--log-interval", paramLabel = "SECONDS",
            description = "LLMServingSim's heartbeat lines every this many simulated seconds, 0 = none. Without it,"
                    + " a terminal shows one updating progress line instead (requests finished of the trace's, simulated"
                    + " time, ETA) (default: ${DEFAULT-VALUE}).")
    double logInterval = 1.0;

    @Mixin
    PricesOption prices = new PricesOption();

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "LLMServingSim's log levels: ERROR (no heartbeat), WARNING (the heartbeat every"
                    + " --log-interval), INFO or DEBUG (also one line per iteration) (default: ${DEFAULT-VALUE}).")
    String logLevel = "WARNING";

    @Option(names = "--network-backend", paramLabel = "BACKEND",
            description = "LLMServingSim's network backends: analytical (ASTRA-Sim's congestion-unaware model, which"
                    + " --memory-model lss reproduces; memwall's own links otherwise). ns3 is refused: a work in"
                    + " progress in LLMServingSim itself (default: ${DEFAULT-VALUE}).")
    String networkBackend = "analytical";

    @Option(names = "--run-id", paramLabel = "ID",
            description = "Replaces {run_id} in --output and --summary-json (default: run_<microseconds>_<pid>).")
    String runId;

    @Option(names = "--inputs-root", paramLabel = "DIR",
            description = "Accepted for LLMServingSim's command lines: memwall writes no intermediate inputs.")
    Path inputsRoot;

    @Option(names = "--cleanup-inputs", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Accepted for LLMServingSim's command lines: memwall writes no intermediate inputs"
                    + " to clean up.")
    boolean cleanupInputs;

    @Option(names = "--pim-dir", paramLabel = "DIR", defaultValue = "configs/pim",
            description = "PIM device inis (LLMServingSim's configs/pim): a node's cpu_mem.pim_config names"
                    + " <DIR>/<name>.ini (default: ${DEFAULT-VALUE}).")
    Path pimDir;

    @Option(names = "--reproducible",
            description = "Write wall_seconds as 0, so that identical runs give byte-identical summaries.")
    boolean reproducible;

    @Override
    public Integer call() {
        int numReqs = trace.numReqs("simulate");
        require(logInterval == 0 || LOG_INTERVAL_S.contains(logInterval), "--log-interval",
                "must be 0 (no heartbeat) or " + LOG_INTERVAL_S.describe() + " (got " + logInterval + ")");
        TraceFormat format = trace.format("simulate");
        String level = logLevel.toUpperCase(java.util.Locale.ROOT);
        require(java.util.List.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL").contains(level), "--log-level",
                "expected DEBUG, INFO, WARNING, ERROR or CRITICAL (got '" + logLevel + "')");
        if (networkBackend.equalsIgnoreCase("ns3")) {
            throw new InputException("simulate: --network-backend ns3: not simulated (a work in progress in"
                    + " LLMServingSim itself); use analytical");
        }
        require(networkBackend.equalsIgnoreCase("analytical"), "--network-backend",
                "expected analytical (got '" + networkBackend + "')");
        boolean quiet = level.equals("ERROR") || level.equals("CRITICAL");
        boolean progressLine = SimulateProgress.wanted(System.console() != null,
                spec.commandLine().getParseResult().hasMatchedOption("--log-interval"), level);
        long heartbeatNs = quiet ? 0 : progressLine ? SimulateProgress.INTERVAL_NS : Math.round(logInterval * 1e9);
        SimulationOptions options = RunOptionFlags.read(spec, "simulate").keepTokenTimes(output != null)
                .heartbeatIntervalNs(heartbeatNs).pimDir(pimDir).build();
        String id = runId != null ? runId
                : "run_" + System.currentTimeMillis() * 1000 + "_" + ProcessHandle.current().pid();
        Path output = withRunId(this.output, id);
        Path summaryJson = withRunId(this.summaryJson, id);
        if (options.profileDir() != null && !java.nio.file.Files.isDirectory(options.profileDir())) {
            throw new InputException("simulate: --profile-dir: " + options.profileDir() + " is not a directory");
        }
        SimulateJob.Inputs inputs = new SimulateJob.Inputs(clusterConfig, dataset, format, numReqs, options, output,
                summaryJson, hgrmDir, reproducible);
        java.io.PrintWriter out = spec.commandLine().getOut();
        RunResult result = SimulateJob.run(inputs, prices.load("simulate"), out,
                level.equals("INFO") || level.equals("DEBUG"), progressLine ? new SimulateProgress() : RunProgress.NONE);
        SummaryText.print(out, result);
        out.flush();
        return 0;
    }

    /** {@code path} with LLMServingSim's {@code {run_id}} placeholder replaced by {@code id}. */
    private static Path withRunId(Path path, String id) {
        return path == null || !path.toString().contains("{run_id}") ? path
                : Path.of(path.toString().replace("{run_id}", id));
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new InputException("simulate: " + option + ": " + problem);
        }
    }
}
