package dev.memwall.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.memwall.calibrate.Calibrator;
import dev.memwall.calibrate.EndToEndFit;
import dev.memwall.calibrate.EngineCalibration;
import dev.memwall.calibrate.RequestTimings;
import dev.memwall.input.InputException;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.serving.TimingBackend;
import dev.memwall.validate.CaseFiles;
import dev.memwall.validate.ValidationCase;
import dev.memwall.validate.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code calibrate}: fits a GPU's roofline constants to measured kernel tables. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Fits a hardware file's roofline constants to measured kernel times, prints",
            "the residuals per kernel class, and writes the hardware file with a source",
            "naming the data and the fit on every fitted number.",
            "",
            "TABLES are LLMServingSim profile bundle folders (<hw>/<org>/<model>/<variant>",
            "with meta.yaml and tp<N>/dense.csv, per_sequence.csv, attention.csv) or its",
            "legacy per-layer folders (<hw>/<org>/<model> with tp<N>/layers.csv and maybe",
            "attention.csv), all of one GPU.",
            "",
            "With --cases or --requests instead, fits a serving engine's terms (and,",
            "with --fit hardware.*, a GPU's) to measured mean TTFT and TPOT by",
            "simulating them with the roofline.",
            "",
            "Examples (java -jar benchmarks/target/benchmarks.jar calibrate ...):",
            "  calibrate $P/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16 \\",
            "      --out configs/hardware/RTXPRO6000.json \\",
            "      --engine-out configs/engines/vllm-v1.json",
            "  calibrate --cases apexplus_lmsys05_tp2,apexplus_lmsys05_tp8 \\",
            "      --engine-base vllm-0.6 --engine-out configs/engines/vllm-0.6.json",
            "  (P=../shared/llmservingsim-files/profiler/perf)",
            ""},
        footer = {"",
            "Exit codes: 0 done, 2 bad input (one line on stderr naming the file and",
            "line: a missing column, no rows, a time <= 0, a GPU with no hardware",
            "file), 1 internal fault."})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TABLES", arity = "0..*", description = "Bundle or legacy table folders, one GPU.")
    List<Path> tables = new ArrayList<>();

    @Option(names = "--cases", paramLabel = "CASE", split = ",",
            description = "Fit the engine's terms to these serving validation cases (names in"
                    + " configs/validation or .json paths), simulated with the roofline.")
    List<String> cases = new ArrayList<>();

    @Option(names = "--requests", paramLabel = "FILE",
            description = "Fit the engine's terms to measured request timings: a vLLM bench requests.jsonl"
                    + " (seconds) or an LLMServingSim-format per-request CSV (ns); needs --cluster-config and"
                    + " --dataset.")
    Path requests;

    @Option(names = "--cluster-config", paramLabel = "FILE", description = "The cluster the --requests ran on.")
    Path clusterConfig;

    @Option(names = "--dataset", paramLabel = "FILE", description = "The trace the --requests replayed.")
    Path dataset;

    @Option(names = "--max-num-seqs", paramLabel = "N", description = "The engine's max_num_seqs for --requests"
            + " (default: ${DEFAULT-VALUE}).")
    int maxNumSeqs = 128;

    @Option(names = "--fit", paramLabel = "TERM", split = ",",
            description = "Engine terms fitted to --cases or --requests (default: all four: iteration_overhead_us,"
                    + " sequence_overhead_us, eager_kernel_overhead_us, eager_allreduce_rank_us); add"
                    + " hardware.memory_bandwidth, hardware.compute or hardware.kernel_overhead_us to fit the --hardware"
                    + " GPU's too (written to --out).")
    List<String> fit = new ArrayList<>(dev.memwall.calibrate.EndToEndFit.KEYS);

    @Option(names = "--hardware", paramLabel = "NAME",
            description = "The GPU (a file of --hardware-dir); default: the name the tables give.")
    String hardware;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the calibrated hardware file here (the GPU's file of --hardware-dir, its"
                    + " fitted numbers replaced); without it, only print.")
    Path out;

    @Option(names = "--engine-out", paramLabel = "FILE",
            description = "Also write an engine profile whose per-step and per-sequence costs are fitted to the"
                    + " bundles' sampler times.")
    Path engineOut;

    @Option(names = "--engine-base", paramLabel = "NAME",
            description = "The engine profile --engine-out starts from, and --cases or --requests simulate with"
                    + " (default: ${DEFAULT-VALUE}).")
    String engineBase = "vllm-v1";

    @Option(names = "--root", paramLabel = "DIR",
            description = "Repository root that --cases and their paths are relative to (default: the current"
                    + " directory).")
    Path root = Path.of("");

    @Option(names = "--hardware-dir", paramLabel = "DIR", description = "Hardware specs (default: ${DEFAULT-VALUE}).")
    Path hardwareDir = Path.of("configs/hardware");

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Model configs (default: ${DEFAULT-VALUE}).")
    Path modelsDir = Path.of("configs/models");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean endToEnd = !cases.isEmpty() || requests != null;
        if (tables.isEmpty() && !endToEnd) {
            throw new InputException("calibrate: nothing to fit: give TABLES, --cases or --requests (see --help)");
        }
        if (!tables.isEmpty() && endToEnd) {
            throw new InputException("calibrate: give TABLES (a GPU's kernels) or --cases/--requests (an engine's"
                    + " end-to-end terms), not both");
        }
        if (!tables.isEmpty()) {
            Calibrator.run(new Calibrator.Request(tables, hardware, hardwareDir, modelsDir, this.out, engineOut,
                    engineBase), out);
        } else {
            endToEnd(out);
        }
        out.flush();
        return 0;
    }

    private void endToEnd(PrintWriter out) {
        List<EndToEndFit.Target> targets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Validator validator = new Validator(root);
        for (String name : cases) {
            ValidationCase c = CaseFiles.read(CaseFiles.find(root.resolve("configs/validation"), name));
            targets.add(validator.target(c));
            names.add(c.id());
        }
        if (requests != null) {
            if (clusterConfig == null || dataset == null) {
                throw new InputException("calibrate: --requests needs --cluster-config and --dataset");
            }
            RequestTimings m = RequestTimings.read(requests);
            SimulationOptions o = SimulationOptions.defaults().toBuilder().modelsDir(modelsDir).hardwareDir(hardwareDir)
                    .timing(TimingBackend.ROOFLINE).maxNumSeqs(maxNumSeqs).build();
            targets.add(new EndToEndFit.Target(requests.toString(), clusterConfig, dataset, o, m.ttftMeanNs(),
                    m.tpotMeanNs(), 15, 10));
            names.add(requests + " (" + m.requests() + " requests)");
        }
        EngineCalibration.run(targets, hardwareDir, engineBase, fit, engineOut, hardware, this.out,
                String.join(", ", names), out);
    }
}
