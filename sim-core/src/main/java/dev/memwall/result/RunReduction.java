package dev.memwall.result;

import java.util.ArrayList;
import java.util.List;

import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.ConcurrencyStat;
import dev.memwall.metrics.LatencyStat;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.InstanceStats;

/**
 * The one reduction of a finished simulation into a {@link RunResult}: every {@link Metric}, the
 * instance and device rows, the bottleneck. Set-up code, not the loop: it may allocate.
 */
public final class RunReduction {
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private RunReduction() {
    }

    /** Reduces {@code built}'s last run; {@code wallSeconds} is how long it took (0 when reproducible). */
    public static RunResult reduce(ClusterBuilder.Built built, double wallSeconds) {
        ClusterSimulation sim = built.simulation();
        double seconds = sim.endTimeNs() / 1e9;
        List<RunResult.InstanceRow> rows = new ArrayList<>();
        for (int i = 0; i < sim.instanceCount(); i++) {
            InstanceStats st = sim.instanceStats(i);
            ClusterBuilder.ResolvedInstance ri = built.instances().get(i);
            double[] roleMeans = sim.roleMeansMs(i);
            rows.add(new RunResult.InstanceRow(i, st.role(), ri.hardwareName(), ri.modelName(), ri.kvLocation(),
                    st.kvBlocks(),
                    st.kvBlockBytes(), st.weightsHbmBytes(), st.peakHbmBytes(), st.preemptions(), st.iterations(),
                    fraction(st.busyNs() / 1e9, seconds), fraction(st.computeNs() / 1e9, seconds),
                    fraction((st.busyNs() - st.computeNs()) / 1e9, seconds), st.prefixQueriedTokens(),
                    st.prefixHitTokens(), st.prefixLowerHitTokens(), roleMeans[0], roleMeans[1],
                    ri.fidelity().describe(), sim.expertFetches(i)));
        }
        List<RunResult.DeviceRow> devices = new ArrayList<>();
        MemorySystem memory = sim.memory();
        for (int d = 0; d < memory.count(); d++) {
            devices.add(new RunResult.DeviceRow(memory.name(d), memory.kind(d).name(),
                    Math.round(memory.capacityBytes(d)), Math.round(memory.peakUsedBytes(d)),
                    Math.round(memory.bytesTransferred(d)), fraction(memory.busyNs(d) / 1e9, seconds)));
        }
        return new RunResult(measure(sim), wallSeconds, sim.latency(), rows, devices, bottleneck(sim));
    }

    /** Every metric of {@code sim}'s last run, by ordinal. */
    public static double[] measure(ClusterSimulation sim) {
        double[] v = new double[Metric.values().length];
        double seconds = sim.endTimeNs() / 1e9;
        v[Metric.REQUESTS.ordinal()] = sim.requests().added();
        v[Metric.COMPLETED.ordinal()] = sim.completedRequests();
        v[Metric.REJECTED_LONGER_THAN_CONTEXT.ordinal()] = sim.rejectedLongerThanContext();
        v[Metric.REJECTED_LARGER_THAN_KV_POOL.ordinal()] = sim.rejectedLargerThanKvPool();
        v[Metric.REJECTED.ordinal()] = sim.rejectedLongerThanContext() + sim.rejectedLargerThanKvPool();
        v[Metric.SIMULATED_SECONDS.ordinal()] = seconds;
        v[Metric.REQUESTS_PER_S.ordinal()] = fraction(sim.completedRequests(), seconds);
        latencies(v, sim);
        instances(v, sim, seconds);
        devices(v, sim.memory(), seconds);
        concurrency(v, Metric.RUNNING_MEAN, sim.concurrency().running);
        concurrency(v, Metric.WAITING_MEAN, sim.concurrency().waiting);
        v[Metric.EVENTS.ordinal()] = sim.loop().eventsDispatched();
        ClusterSimulation.HandoffStats handoffs = sim.handoffStats();
        v[Metric.KV_HANDOFF_GB.ordinal()] = handoffs.bytesMoved() / 1e9;
        v[Metric.HANDOFF_WAITS.ordinal()] = handoffs.waitedForRoom();
        v[Metric.BOTTLENECK_BUSY.ordinal()] = busiest(sim).busy;
        return v;
    }

    private static void latencies(double[] v, ClusterSimulation sim) {
        for (Metric m : Metric.values()) {
            if (m.latency() == null) {
                continue;
            }
            LatencyStat s = stat(sim, m.latency());
            double ns = switch (m.stat()) {
                case MEAN -> s.meanNs();
                case MAX -> s.maxNs();
                default -> s.percentileNs(m.stat().percentile());
            };
            v[m.ordinal()] = ns / 1e6;
        }
    }

    private static LatencyStat stat(ClusterSimulation sim, Metric.Latency latency) {
        return switch (latency) {
            case TTFT -> sim.latency().ttft;
            case TPOT -> sim.latency().tpot;
            case ITL -> sim.latency().itl;
            case E2E -> sim.latency().e2e;
            case QUEUEING -> sim.latency().queueing;
            case HANDOFF -> sim.handoffStats().latency();
        };
    }

    private static void instances(double[] v, ClusterSimulation sim, double seconds) {
        long prompt = 0;
        long output = 0;
        double compute = 0;
        double stalled = 0;
        long peakHbm = 0;
        long queried = 0;
        long hits = 0;
        long tierHits = 0;
        for (int i = 0; i < sim.instanceCount(); i++) {
            InstanceStats st = sim.instanceStats(i);
            prompt += st.promptTokensDone();
            output += st.outputTokensDone();
            compute += fraction(st.computeNs() / 1e9, seconds);
            stalled += fraction((st.busyNs() - st.computeNs()) / 1e9, seconds);
            peakHbm = Math.max(peakHbm, st.peakHbmBytes());
            add(v, Metric.PREEMPTIONS, st.preemptions());
            add(v, Metric.RECOMPUTED_TOKENS, st.recomputedTokens());
            add(v, Metric.ITERATIONS, st.iterations());
            add(v, Metric.KV_BLOCK_OPS, st.kvBlockOps());
            queried += st.prefixQueriedTokens();
            hits += st.prefixHitTokens() + st.prefixLowerHitTokens();
            tierHits += st.prefixLowerHitTokens();
        }
        int n = sim.instanceCount();
        v[Metric.PROMPT_TOKENS_PER_S.ordinal()] = fraction(prompt, seconds);
        v[Metric.OUTPUT_TOKENS_PER_S.ordinal()] = fraction(output, seconds);
        v[Metric.GPU_COMPUTE_BUSY.ordinal()] = n == 0 ? 0 : compute / n;
        v[Metric.GPU_MEMORY_STALLED.ordinal()] = n == 0 ? 0 : stalled / n;
        v[Metric.PEAK_HBM_GIB.ordinal()] = peakHbm / GIB;
        v[Metric.PREFIX_HIT_RATIO.ordinal()] = fraction(hits, queried);
        v[Metric.PREFIX_TIER_HIT_RATIO.ordinal()] = fraction(tierHits, queried);
    }

    private static void devices(double[] v, MemorySystem m, double seconds) {
        for (int d = 0; d < m.count(); d++) {
            double busy = fraction(m.busyNs(d) / 1e9, seconds);
            switch (m.kind(d)) {
                case CXL -> memory(v, Metric.CXL_PEAK_USED_GIB, Metric.CXL_GB_MOVED, Metric.CXL_BUSY_MAX, m, d, busy);
                case HOST_DRAM -> memory(v, Metric.CPU_MEM_PEAK_USED_GIB, Metric.CPU_MEM_GB_MOVED,
                        Metric.CPU_MEM_BUSY_MAX, m, d, busy);
                case HOST_LINK -> memory(v, null, Metric.HOST_LINK_GB_MOVED, Metric.HOST_LINK_BUSY_MAX, m, d, busy);
                default -> {
                    // HBM is reported per instance; the network has no metric of its own yet.
                }
            }
        }
    }

    private static void memory(double[] v, Metric peak, Metric moved, Metric busyMax, MemorySystem m, int d,
            double busy) {
        if (peak != null) {
            v[peak.ordinal()] += m.peakUsedBytes(d) / GIB;
        }
        v[moved.ordinal()] += m.bytesTransferred(d) / 1e9;
        v[busyMax.ordinal()] = Math.max(v[busyMax.ordinal()], busy);
    }

    private static void concurrency(double[] v, Metric mean, ConcurrencyStat s) {
        int o = mean.ordinal();
        v[o] = s.mean();
        v[o + 1] = s.percentile(50);
        v[o + 2] = s.percentile(99);
        v[o + 3] = s.max();
    }

    private static void add(double[] v, Metric m, double amount) {
        v[m.ordinal()] += amount;
    }

    /** A resource and its busy fraction. */
    private record Busy(String name, double busy) {
    }

    private static String bottleneck(ClusterSimulation sim) {
        return busiest(sim).name;
    }

    /** The busiest of every GPU's compute and every memory device and link; the first on a tie. */
    private static Busy busiest(ClusterSimulation sim) {
        double seconds = sim.endTimeNs() / 1e9;
        Busy best = new Busy("none", 0);
        for (int i = 0; i < sim.instanceCount(); i++) {
            double busy = fraction(sim.instanceStats(i).computeNs() / 1e9, seconds);
            if (busy > best.busy) {
                best = new Busy("instance" + i + ".gpu", busy);
            }
        }
        MemorySystem m = sim.memory();
        for (int d = 0; d < m.count(); d++) {
            double busy = fraction(m.busyNs(d) / 1e9, seconds);
            if (busy > best.busy) {
                best = new Busy(m.name(d), busy);
            }
        }
        return best;
    }

    private static double fraction(double num, double den) {
        return den > 0 ? num / den : 0.0;
    }
}
