package dev.memwall.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import dev.memwall.bench.CpuTimeProfiler;
import dev.memwall.input.InputException;

/**
 * Runs JMH from a build's {@code benchmarks.jar} in a child JVM (this JVM's own {@code java}, so
 * both builds run on one JDK), one benchmark method and one fork at a time, writing its JSON
 * result and its console output under the work directory. With {@code cpuTime}, the results it
 * returns are {@link CpuTimeProfiler}'s CPU time per op, not JMH's wall time. A child still running when this JVM is
 * stopped is destroyed with it.
 */
public final class JmhLauncher implements AbRunner.Launcher, AutoCloseable {
    /** Longest one benchmark run may take before it counts as hung. */
    private static final long RUN_TIMEOUT_MINUTES = 15;

    private final Path workDir;
    private final List<String> jmhArgs;
    private final boolean cpuTime;
    private final Thread reaper = new Thread(this::destroyCurrent, "jmh-launcher-reaper");
    private volatile Process current;

    /**
     * @param workDir where each run's {@code .json} and {@code .log} go
     * @param jmhArgs JMH options for every run besides the benchmark, one fork and the result file
     * @param cpuTime run with {@link CpuTimeProfiler} and return its CPU time per op in place of
     *                JMH's wall time
     */
    public JmhLauncher(Path workDir, List<String> jmhArgs, boolean cpuTime) {
        this.workDir = workDir;
        this.jmhArgs = List.copyOf(jmhArgs);
        this.cpuTime = cpuTime;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    @Override
    public List<String> list(AbRunner.Build build, String include) {
        Path log = workDir.resolve("list-" + build.label() + ".log");
        exec(build, List.of("-l", include), log, "list the benchmarks of");
        List<String> names = new ArrayList<>();
        boolean listing = false;
        for (String line : readLines(log)) {
            if (line.startsWith("Benchmarks:")) {
                listing = true;
            } else if (listing && !line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    @Override
    public List<JmhResult> run(AbRunner.Build build, String benchmark, String stem) {
        Path json = workDir.resolve(stem + ".json");
        Path log = workDir.resolve(stem + ".log");
        List<String> args = new ArrayList<>();
        args.add("^" + Pattern.quote(benchmark) + "$");
        args.addAll(jmhArgs);
        args.addAll(List.of("-f", "1", "-rf", "json", "-rff", json.toString()));
        if (cpuTime) {
            args.addAll(List.of("-prof", CpuTimeProfiler.class.getName()));
        }
        exec(build, args, log, "run " + TextTable.shortName(benchmark) + " from");
        List<JmhResult> results = cpuTime ? JmhResult.readSecondary(json, CpuTimeProfiler.LABEL) : JmhResult.read(json);
        if (results.isEmpty()) {
            throw new InputException("gate: the " + build.label() + " build's run of " + benchmark
                    + " gave no results; its output is in " + log);
        }
        return results;
    }

    /** Whether {@code jar} holds {@link CpuTimeProfiler} (builds from before it do not). */
    public static boolean hasCpuTimeProfiler(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getEntry(CpuTimeProfiler.class.getName().replace('.', '/') + ".class") != null;
        } catch (IOException e) {
            throw InputException.at(jar.toString(), "not a readable jar (" + e.getMessage() + ")");
        }
    }

    private void exec(AbRunner.Build build, List<String> args, Path log, String what) {
        // JMH refuses to start while another JMH run on the machine holds its lock file; on a shared
        // machine that would fail the gate whenever someone else benchmarks, and the interleaving
        // already lets both builds share whatever load that run adds.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djmh.ignoreLock=true", "-jar", build.jar().toAbsolutePath().toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(build.directory().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            current = pb.start();
            if (!current.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                destroyCurrent();
                throw new InputException("gate: could not " + what + " the " + build.label() + " build in "
                        + RUN_TIMEOUT_MINUTES + " minutes; its output is in " + log);
            }
            int exit = current.exitValue();
            if (exit != 0) {
                throw new InputException("gate: could not " + what + " the " + build.label() + " build ("
                        + build.jar() + ", exit " + exit + "); its output is in " + log);
            }
        } catch (IOException e) {
            throw new InputException("gate: cannot start " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyCurrent();
            throw new IllegalStateException("interrupted while running the " + build.label() + " build", e);
        } finally {
            current = null;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("gate: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void destroyCurrent() {
        Process p = current;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
