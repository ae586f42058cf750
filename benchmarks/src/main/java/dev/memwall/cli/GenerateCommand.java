package dev.memwall.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.memwall.input.InputException;
import dev.memwall.output.OutputPaths;
import dev.memwall.workload.ArrivalProcess;
import dev.memwall.workload.JsonlTraceWriter;
import dev.memwall.workload.LengthDistribution;
import dev.memwall.workload.SyntheticWorkload;
import dev.memwall.workload.TraceEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: a seeded synthetic trace in LLMServingSim JSONL. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes a seeded synthetic request trace in LLMServingSim's workload JSONL.",
            "Arrivals: Poisson, Gamma, or all at t=0. Input and output lengths: each",
            "fixed, uniform, lognormal or sampled from a trace file. The same options",
            "and seed give the same bytes.",
            ""},
        footer = {
            "",
            "Length SPECs:",
            "  fixed:N            always N tokens",
            "  uniform:A:B        an integer in [A, B], uniformly",
            "  lognormal:MEDIAN:SIGMA[:MAX]",
            "                     round(exp(ln(MEDIAN) + SIGMA*Z)), Z standard normal,",
            "                     clamped to [1, MAX]; no cap without MAX",
            "  file:PATH          drawn with replacement from the lengths in a trace",
            "                     file of any format memwall reads; the same file for",
            "                     both keeps each row's input and output together",
            "",
            "Examples (java -jar benchmarks/target/benchmarks.jar generate ...):",
            "  generate --num-reqs 200 --rate 5 --input-len lognormal:512:0.8:4096 \\",
            "      --output-len lognormal:128:0.8:1024 --output chat.jsonl",
            "  generate --num-reqs 2000 --arrival burst --input-len fixed:1024 \\",
            "      --output-len fixed:512 --output decode-heavy.jsonl",
            "  generate --arrival gamma --rate 10 --cv 3 --input-len file:lengths.csv \\",
            "      --output-len file:lengths.csv --output -",
            "",
            "Exit codes: 0 success, 1 internal fault, 2 bad input or environment (one line on stderr)."})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--num-reqs", paramLabel = "N", description = {"Number of requests.", "Default: ${DEFAULT-VALUE}."})
    int numReqs = 1000;

    @Option(names = "--arrival", paramLabel = "KIND",
            description = {"poisson (exponential gaps), gamma (gaps with --cv) or burst (all at t=0).",
                "Default: ${DEFAULT-VALUE}."})
    String arrival = "poisson";

    @Option(names = "--rate", paramLabel = "R",
            description = "Mean requests per second for poisson and gamma; 0 puts all at t=0. Required unless "
                    + "--arrival burst.")
    String rate;

    @Option(names = "--cv", paramLabel = "C",
            description = "Coefficient of variation of the gaps, for gamma only: 1 is Poisson, above 1 burstier, "
                    + "below 1 more regular.")
    String cv;

    @Option(names = "--input-len", paramLabel = "SPEC",
            description = {"Input (prompt) lengths, a SPEC as below.", "Default: ${DEFAULT-VALUE}."})
    String inputLen = "lognormal:512:0.8:4096";

    @Option(names = "--output-len", paramLabel = "SPEC",
            description = {"Output lengths, a SPEC as below.", "Default: ${DEFAULT-VALUE}."})
    String outputLen = "lognormal:128:0.8:1024";

    @Option(names = "--seed", paramLabel = "S", description = {"Random seed.", "Default: ${DEFAULT-VALUE}."})
    long seed = 42;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "Trace to write; - for stdout.")
    String output;

    @Override
    public Integer call() {
        require(numReqs >= 1, "--num-reqs", "must be >= 1 (got " + numReqs + ")");
        ArrivalProcess arrivals = arrivals();
        arrivals.checkSpan(numReqs, "generate: --rate");
        LengthDistribution inputs = LengthDistribution.parse(inputLen, "generate: --input-len");
        LengthDistribution outputs = LengthDistribution.parse(outputLen, "generate: --output-len");
        boolean toStdout = output.equals("-");
        if (!toStdout) {
            OutputPaths.of("generate").input("--input-len file:", inputs.file())
                    .input("--output-len file:", outputs.file()).output("--output", outputPath()).check();
        }
        SyntheticWorkload workload = SyntheticWorkload.builder()
                .requests(numReqs)
                .seed(seed)
                .arrivals(arrivals)
                .inputLengths(inputs)
                .outputLengths(outputs)
                .build();
        PrintWriter out = spec.commandLine().getOut();
        long lastArrivalNs = 0;
        TraceEntry e = new TraceEntry();
        try (JsonlTraceWriter writer = toStdout ? new JsonlTraceWriter(keepOpen(out), "<stdout>")
                : JsonlTraceWriter.create(outputPath(), "generate: --output")) {
            while (workload.next(e)) {
                writer.write(e);
                lastArrivalNs = e.arrivalNs;
            }
            writer.commit();
        }
        // The note goes to stderr when the trace itself is on stdout, so a pipe gets only the trace.
        PrintWriter note = toStdout ? spec.commandLine().getErr() : out;
        note.printf("generate: wrote %d requests to %s (%s, last arrival at %.3f s, seed %d)%n",
                numReqs, toStdout ? "stdout" : output, arrivals, lastArrivalNs / 1e9, seed);
        note.flush();
        return 0;
    }

    private ArrivalProcess arrivals() {
        switch (arrival) {
            case "poisson":
                require(cv == null, "--cv", "only used with --arrival gamma (got '" + cv + "')");
                return ArrivalProcess.poisson(rate());
            case "gamma":
                require(cv != null, "--cv", "required with --arrival gamma (1 is Poisson, above 1 burstier)");
                double c = number("--cv", cv);
                require(ArrivalProcess.CV.contains(c), "--cv", "must be " + ArrivalProcess.CV.describe()
                        + " (got '" + cv + "')");
                return ArrivalProcess.gamma(rate(), c);
            case "burst":
                require(cv == null, "--cv", "only used with --arrival gamma (got '" + cv + "')");
                require(rate == null || number("--rate", rate) == 0, "--rate",
                        "not used with --arrival burst, where all requests arrive at t=0 (got '" + rate + "')");
                return ArrivalProcess.burst();
            default:
                throw new InputException("generate: --arrival: expected poisson, gamma or burst (got '" + arrival + "')");
        }
    }

    private double rate() {
        require(rate != null, "--rate", "required with --arrival " + arrival + " (requests per second; 0 = all at t=0)");
        double r = number("--rate", rate);
        require(r == 0 || ArrivalProcess.RATE_PER_S.contains(r), "--rate",
                "must be 0 (all at t=0) or " + ArrivalProcess.RATE_PER_S.describe() + " (got '" + rate + "')");
        return r;
    }

    private Path outputPath() {
        try {
            return Path.of(output);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InputException("generate: --output: not a valid path (got '" + output + "')");
        }
    }

    private static double number(String option, String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        require(Double.isFinite(v), option, "expected a number (got '" + text + "')");
        return v;
    }

    /** Stdout must outlive the trace writer: closing the writer only flushes it. */
    private static Writer keepOpen(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new InputException("generate: " + option + ": " + problem);
        }
    }
}
