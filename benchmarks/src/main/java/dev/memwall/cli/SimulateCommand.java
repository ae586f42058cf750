package dev.memwall.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.memwall.input.InputException;
import dev.memwall.memory.OffloadTimeline;
import dev.memwall.metrics.RunSummary;
import dev.memwall.metrics.SummaryText;
import dev.memwall.run.SimulateJob;
import dev.memwall.serving.PreemptionMode;
import dev.memwall.serving.PrefixStorage;
import dev.memwall.serving.RoutingPolicy;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.serving.TimingBackend;
import dev.memwall.workload.TraceFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: one serving simulation, with LLMServingSim's flag names and defaults. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Simulates an LLM serving cluster from an LLMServingSim cluster config and a request trace, and"
                    + " reports TTFT, TPOT, ITL, end-to-end latency, throughput, memory and device traffic.",
            "",
            "Example:",
            "  java -jar benchmarks/target/benchmarks.jar simulate \\",
            "      --cluster-config configs/cluster/single_node_single_instance.json \\",
            "      --dataset workloads/example-poisson-200.jsonl --output results/run.csv",
            ""},
        footer = {"", "Exit codes: 0 success, 2 bad input (one line on stderr), 1 internal fault."})
public final class SimulateCommand implements Callable<Integer> {
    private static final SimulationOptions D = SimulationOptions.defaults();

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Cluster config JSON in LLMServingSim's schema (default: ${DEFAULT-VALUE}).")
    Path clusterConfig = Path.of("configs/cluster/single_node_single_instance.json");

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "Request trace. Without one, 16 requests per instance (64 prompt, 64 output tokens) at t=0,"
                    + " as LLMServingSim does.")
    Path dataset;

    @Option(names = "--dataset-format", paramLabel = "FORMAT",
            description = "auto, llmservingsim, azure, vidur, mooncake or apex (default: ${DEFAULT-VALUE}).")
    String datasetFormat = "auto";

    @Option(names = "--output", paramLabel = "FILE", description = "Per-request CSV in LLMServingSim's format.")
    Path output;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Summary JSON.")
    Path summaryJson;

    @Option(names = "--hgrm-dir", paramLabel = "DIR",
            description = "Directory for HdrHistogram percentile files (ttft, tpot, itl, e2e, queueing .hgrm, ms).")
    Path hgrmDir;

    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "float16, bfloat16, float32, fp8 or int8 (default: the model's torch_dtype, else bfloat16).")
    String dtype;

    @Option(names = "--block-size", paramLabel = "TOKENS", description = "KV block size (default: ${DEFAULT-VALUE}).")
    int blockSize = D.blockSize();

    @Option(names = "--max-num-seqs", paramLabel = "N",
            description = "Most running requests per instance, 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int maxNumSeqs = D.maxNumSeqs();

    @Option(names = "--max-num-batched-tokens", paramLabel = "N",
            description = "Token budget per iteration, capped at the model's context length; 0 = that cap"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxNumBatchedTokens = D.maxNumBatchedTokens();

    @Option(names = "--long-prefill-token-threshold", paramLabel = "N",
            description = "Per-request cap on tokens per iteration, 0 = off (default: ${DEFAULT-VALUE}).")
    int longPrefillTokenThreshold = D.longPrefillTokenThreshold();

    @Option(names = "--enable-chunked-prefill", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Split prompts across iterations (default: on).")
    boolean chunkedPrefill;

    @Option(names = "--enable-prefix-caching", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Hash-chained prefix cache over full KV blocks; needs token ids in the trace (default: on).")
    boolean prefixCaching;

    @Option(names = "--reserve-full-isl", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Admit a request only if its whole input fits in the KV cache (default: on).")
    boolean reserveFullIsl;

    @Option(names = "--npu-memory-utilization", paramLabel = "FRACTION",
            description = "Fraction of GPU memory for weights plus KV (default: ${DEFAULT-VALUE}).")
    double npuMemoryUtilization = D.npuMemoryUtilization();

    @Option(names = "--request-routing-policy", paramLabel = "POLICY",
            description = "LOAD, RR or RAND (default: ${DEFAULT-VALUE}).")
    String routing = "LOAD";

    @Option(names = "--num-reqs", paramLabel = "N",
            description = "Trace entries (sessions, for agentic traces) to read, 0 = all (default: ${DEFAULT-VALUE}).")
    int numReqs;

    @Option(names = "--log-interval", paramLabel = "SECONDS",
            description = "Heartbeat every this many simulated seconds, 0 = none (default: ${DEFAULT-VALUE}).")
    double logInterval = 1.0;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for RAND routing (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Model configs (default: ${DEFAULT-VALUE}).")
    Path modelsDir = D.modelsDir();

    @Option(names = "--hardware-dir", paramLabel = "DIR", description = "Hardware specs (default: ${DEFAULT-VALUE}).")
    Path hardwareDir = D.hardwareDir();

    @Option(names = "--memory-model", paramLabel = "MODEL",
            description = "physical (transfers cross device and host link through a prefetch window; off-GPU weights"
                    + " free HBM) or lss (LLMServingSim's: all loads at iteration start, no link limit, weights"
                    + " charged to HBM) (default: ${DEFAULT-VALUE}).")
    String memoryModel = "physical";

    @Option(names = "--prefetch-window", paramLabel = "LAYERS",
            description = "Off-GPU layers staged ahead of compute; the staging buffer is charged to HBM"
                    + " (default: ${DEFAULT-VALUE}).")
    int prefetchWindow = D.prefetchWindowLayers();

    @Option(names = "--preemption-mode", paramLabel = "MODE",
            description = "recompute (vLLM's default: a preempted request recomputes its KV) or swap (its KV goes to"
                    + " kv_evict_loc and back over the path, timed both ways) (default: ${DEFAULT-VALUE}).")
    String preemptionMode = "recompute";

    @Option(names = "--prefix-storage", paramLabel = "TIER",
            description = "None, CPU or CXL: a second prefix-cache tier that keeps blocks evicted from HBM (on the"
                    + " node's host DRAM or cxl:0); hits there load back over its path, timed (default: ${DEFAULT-VALUE}).")
    String prefixStorage = "None";

    @Option(names = "--timing", paramLabel = "BACKEND",
            description = "auto (a profile bundle when one matches hardware, model, dtype and TP under --profile-dir,"
                    + " else roofline), profile or roofline (default: ${DEFAULT-VALUE}).")
    String timing = "auto";

    @Option(names = "--profile-dir", paramLabel = "DIR",
            description = "Root of LLMServingSim profile bundles (<DIR>/<hardware>/<org>/<model>/<variant>/tp<N>/).")
    Path profileDir;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "Serving-engine profile the roofline adds to the GPU's kernels: a name in the engines"
                    + " folder beside --hardware-dir (vllm-v1, vllm-0.6) or a .json file (default: the newest).")
    String engine;

    @Option(names = "--reproducible",
            description = "Write wall_seconds as 0, so that identical runs give byte-identical summaries.")
    boolean reproducible;

    @Override
    public Integer call() {
        require(blockSize > 0, "--block-size", "must be > 0 (got " + blockSize + ")");
        require(maxNumSeqs >= 0, "--max-num-seqs", "must be >= 0 (got " + maxNumSeqs + ")");
        require(maxNumBatchedTokens >= 0, "--max-num-batched-tokens", "must be >= 0 (got " + maxNumBatchedTokens + ")");
        require(longPrefillTokenThreshold >= 0, "--long-prefill-token-threshold",
                "must be >= 0 (got " + longPrefillTokenThreshold + ")");
        require(npuMemoryUtilization > 0 && npuMemoryUtilization <= 1, "--npu-memory-utilization",
                "must be in (0, 1] (got " + npuMemoryUtilization + ")");
        require(numReqs >= 0, "--num-reqs", "must be >= 0 (got " + numReqs + ")");
        require(logInterval >= 0 && Double.isFinite(logInterval), "--log-interval",
                "must be >= 0 (got " + logInterval + ")");
        require(prefetchWindow >= 1, "--prefetch-window", "must be >= 1 (got " + prefetchWindow + ")");
        OffloadTimeline.Mode model;
        if ("physical".equalsIgnoreCase(memoryModel)) {
            model = OffloadTimeline.Mode.PHYSICAL;
        } else if ("lss".equalsIgnoreCase(memoryModel)) {
            model = OffloadTimeline.Mode.LSS;
        } else {
            throw new InputException("simulate: --memory-model: expected physical or lss (got '" + memoryModel + "')");
        }
        TraceFormat format = "auto".equalsIgnoreCase(datasetFormat) ? null
                : TraceFormat.parse(datasetFormat, "simulate: --dataset-format");
        SimulationOptions options = D.toBuilder().dtype(dtype).blockSize(blockSize).maxNumSeqs(maxNumSeqs)
                .maxNumBatchedTokens(maxNumBatchedTokens).longPrefillTokenThreshold(longPrefillTokenThreshold)
                .chunkedPrefill(chunkedPrefill).prefixCaching(prefixCaching).reserveFullIsl(reserveFullIsl)
                .npuMemoryUtilization(npuMemoryUtilization)
                .routing(RoutingPolicy.parse(routing, "simulate: --request-routing-policy")).seed(seed)
                .modelsDir(modelsDir).hardwareDir(hardwareDir).keepTokenTimes(output != null)
                .heartbeatIntervalNs(Math.round(logInterval * 1e9)).memoryModel(model)
                .prefetchWindowLayers(prefetchWindow)
                .preemptionMode(PreemptionMode.parse(preemptionMode, "simulate: --preemption-mode"))
                .prefixStorage(PrefixStorage.parse(prefixStorage, "simulate: --prefix-storage"))
                .timing(TimingBackend.parse(timing, "simulate: --timing")).profileDir(profileDir).engine(engine).build();
        if (profileDir != null && !java.nio.file.Files.isDirectory(profileDir)) {
            throw new InputException("simulate: --profile-dir: " + profileDir + " is not a directory");
        }
        SimulateJob.Inputs inputs = new SimulateJob.Inputs(clusterConfig, dataset, format, numReqs, options, output,
                summaryJson, hgrmDir, reproducible);
        java.io.PrintWriter out = spec.commandLine().getOut();
        RunSummary summary = SimulateJob.run(inputs, out);
        SummaryText.print(out, summary);
        out.flush();
        return 0;
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new InputException("simulate: " + option + ": " + problem);
        }
    }
}
