package dev.memwall.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

import dev.memwall.input.KeySuggestions;
import picocli.CommandLine;

/**
 * The front door of {@code benchmarks.jar}. With a tool name first ({@code simulate},
 * {@code generate}, ...) it runs that tool; with nothing, or with JMH options, it runs JMH.
 *
 * <p>Exit codes, for every tool: 0 success, 1 an internal fault (one line on stderr; the stack
 * trace goes to a file it names), 2 bad input or environment (one line on stderr naming the file,
 * path or option), 3 a gate or validation found a regression.
 */
public final class Main {
    /** Exit code for a bad input: a config, trace or flag the user can fix. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a fault of ours. */
    public static final int EXIT_INTERNAL = 1;
    /** Exit code for a gate or validation that found a regression. */
    public static final int EXIT_REGRESSION = 3;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        if (args.length > 0 && Tool.named(args[0]) != null) {
            System.exit(run(args[0], Arrays.copyOfRange(args, 1, args.length), out, err));
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("help"))) {
            printToolList(out);
            System.exit(0);
        }
        if (args.length > 0 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println(Version.line());
            System.exit(0);
        }
        String problem = args.length > 0 ? notAToolOrBenchmark(args[0]) : null;
        if (problem != null) {
            err.println(problem);
            System.exit(EXIT_BAD_INPUT);
        }
        org.openjdk.jmh.Main.main(dev.memwall.bench.JmhDefaults.withSimMetrics(args));
    }

    /**
     * Why a first argument that is not a tool is not a JMH run either, or null when it may be
     * one: within two edits of a tool name it is a misspelt tool ({@code simulat} would otherwise
     * match the {@code simulation} benchmarks and start a six-minute JMH run); a plain lowercase
     * word matching no benchmark is a misspelt tool too.
     */
    static String notAToolOrBenchmark(String arg) {
        if (arg.startsWith("-")) {
            return null;
        }
        List<String> names = Tool.names();
        String near = KeySuggestions.within(arg, names, 2);
        if (near != null) {
            return "memwall: unknown tool '" + arg + "' (did you mean " + near + "?)";
        }
        if (looksLikeMistypedTool(arg)) {
            return "memwall: '" + arg + "' is neither a tool (" + String.join(", ", names)
                    + ") nor a pattern matching any benchmark (see -l)";
        }
        return null;
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
        Tool named = Tool.named(tool);
        if (named == null) {
            String near = KeySuggestions.within(tool, Tool.names(), 2);
            err.println("memwall: unknown tool '" + tool + "' (" + (near != null ? "did you mean " + near + "?"
                    : "tools: " + String.join(", ", Tool.names())) + ")");
            return EXIT_BAD_INPUT;
        }
        CommandLine cl = new CommandLine(named.create());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCommandName(tool);
        cl.getCommandSpec().versionProvider(new Version());
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(tool + ": " + ex.getMessage() + suggestions(ex) + " (see '" + tool + " --help')");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> Faults.report(tool, ex, err));
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            code = Faults.report(tool, e, err);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** picocli's "did you mean" for a mistyped option, on the same line. */
    private static String suggestions(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            List<String> s = u.getSuggestions();
            return " (did you mean " + String.join(" or ", s.subList(0, Math.min(3, s.size()))) + "?)";
        }
        return "";
    }

    private static void printToolList(PrintWriter out) {
        out.println("Usage: java -jar benchmarks.jar [TOOL [OPTIONS]] | [JMH OPTIONS]");
        out.println();
        out.println("Tools (each has --help):");
        out.println("  simulate   run one serving simulation from a cluster config and a trace");
        out.println("  generate   write a seeded synthetic trace in LLMServingSim JSONL");
        out.println("  gate       regression gates: wall time (A/B against a git ref, or JMH results vs a baseline),");
        out.println("             model outputs vs golden files, a 0-byte simulation loop");
        out.println("  validate   compare simulated with measured latencies, case by case (configs/validation)");
        out.println("  calibrate  fit a GPU's roofline constants to measured kernel tables");
        out.println("  sweep      run a study's grid of simulations (resumable, sharded or on a cluster)");
        out.println("  compare    run several cluster configs on one trace; report.md, report.html and plots");
        out.println("  plan       each candidate's capacity under an SLO and its cost there, ranked (Pareto plot)");
        out.println("  plot       redraw a sweep's plots and points.csv from its results");
        out.println("  member     start a Hazelcast member that runs sweep points");
        out.println();
        out.println("With no tool, runs the JMH benchmarks; 'java -jar benchmarks.jar -h' lists JMH options,");
        out.println("'-l' lists the benchmarks. --version prints memwall's version.");
        out.println();
        out.println("Exit codes: 0 success, 1 internal fault, 2 bad input or environment (one line on stderr),");
        out.println("3 a gate or validation found a regression.");
    }
}
