package dev.memwall.result;

import java.util.ArrayList;
import java.util.List;

import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.ConcurrencyStat;
import dev.memwall.cost.Cost;
import dev.memwall.cost.CostInputs;
import dev.memwall.cost.CostModel;
import dev.memwall.cost.PriceBook;
import dev.memwall.cost.PriceBooks;
import dev.memwall.faults.ColdStart;
import dev.memwall.metrics.LatencyStat;
import dev.memwall.metrics.Slo;
import dev.memwall.power.Energy;
import dev.memwall.power.EnergyMeter;
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

    /** Reduces {@code built}'s last run, priced with the default price book. */
    public static RunResult reduce(ClusterBuilder.Built built, double wallSeconds) {
        return reduce(built, wallSeconds, PriceBooks.builtIn());
    }

    /**
     * Reduces {@code built}'s last run; {@code wallSeconds} is how long it took (0 when reproducible).
     *
     * @throws dev.memwall.input.InputException when {@code prices} has no entry for a GPU the run used
     */
    public static RunResult reduce(ClusterBuilder.Built built, double wallSeconds, PriceBook prices) {
        ClusterSimulation sim = built.simulation();
        double[] v = measure(sim);
        for (ClusterBuilder.ResolvedInstance ri : built.instances()) {
            add(v, Metric.KV_CAPACITY_TOKENS, (double) ri.kvBlocks() * ri.blockSize());
        }
        slo(v, sim, built.options().slo());
        v[Metric.FAILED.ordinal()] = sim.faults().failedRequests();
        for (double s : ColdStart.seconds(built)) {
            v[Metric.COLD_START_SECONDS.ordinal()] = Math.max(v[Metric.COLD_START_SECONDS.ordinal()], s);
        }
        long outputTokens = 0;
        long promptTokens = 0;
        for (int i = 0; i < sim.instanceCount(); i++) {
            outputTokens += sim.outputTokensDone(i);
            promptTokens += sim.promptTokensDone(i);
        }
        Energy energy = EnergyMeter.measure(built.power(), EnergyUsage.of(built, sim.endTimeNs()));
        energy(v, energy, outputTokens);
        Cost cost = CostModel.cost(prices, costInputs(built, v, energy, outputTokens, promptTokens));
        cost(v, cost, outputTokens, promptTokens);
        return new RunResult(v, wallSeconds, sim.latency(), instanceRows(built), deviceRows(sim), bottleneck(sim),
                energy, cost, sim.faults().outcomes());
    }

    private static List<RunResult.InstanceRow> instanceRows(ClusterBuilder.Built built) {
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
                    ri.fidelity().describe(), pimRow(st.pim(), seconds), sim.expertFetches(i)));
        }
        return rows;
    }

    private static List<RunResult.DeviceRow> deviceRows(ClusterSimulation sim) {
        double seconds = sim.endTimeNs() / 1e9;
        List<RunResult.DeviceRow> devices = new ArrayList<>();
        MemorySystem memory = sim.memory();
        for (int d = 0; d < memory.count(); d++) {
            devices.add(new RunResult.DeviceRow(memory.name(d), memory.kind(d).name(),
                    Math.round(memory.capacityBytes(d)), Math.round(memory.peakUsedBytes(d)),
                    Math.round(memory.bytesTransferred(d)), fraction(memory.busyNs(d) / 1e9, seconds)));
        }
        return devices;
    }

    /**
     * Goodput and the SLO: requests that completed and met every per-request term (counted as each
     * completed), their share of all requests, and whether the run-wide terms hold too.
     */
    private static void slo(double[] v, ClusterSimulation sim, Slo slo) {
        long good = sim.goodRequests();
        long all = sim.requests().added();
        double attainment = all == 0 ? 1 : (double) good / all;
        boolean met = attainment >= slo.attainment();
        for (Slo.Term term : slo.aggregate()) {
            met &= term.meets(v[Metric.byName(term.name()).ordinal()]);
        }
        v[Metric.GOODPUT.ordinal()] = fraction(good, v[Metric.SIMULATED_SECONDS.ordinal()]);
        v[Metric.SLO_ATTAINMENT.ordinal()] = attainment;
        v[Metric.SLO_MET.ordinal()] = met ? 1 : 0;
    }

    private static CostInputs costInputs(ClusterBuilder.Built built, double[] v, Energy energy, long outputTokens,
            long promptTokens) {
        List<CostInputs.Gpus> gpus = new ArrayList<>();
        for (ClusterBuilder.ResolvedInstance ri : built.instances()) {
            gpus.add(new CostInputs.Gpus(ri.hardwareName(), ri.shape().tpSize() * ri.pipelineStages(), ri.path()));
        }
        MemorySystem m = built.memory();
        double hostDramGib = 0;
        int cxlDevices = 0;
        double cxlGib = 0;
        for (int d = 0; d < m.count(); d++) {
            if (m.kind(d) == MemorySystem.Kind.HOST_DRAM) {
                hostDramGib += m.capacityBytes(d) / GIB;
            } else if (m.kind(d) == MemorySystem.Kind.CXL && (m.bytesTransferred(d) > 0 || m.peakUsedBytes(d) > 0)) {
                // A CXL device nothing used is not bought.
                cxlDevices++;
                cxlGib = m.capacityBytes(d) / GIB;
            }
        }
        return new CostInputs(v[Metric.SIMULATED_SECONDS.ordinal()], gpus, hostDramGib, cxlDevices, cxlGib, energy,
                outputTokens, promptTokens, Math.round(v[Metric.COMPLETED.ordinal()]));
    }

    /** The energy totals: joules, per output token and per completed request, and average watts. */
    private static void energy(double[] v, Energy e, long outputTokens) {
        double joules = e.totalJoules();
        v[Metric.ENERGY_JOULES.ordinal()] = joules;
        v[Metric.JOULES_PER_OUTPUT_TOKEN.ordinal()] = fraction(joules, outputTokens);
        v[Metric.JOULES_PER_REQUEST.ordinal()] = fraction(joules, v[Metric.COMPLETED.ordinal()]);
        v[Metric.AVERAGE_WATTS.ordinal()] = fraction(joules, v[Metric.SIMULATED_SECONDS.ordinal()]);
    }

    /** Cost totals: GPU-hours, dollars, per million output and total tokens, per completed request. */
    private static void cost(double[] v, Cost c, long outputTokens, long promptTokens) {
        double usd = c.totalUsd();
        v[Metric.GPU_HOURS.ordinal()] = c.gpuHours();
        v[Metric.COST_USD.ordinal()] = usd;
        v[Metric.USD_PER_M_OUTPUT_TOKENS.ordinal()] = outputTokens == 0 ? Double.NaN : usd / outputTokens * 1e6;
        v[Metric.USD_PER_M_TOKENS.ordinal()] = outputTokens + promptTokens == 0 ? Double.NaN
                : usd / (outputTokens + promptTokens) * 1e6;
        v[Metric.USD_PER_REQUEST.ordinal()] = v[Metric.COMPLETED.ordinal()] == 0 ? Double.NaN
                : usd / v[Metric.COMPLETED.ordinal()];
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

    private static RunResult.PimRow pimRow(dev.memwall.pim.PimUsage pim, double seconds) {
        if (pim == null) {
            return null;
        }
        return new RunResult.PimRow(pim.busyNs() / 1e9, fraction(pim.busyNs() / 1e9, seconds),
                pim.gpuAttentionMovedNs() / 1e9, pim.hiddenNs() / 1e9, pim.kvBytesRead());
    }

    private static double fraction(double num, double den) {
        return den > 0 ? num / den : 0.0;
    }
}
