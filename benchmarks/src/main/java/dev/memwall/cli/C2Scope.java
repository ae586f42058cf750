package dev.memwall.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps HotSpot's C2 compiler for memwall's own code and HdrHistogram (the simulation, its
 * recording and the sweep's own bookkeeping), leaving everything else on C1: the compiler
 * directives of {@code c2-scope.json}, added through the JVM's {@code Compiler.directives_add}
 * diagnostic command.
 *
 * <p>Why: a sweep runs many short simulations, and around each one, libraries (JSON, number
 * formatting, the plots' rasteriser and XML writer) run a bounded amount that C2 compiles never
 * pay back, while on a small machine those compiles take the core the points need. The 64-point
 * CXL sub-grid of the README took 8.9 s of CPU and 5.3 s of wall time with them, against 11.4 s
 * and 6.4 s without. Added at run time rather than with {@code -XX:CompilerDirectivesFile}, which prints
 * "2 compiler directives added" on standard output at start-up.
 *
 * <p>Best effort: a JVM without the command (not HotSpot) compiles as it would have, and nothing
 * is reported; compilation never changes a result.
 */
final class C2Scope {
    private static final String RESOURCE = "c2-scope.json";
    /** Once per JVM: each add pushes onto the JVM's directive stack, which holds few. */
    private static final AtomicBoolean APPLIED = new AtomicBoolean();

    private C2Scope() {
    }

    /**
     * Adds the directives on a daemon thread, so the tool's start-up does not wait for JMX to
     * start; once per JVM.
     */
    static void applyInBackground() {
        if (!APPLIED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(C2Scope::apply, "memwall-c2-scope");
        t.setDaemon(true);
        t.start();
    }

    /** Adds the directives now; whether the JVM took them. */
    static boolean apply() {
        try (InputStream in = C2Scope.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return false;
            }
            Path file = Files.createTempFile("memwall-c2-scope", ".json");
            try {
                Files.write(file, in.readAllBytes());
                Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
                return String.valueOf(reply).contains("directives added");
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | JMException | RuntimeException | LinkageError e) {
            return false; // an optimisation only: without it the JIT compiles as usual
        }
    }
}
