package dev.memwall.bench.startup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.memwall.bench.support.RepoRoot;

/**
 * A whole {@code scripts/memwall} process per operation, JVM start to exit, of the jar under
 * test (the one this benchmark runs from): start-up included, which the in-process benchmarks
 * leave out. {@code help} is the launcher's {@code --help} (a JVM start and the tool list);
 * {@code simulate-200} simulates {@code workloads/example-poisson-200.jsonl} on one H100 with
 * the roofline, writing the summary JSON; their difference is what a short run costs beyond
 * starting. Needs bash and the repository (configs, scripts); the process's output goes to a
 * temporary directory.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
public class StartupBenchmark {
    @Param({"help", "simulate-200"})
    public String run;

    private List<String> command;
    private Path outDir;

    @Setup
    public void setUp() throws IOException {
        Path root = RepoRoot.get();
        outDir = Files.createTempDirectory("memwall-startup");
        command = new ArrayList<>(List.of("bash", root.resolve("scripts/memwall").toString()));
        if ("simulate-200".equals(run)) {
            command.addAll(List.of("simulate", "--cluster-config",
                    root.resolve("configs/cluster/single_node_single_instance.json").toString(), "--dataset",
                    root.resolve("workloads/example-poisson-200.jsonl").toString(), "--timing", "roofline",
                    "--summary-json", outDir.resolve("summary.json").toString()));
        } else if ("help".equals(run)) {
            command.add("--help");
        } else {
            throw new IllegalArgumentException("run: help or simulate-200 (got " + run + ")");
        }
    }

    /** ms per process, start to exit. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int process() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MEMWALL_JAR", jarUnderTest());
        pb.redirectErrorStream(true);
        pb.redirectOutput(outDir.resolve("out.txt").toFile());
        int code = pb.start().waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code + "; see " + outDir);
        }
        return code;
    }

    /** The jar this fork runs from: the one built with this benchmark, and its archive beside it. */
    private static String jarUnderTest() {
        String cp = System.getProperty("java.class.path");
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                return Path.of(entry).toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("not run from a jar (class path " + cp + ")");
    }
}
