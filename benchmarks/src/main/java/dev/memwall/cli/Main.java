package dev.memwall.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.memwall.input.InputException;
import picocli.CommandLine;

/**
 * The front door of {@code benchmarks.jar}. With a tool name first ({@code simulate},
 * {@code generate}, ...) it runs that tool; with nothing, or with JMH options, it runs JMH.
 *
 * <p>Exit codes: 0 success, 2 bad input (one line on stderr), 1 internal fault.
 */
public final class Main {
    /** Exit code for a bad input: a config, trace or flag the user can fix. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a fault of ours. */
    public static final int EXIT_INTERNAL = 1;

    private Main() {
    }

    /** The tools, by the name typed first on the command line. */
    static Map<String, Supplier<Callable<Integer>>> tools() {
        Map<String, Supplier<Callable<Integer>>> tools = new LinkedHashMap<>();
        tools.put("simulate", SimulateCommand::new);
        tools.put("generate", GenerateCommand::new);
        tools.put("gate", GateCommand::new);
        tools.put("validate", ValidateCommand::new);
        tools.put("sweep", SweepCommand::new);
        tools.put("compare", CompareCommand::new);
        tools.put("plan", PlanCommand::new);
        tools.put("plot", PlotCommand::new);
        tools.put("member", MemberCommand::new);
        return tools;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && tools().containsKey(args[0])) {
            System.exit(run(args[0], Arrays.copyOfRange(args, 1, args.length),
                    new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("help"))) {
            printToolList(new PrintWriter(System.out, true));
            System.exit(0);
        }
        if (args.length > 0 && looksLikeMistypedTool(args[0])) {
            System.err.println("memwall: '" + args[0] + "' is neither a tool (" + String.join(", ", tools().keySet())
                    + ") nor a pattern matching any benchmark (see -l)");
            System.exit(EXIT_BAD_INPUT);
        }
        org.openjdk.jmh.Main.main(dev.memwall.bench.JmhDefaults.withSimMetrics(args));
    }

    /**
     * A first argument that is a plain lowercase word, not an option, and matches no benchmark
     * name: most likely a misspelt tool, which JMH would report only as "No matching benchmarks".
     */
    static boolean looksLikeMistypedTool(String arg) {
        if (!arg.matches("[a-z][a-z-]*")) {
            return false;
        }
        try (java.io.InputStream in = Main.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            if (in == null) {
                return true;
            }
            String list = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return !java.util.regex.Pattern.compile(arg).matcher(list).find();
        } catch (java.io.IOException e) {
            return false; // let JMH report whatever is wrong
        }
    }

    /** Runs one tool and returns its exit code; never throws, never calls {@code System.exit}. */
    public static int run(String tool, String[] args, PrintWriter out, PrintWriter err) {
        Supplier<Callable<Integer>> factory = tools().get(tool);
        if (factory == null) {
            err.println("memwall: unknown tool '" + tool + "' (tools: " + String.join(", ", tools().keySet()) + ")");
            return EXIT_BAD_INPUT;
        }
        CommandLine cl = new CommandLine(factory.get());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCommandName(tool);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(tool + ": " + ex.getMessage() + " (see '" + tool + " --help')");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof InputException) {
                err.println(ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            err.println(tool + ": internal error: " + ex);
            ex.printStackTrace(err);
            return EXIT_INTERNAL;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static void printToolList(PrintWriter out) {
        out.println("Usage: java -jar benchmarks.jar [TOOL [OPTIONS]] | [JMH OPTIONS]");
        out.println();
        out.println("Tools (each has --help):");
        out.println("  simulate   run one serving simulation from a cluster config and a trace");
        out.println("  generate   write a seeded synthetic trace in LLMServingSim JSONL");
        out.println("  gate       regression gates: JMH wall time vs a baseline, model outputs vs golden files");
        out.println("  validate   compare simulated with measured latencies, case by case (configs/validation)");
        out.println("  sweep      run a study's grid of simulations (resumable, sharded or on a cluster)");
        out.println("  compare    run several cluster configs on one trace; report.md, report.html and plots");
        out.println("  plan       each candidate's capacity under an SLO and its cost there, ranked (Pareto plot)");
        out.println("  plot       redraw a sweep's plots and points.csv from its results");
        out.println("  member     start a Hazelcast member that runs sweep points");
        out.println();
        out.println("With no tool, runs the JMH benchmarks; 'java -jar benchmarks.jar -h' lists JMH options,");
        out.println("'-l' lists the benchmarks.");
    }
}
