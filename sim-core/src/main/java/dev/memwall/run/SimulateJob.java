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
import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.FixedPoint;
import dev.memwall.metrics.HgrmFiles;
import dev.memwall.metrics.PerRequestCsv;
import dev.memwall.power.EnergyMeter;
import dev.memwall.result.EnergyUsage;
import dev.memwall.result.Provenance;
import dev.memwall.result.RunReduction;
import dev.memwall.result.RunResult;
import dev.memwall.result.SummaryJson;
import dev.memwall.output.AtomicFiles;
import dev.memwall.output.OutputPaths;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.InstanceStats;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.FixedWorkload;
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
    }

    private SimulateJob() {
    }

    /**
     * Runs the simulation, writes the requested files, prints heartbeats and the banner to
     * {@code log}, and returns the result. Bad inputs throw {@link InputException}.
     */
    public static RunResult run(Inputs in, PrintWriter log) {
        return run(in, PriceBooks.builtIn(), log, false);
    }

    /**
     * As {@link #run(Inputs, PrintWriter)}; with {@code logIterations} (LLMServingSim's INFO log
     * level) also one line per iteration an instance finishes.
     */
    public static RunResult run(Inputs in, PrintWriter log, boolean logIterations) {
        return run(in, PriceBooks.builtIn(), log, logIterations);
    }

    /**
     * Runs the simulation as {@link #run(Inputs, PrintWriter, boolean)} does, pricing it with
     * {@code prices}; a book without a GPU the config uses is refused before anything runs.
     */
    public static RunResult run(Inputs in, PriceBook prices, PrintWriter log, boolean logIterations) {
        checkOutputs(in);
        ClusterConfig config = ClusterConfigLoader.load(in.clusterConfig());
        SimulationOptions options = in.options().withKeepTokenTimes(in.outputCsv() != null);
        Heartbeat heartbeat = new Heartbeat(log, options.heartbeatIntervalNs());
        ClusterBuilder.Built built = ClusterBuilder.build(config, options, heartbeat);
        heartbeat.meter(built);
        requirePrices(prices, built, config.fileName());
        Faults.install(built, config);
        if (!config.faults().isEmpty() || !options.faults().isEmpty()) {
            Faults.requireWithinTrace(config, options, lastArrivalNs(in), in.dataset() == null ? "the built-in workload"
                    : in.dataset().toString());
        }
        ClusterSimulation sim = built.simulation();
        if (logIterations) {
            sim.iterationLog((instance, endNs, requests, tokens) -> log.printf(java.util.Locale.ROOT,
                    "[%.6fs] Instance[%d]: iteration of %d requests, %d tokens%n", endNs / 1e9, instance, requests,
                    tokens));
        }
        printBanner(log, built.instances());

        String workloadName;
        WorkloadReader reader;
        if (in.dataset() == null) {
            int n = DEFAULT_REQUESTS_PER_INSTANCE * sim.instanceCount();
            reader = FixedWorkload.burst(n, DEFAULT_PROMPT_TOKENS, DEFAULT_OUTPUT_TOKENS);
            workloadName = "built-in workload";
            log.printf("No --dataset: running LLMServingSim's built-in workload, %d requests of %d prompt"
                    + " and %d output tokens at t=0%n", n, DEFAULT_PROMPT_TOKENS, DEFAULT_OUTPUT_TOKENS);
        } else {
            reader = Traces.open(in.dataset(), in.format(), in.numReqs());
            workloadName = in.dataset().toString();
        }
        long wallStart = System.nanoTime();
        try (WorkloadReader r = reader) {
            sim.run(r, workloadName);
        }
        double wallSeconds = in.reproducible() ? 0.0 : (System.nanoTime() - wallStart) / 1e9;

        RunResult result = RunReduction.reduce(built, wallSeconds, prices);
        try {
            if (in.outputCsv() != null) {
                writeCsv(in.outputCsv(), sim, built);
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
        return result;
    }

    /** When the trace's last request arrives (0 for the built-in workload, which arrives at once). */
    private static long lastArrivalNs(Inputs in) {
        if (in.dataset() == null) {
            return 0;
        }
        long last = 0;
        dev.memwall.workload.TraceEntry e = new dev.memwall.workload.TraceEntry();
        try (WorkloadReader r = Traces.open(in.dataset(), in.format(), in.numReqs())) {
            while (r.next(e)) {
                last = Math.max(last, e.arrivalNs);
                e.clear();
            }
        }
        return last;
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

    /** Writes the CSV whole through a temporary sibling (see {@link AtomicFiles}). */
    private static void writeCsv(Path file, ClusterSimulation sim, ClusterBuilder.Built built) throws IOException {
        int n = sim.instanceCount();
        int[][] order = new int[n][];
        String[] models = new String[n];
        for (int i = 0; i < n; i++) {
            order[i] = sim.completionOrder(i);
            models[i] = built.instances().get(i).modelName();
        }
        try {
            AtomicFiles.writeText(file, w -> PerRequestCsv.write(w, sim.requests(), order, models));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void printBanner(PrintWriter log, List<ClusterBuilder.ResolvedInstance> instances) {
        for (ClusterBuilder.ResolvedInstance ri : instances) {
            long tokens = ri.kvBlocks() * ri.blockSize();
            log.printf(java.util.Locale.ROOT,
                    "KV Cache Initialization: Instance [%d] : %d tokens / %d blocks (%.2f GiB/rank at util %.2f) on %s;"
                            + " %s on %s x%d, %s, weights %.2f GiB in HBM%s%n",
                    ri.id(), tokens, ri.kvBlocks(), ri.kvBlocks() * ri.kvBlockBytes() / GIB, ri.memUtil(),
                    ri.kvLocation(), ri.modelName(), ri.hardwareName(), ri.shape().tpSize(), ri.dtype().cliName(),
                    ri.weightsHbmBytes() / GIB, ri.offloadedWeightBytes() > 0
                            ? String.format(java.util.Locale.ROOT, ", %.2f GiB streamed from off-GPU memory",
                                    ri.offloadedWeightBytes() / GIB)
                            : "");
            log.println("Fidelity: Instance [" + ri.id() + "] : " + ri.fidelity().describe());
        }
    }

    /** LLMServingSim-style heartbeat lines every log interval of simulated time. */
    private static final class Heartbeat implements ClusterSimulation.Heartbeat {
        private static final String NL = System.lineSeparator();
        private final PrintWriter log;
        private final double intervalSeconds;
        private long lastPrompt;
        private long lastOutput;
        private double[] lastCxlBytes = new double[0];
        private long[] lastCxlBusyNs = new long[0];
        private ClusterBuilder.Built built;
        private double lastJoules;
        private long lastBeatNs;

        Heartbeat(PrintWriter log, long intervalNs) {
            this.log = log;
            this.intervalSeconds = intervalNs / 1e9;
        }

        /** The built cluster whose power model prices each interval. */
        void meter(ClusterBuilder.Built b) {
            this.built = b;
        }

        @Override
        public void beat(ClusterSimulation sim, long nowNs) {
            long prompt = 0;
            long output = 0;
            if (sim.memory() != null && lastCxlBytes.length < sim.memory().count()) {
                lastCxlBytes = new double[sim.memory().count()];
                lastCxlBusyNs = new long[sim.memory().count()];
            }
            for (int i = 0; i < sim.instanceCount(); i++) {
                prompt += sim.promptTokensDone(i);
                output += sim.outputTokensDone(i);
            }
            StringBuilder sb = new StringBuilder(256);
            sb.append('[');
            FixedPoint.append(sb, nowNs / 1e9, 1).append("s] Avg prompt throughput: ");
            FixedPoint.append(sb, (prompt - lastPrompt) / intervalSeconds, 1)
                    .append(" tokens/s, Avg generation throughput: ");
            FixedPoint.append(sb, (output - lastOutput) / intervalSeconds, 1).append(" tokens/s").append(NL);
            lastPrompt = prompt;
            lastOutput = output;
            for (int i = 0; i < sim.instanceCount(); i++) {
                InstanceStats st = sim.instanceStats(i);
                double used = st.usedHbmBytes();
                double hit = st.prefixQueriedTokens() == 0 ? 0 : 100.0 * st.prefixHitTokens() / st.prefixQueriedTokens();
                sb.append("        ├─")
                        .append("Running Instance[").append(i).append("]: ").append(st.running())
                        .append(" reqs, Waiting: ").append(st.waiting())
                        .append(" reqs, Total # 1 NPUs, Each NPU Memory Usage ");
                FixedPoint.append(sb, used / (1024.0 * 1024.0), 2).append(" MB (");
                FixedPoint.append(sb, 100.0 * used / st.hbmCapacityBytes(), 3).append(" % Used), Prefix Cache Hit ratio ");
                FixedPoint.append(sb, hit, 2).append(" %").append(NL);
            }
            appendCxl(sb, sim.memory());
            appendPower(sb, nowNs);
            log.print(sb);
        }

        /** One line per CXL device: its use, read bandwidth and busy share over the interval. */
        private void appendCxl(StringBuilder sb, MemorySystem memory) {
            if (memory != null) {
                for (int d = 0; d < memory.count(); d++) {
                    if (memory.kind(d) != MemorySystem.Kind.CXL) {
                        continue;
                    }
                    double moved = memory.bytesTransferred(d);
                    sb.append("        ├─").append(memory.name(d)).append(": Memory Usage ");
                    FixedPoint.append(sb, memory.usedBytes(d) / (1024.0 * 1024.0), 2).append(" MB (");
                    FixedPoint.append(sb, 100.0 * memory.usedBytes(d) / memory.capacityBytes(d), 3)
                            .append(" % Used), read ");
                    FixedPoint.append(sb, (moved - lastCxlBytes[d]) / intervalSeconds / 1e9, 2).append(" GB/s, busy ");
                    FixedPoint.append(sb, 100.0 * (memory.busyNs(d) - lastCxlBusyNs[d]) / (intervalSeconds * 1e9), 1)
                            .append(" %").append(NL);
                    lastCxlBytes[d] = moved;
                    lastCxlBusyNs[d] = memory.busyNs(d);
                }
            }
        }

        /** LLMServingSim's last heartbeat line: the energy since the previous beat over the interval. */
        private void appendPower(StringBuilder sb, long nowNs) {
            double joules = EnergyMeter.measure(built.power(), EnergyUsage.of(built, nowNs)).totalJoules();
            double seconds = (nowNs - lastBeatNs) / 1e9;
            sb.append("        └─Avg power consumption: ");
            FixedPoint.append(sb, seconds > 0 ? (joules - lastJoules) / seconds : 0, 1).append(" W").append(NL);
            lastJoules = joules;
            lastBeatNs = nowNs;
        }
    }
}
