package dev.memwall.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports, per iteration, the CPU time the benchmark's worker threads spent per operation, as the
 * secondary result {@value #LABEL} (ns/op). Unlike JMH's wall time it leaves out the time a
 * worker waited for a core, which on a shared 2-core machine is most of the noise: there a sort
 * loop's wall time per batch varies by 39% (coefficient of variation, load average 6) while its
 * thread CPU time varies by 5%. The interleaved A/B gate ({@code gate --against}) judges by it.
 * Cache and memory stalls still count, so a slower data structure still shows.
 *
 * <p>The CPU time of the processes a benchmark starts and waits for counts too (on Linux, from
 * {@code /proc/self/stat}, in 10 ms ticks): {@code StartupBenchmark} runs a whole
 * {@code scripts/memwall} process per operation, and its worker thread alone only waits.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    /** The secondary result's name. */
    public static final String LABEL = "cpu.time";
    /** What {@value #LABEL} is, in the words of the gates' tables. */
    public static final String MEASURED = "CPU time per op of the benchmark thread and the processes it waited for ("
            + LABEL + ")";

    /** {@code /proc/self/stat}'s unit, USER_HZ, which Linux fixes at 100 for what it reports. */
    private static final long NS_PER_TICK = 10_000_000L;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNs = new HashMap<>();
    private long childrenStartNs;

    @Override
    public String getDescription() {
        return "memwall: CPU time of the benchmark's worker threads per operation (ns/op)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNs.clear();
        for (Thread t : workers()) {
            startNs.put(t.getId(), threads.getThreadCpuTime(t.getId()));
        }
        childrenStartNs = childrenCpuNs();
    }

    /** JMH's interface declares the raw {@code Result}; the result is a {@link ScalarResult}. */
    @Override
    @SuppressWarnings("rawtypes")
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpuNs = 0;
        for (Thread t : workers()) {
            long now = threads.getThreadCpuTime(t.getId());
            if (now >= 0) {
                // A worker first started during this iteration counts from 0.
                cpuNs += now - startNs.getOrDefault(t.getId(), 0L);
            }
        }
        cpuNs += childrenCpuNs() - childrenStartNs;
        // Every operation the workers ran in the window counts, not only the measured ones.
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0 || cpuNs <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult(LABEL, (double) cpuNs / ops, "ns/op", AggregationPolicy.AVG));
    }

    /**
     * CPU time, user and system, of this JVM's child processes that have ended and been waited
     * for; 0 where {@code /proc/self/stat} cannot be read.
     */
    static long childrenCpuNs() {
        try {
            return childrenCpuNs(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * {@code cutime + cstime} (fields 16 and 17) of a {@code /proc/<pid>/stat} line, in ns. The
     * fields are counted after the command name, which is in parentheses and may hold spaces.
     */
    static long childrenCpuNs(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3, the state.
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * NS_PER_TICK;
    }

    /** JMH's benchmark threads, named {@code <benchmark>-jmh-worker-<n>}. */
    private static List<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("jmh-worker")).toList();
    }
}
