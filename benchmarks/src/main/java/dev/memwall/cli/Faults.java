package dev.memwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import dev.memwall.input.InputException;

/**
 * How a tool's failure reaches the user: always one line on stderr and an exit code.
 * <ul>
 *   <li>a bad input ({@link InputException}): its message, exit 2;
 *   <li>a heap too small for the inputs ({@link OutOfMemoryError}): what to do about it, exit 2;
 *   <li>anything else is a fault of ours: its first line, exit 1, with the stack trace saved to a
 *       file the line names, for a bug report.
 * </ul>
 */
final class Faults {
    private Faults() {
    }

    /** Prints the line for {@code t} and returns the exit code. */
    static int report(String tool, Throwable t, PrintWriter err) {
        if (t instanceof InputException) {
            err.println(t.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        if (t instanceof OutOfMemoryError) {
            err.println(outOfMemory(tool));
            return Main.EXIT_BAD_INPUT;
        }
        err.println(tool + ": internal error: " + firstLine(t) + "; " + saveTrace(t));
        return Main.EXIT_INTERNAL;
    }

    /** The advice for a heap too small: how big it was and how to give more. */
    static String outOfMemory(String tool) {
        double gib = Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0 * 1024.0);
        return String.format(Locale.US, "%s: out of memory: the inputs need more than this Java heap of %.2f GiB;"
                + " give Java more with -Xmx (e.g. java -Xmx%dg -jar benchmarks.jar %s ...) or read fewer requests"
                + " (--num-reqs)", tool, gib, Math.max(2, (int) Math.ceil(gib * 4)), tool);
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().strip().split("\\R", 2)[0];
        return t.getClass().getSimpleName() + message;
    }

    /** Writes the stack trace to a temporary file and says where it is. */
    private static String saveTrace(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        try {
            Path file = Files.createTempFile("memwall-fault-", ".txt");
            Files.writeString(file, "memwall " + Version.get() + "\n" + trace);
            return "the stack trace is in " + file + " (please report it)";
        } catch (IOException | RuntimeException e) {
            return "its stack trace could not be saved (" + e.getMessage() + ")";
        }
    }
}
