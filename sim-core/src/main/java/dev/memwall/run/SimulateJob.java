package dev.memwall.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.cost.PriceBook;
import dev.memwall.faults.Faults;
import dev.memwall.cost.PriceBooks;
import dev.memwall.input.InputException;
import dev.memwall.metrics.FinishedRequests;
import dev.memwall.metrics.HgrmFiles;
import dev.memwall.metrics.PerRequestCsv;
import dev.memwall.result.Provenance;
import dev.memwall.result.RunReduction;
import dev.memwall.result.RunResult;
import dev.memwall.result.SummaryJson;
import dev.memwall.output.OutputPaths;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.FixedWorkload;
import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.TraceFormat;
import dev.memwall.workload.Traces;
import dev.memwall.workload.WorkloadReader;

/** Runs one simulation from files to files, as the {@code simulate} tool does. */
public final class SimulateJob {
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    /** LLMServingSim's built-in workload when no dataset is given: per instance, 16 requests. */
    static final int DEFAULT_REQUESTS_PER_INSTANCE = 16;
    static final int DEFAULT_PROMPT_TOKENS = 64;
    static final int DEFAULT_OUTPUT_TOKENS = 64;

    /**
     * What to run and where results go.
     *
     * @param dataset      trace file, or null for LLMServingSim's 16 built-in requests per instance
     * @param format       trace format, or null to detect it
     * @param numReqs      trace entries to read, 0 = all
     * @param outputCsv    per-request CSV, or null
     * @param summaryJson  summary JSON, or null
     * @param hgrmDir      directory for percentile files, or null
     * @param reproducible write {@code wall_seconds} as 0 so identical runs give identical files
     */
    public record Inputs(Path clusterConfig, Path dataset, TraceFormat format, int numReqs,
            SimulationOptions options, Path outputCsv, Path summaryJson, Path hgrmDir, boolean reproducible) {
        /** A streaming reader of {@link #dataset}, up to {@link #numReqs} entries. */
        WorkloadReader openDataset() {
            return Traces.open(dataset, format, numReqs);
        }
    }

    private SimulateJob() {
    }

    /**
     * Runs the simulation, writes the requested files, prints heartbeats and the banner to
     * {@code log}, and returns the result. Bad inputs throw {@link InputException}.
     */
    public static RunResult run(Inputs in, PrintWriter log) {
        return run(in, PriceBooks.builtIn(), log, false, RunProgress.NONE);
    }

    /**
     * As {@link #run(Inputs, PrintWriter)}; with {@code logIterations} (LLMServingSim's INFO log
     * level) also one line per iteration an instance finishes.
     */
    public static RunResult run(Inputs in, PrintWriter log, boolean logIterations) {
        return run(in, PriceBooks.builtIn(), log, logIterations, RunProgress.NONE);
    }

    /**
     * As {@link #run(Inputs, PrintWriter, boolean)}; a {@code progress} other than
     * {@link RunProgress#NONE} is told how far the run has got at every heartbeat, in place of
     * the heartbeat lines.
     */
    public static RunResult run(Inputs in, PrintWriter log, boolean logIterations, RunProgress progress) {
        return run(in, PriceBooks.builtIn(), log, logIterations, progress);
    }

    /**
     * Runs the simulation as {@link #run(Inputs, PrintWriter, boolean, RunProgress)} does, pricing
     * it with {@code prices}; a book without a GPU the config uses is refused before anything runs.
     */
    public static RunResult run(Inputs in, PriceBook prices, PrintWriter log, boolean logIterations,
            RunProgress progress) {
        checkOutputs(in);
        PendingWorkload workload = PendingWorkload.of(in, log);
        try {
            return run(in, workload, prices, log, logIterations, progress);
        } catch (RuntimeException | Error e) {
            workload.abandon(e);
            throw e;
        }
    }

    private static RunResult run(Inputs in, PendingWorkload workload, PriceBook prices, PrintWriter log,
            boolean logIterations, RunProgress progress) {
        ClusterConfig config = ClusterConfigLoader.load(in.clusterConfig());
        SimulationOptions options = in.options().withKeepTokenTimes(in.outputCsv() != null);
        HeartbeatLines lines = new HeartbeatLines(log, options.heartbeatIntervalNs());
        ClusterSimulation.Heartbeat heartbeat = progress == RunProgress.NONE ? lines
                : (s, nowNs) -> progress.at(nowNs, finishedRequests(s));
        TracePass trace = new TracePass(in);
        ClusterBuilder.Built built = prepare(in, config, options, heartbeat, prices, trace);
        lines.meter(built);
        ClusterSimulation sim = built.simulation();
        if (logIterations) {
            sim.iterationLog((instance, endNs, requests, tokens) -> log.printf(java.util.Locale.US,
                    "[%.6fs] Instance[%d]: iteration of %d requests, %d tokens%n", endNs / 1e9, instance, requests,
                    tokens));
        }
        printBanner(log, built.instances());
        WorkloadReader reader = workload.open(sim.instanceCount());
        String workloadName = in.dataset() == null ? "built-in workload" : in.dataset().toString();
        if (progress != RunProgress.NONE) {
            log.flush();
            progress.started(in.dataset() == null ? DEFAULT_REQUESTS_PER_INSTANCE * sim.instanceCount()
                    : trace.requests());
        }
        try (WorkloadReader r = reader; PerRequestCsv.Stream csv = csvStream(in.outputCsv(), built)) {
            // Each request goes to the CSV (or nowhere) as it finishes, and its slot is recycled:
            // memory holds the requests in flight, not the trace.
            sim.streamFinished(csv == null ? FinishedRequests.DISCARD : csv);
            long wallStart = System.nanoTime();
            sim.run(r, workloadName);
            reportEnd(progress, sim);
            double wallSeconds = in.reproducible() ? 0.0 : (System.nanoTime() - wallStart) / 1e9;
            RunResult result = RunReduction.reduce(built, wallSeconds, prices);
            writeResults(in, options, sim, result, csv);
            return result;
        } catch (IOException | UncheckedIOException e) {
            throw new InputException("cannot write results: " + e.getMessage(), e);
        }
    }

    /** Builds the cluster, checks the price book covers its GPUs, and installs the faults asked for. */
    private static ClusterBuilder.Built prepare(Inputs in, ClusterConfig config, SimulationOptions options,
            ClusterSimulation.Heartbeat heartbeat, PriceBook prices, TracePass trace) {
        ClusterBuilder.Built built = ClusterBuilder.build(config, options, heartbeat);
        requirePrices(prices, built, config.fileName());
        Faults.install(built, config);
        if (!config.faults().isEmpty() || !options.faults().isEmpty()) {
            Faults.requireWithinTrace(config, options, trace.lastArrivalNs(), in.dataset() == null ? "the built-in workload"
                    : in.dataset().toString());
        }
        return built;
    }

    /** The trace, or LLMServingSim's built-in workload (announced on {@code log}) without one. */
    static WorkloadReader openWorkload(Inputs in, int instances, PrintWriter log) {
        if (in.dataset() != null) {
            return in.openDataset();
        }
        int n = DEFAULT_REQUESTS_PER_INSTANCE * instances;
        log.printf("No --dataset: running LLMServingSim's built-in workload, %d requests of %d prompt"
                + " and %d output tokens at t=0%n", n, DEFAULT_PROMPT_TOKENS, DEFAULT_OUTPUT_TOKENS);
        return FixedWorkload.burst(n, DEFAULT_PROMPT_TOKENS, DEFAULT_OUTPUT_TOKENS);
    }

    /** The per-request CSV's stream, its rows in temporary files until the run ends; null without one. */
    private static PerRequestCsv.Stream csvStream(Path file, ClusterBuilder.Built built) throws IOException {
        if (file == null) {
            return null;
        }
        String[] models = new String[built.instances().size()];
        for (int i = 0; i < models.length; i++) {
            models[i] = built.instances().get(i).modelName();
        }
        return new PerRequestCsv.Stream(file, models);
    }

    private static void writeResults(Inputs in, SimulationOptions options, ClusterSimulation sim, RunResult result,
            PerRequestCsv.Stream csv) {
        try {
            if (csv != null) {
                csv.finish();
            }
            if (in.hgrmDir() != null) {
                HgrmFiles.write(in.hgrmDir(), sim.latency());
            }
            if (in.summaryJson() != null) {
                SummaryJson.write(in.summaryJson(), result, provenance(in, options));
            }
        } catch (IOException e) {
            throw new InputException("cannot write results: " + e.getMessage(), e);
        }
    }

    /** The progress line's last figures: the run's end, as the summary states it (a last heartbeat may fall just after it). */
    private static void reportEnd(RunProgress progress, ClusterSimulation sim) {
        if (progress != RunProgress.NONE) {
            progress.at(sim.endTimeNs(), finishedRequests(sim));
            progress.finished();
        }
    }

    private static long finishedRequests(ClusterSimulation sim) {
        return sim.completedRequests() + sim.rejectedLongerThanContext() + sim.rejectedLargerThanKvPool()
                + sim.faults().failedRequests();
    }

    /**
     * What one read of the trace ahead of the run tells (up to {@code --num-reqs} entries): its
     * requests, for the progress line, and its last arrival, for the faults' times. Read at most
     * once, and only when asked.
     */
    private static final class TracePass {
        private final Inputs in;
        private boolean read;
        private long requests;
        private long lastArrivalNs;

        TracePass(Inputs in) {
            this.in = in;
        }

        long requests() {
            readOnce();
            return requests;
        }

        /** 0 for the built-in workload, which arrives at once. */
        long lastArrivalNs() {
            readOnce();
            return lastArrivalNs;
        }

        private void readOnce() {
            if (read || in.dataset() == null) {
                return;
            }
            read = true;
            TraceEntry e = new TraceEntry();
            try (WorkloadReader r = in.openDataset()) {
                while (r.next(e)) {
                    requests += e.subRequests; // an agentic session's turns finish one by one
                    lastArrivalNs = Math.max(lastArrivalNs, e.arrivalNs);
                    e.clear();
                }
            }
        }
    }

    /** Fails, naming the book, when {@code prices} has no entry for a GPU an instance uses. */
    public static void requirePrices(PriceBook prices, ClusterBuilder.Built built, String configFile) {
        for (ClusterBuilder.ResolvedInstance ri : built.instances()) {
            prices.gpuUsdPerHour(ri.hardwareName(), configFile + ": " + ri.path());
        }
    }

    /** What produced the run, for the summary JSON. */
    static Provenance provenance(Inputs in, SimulationOptions options) {
        String format = in.format() == null ? "auto" : in.format().cliName();
        return Provenance.of(in.clusterConfig(), in.dataset(), format, in.numReqs(), options);
    }

    /**
     * Before any work: no output may be an input or another output, and each must be writable,
     * so that a run never overwrites its trace or config and never fails after simulating.
     */
    private static void checkOutputs(Inputs in) {
        OutputPaths paths = OutputPaths.of("simulate").input("--cluster-config", in.clusterConfig())
                .input("--dataset", in.dataset()).output("--output", in.outputCsv())
                .output("--summary-json", in.summaryJson());
        if (in.hgrmDir() != null) {
            for (Path f : HgrmFiles.files(in.hgrmDir())) {
                paths.output("--hgrm-dir", f);
            }
        }
        paths.check();
    }

    private static void printBanner(PrintWriter log, List<ClusterBuilder.ResolvedInstance> instances) {
        for (ClusterBuilder.ResolvedInstance ri : instances) {
            long tokens = ri.kvBlocks() * ri.blockSize();
            // The utilisation caps HBM only: a KV pool off the GPU takes what its device has room for.
            String util = "npu".equals(ri.kvLocation())
                    ? String.format(java.util.Locale.US, " at util %.2f", ri.memUtil()) : "";
            log.printf(java.util.Locale.US,
                    "KV Cache Initialization: Instance [%d] : %d tokens / %d blocks (%.2f GiB/rank%s) on %s;"
                            + " %s on %s x%d%s, %s, weights %.2f GiB in HBM%s%n",
                    ri.id(), tokens, ri.kvBlocks(), ri.kvBlocks() * ri.kvBlockBytes() / GIB, util,
                    ri.kvLocation(), ri.modelName(), ri.hardwareName(), ri.shape().tpSize() * ri.pipelineStages(),
                    ri.pipelineStages() > 1 ? " (" + ri.pipelineStages() + " pipeline stages; figures per GPU of the"
                            + " fullest)" : "",
                    ri.dtype().cliName(),
                    ri.weightsHbmBytes() / GIB, ri.offloadedWeightBytes() > 0
                            ? String.format(java.util.Locale.US, ", %.2f GiB streamed from off-GPU memory",
                                    ri.offloadedWeightBytes() / GIB)
                            : "");
            log.println("Fidelity: Instance [" + ri.id() + "] : " + ri.fidelity().describe());
        }
    }
}
