package dev.memwall.result;

import java.io.PrintWriter;
import java.util.Locale;

import dev.memwall.metrics.LatencyStat;
import dev.memwall.serving.FaultControl;

/** The end-of-run summary as a person reads it: latency table, throughput, memory per instance, the bottleneck. */
public final class SummaryText {
    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private SummaryText() {
    }

    public static void print(PrintWriter out, RunResult r) {
        out.println();
        out.printf(Locale.US, "Requests: %d read, %d completed%s in %.3f simulated s (wall %.3f s)%n",
                r.count(Metric.REQUESTS), r.count(Metric.COMPLETED), r.count(Metric.FAILED) == 0 ? ""
                        : ", " + r.count(Metric.FAILED) + " failed", r.get(Metric.SIMULATED_SECONDS), r.wallSeconds());
        for (FaultControl.Outcome f : r.faults()) {
            out.printf(Locale.US, "Fault %s at %.3f s: %d requests affected, %d recomputed, %d failed, %s%n",
                    f.fault(), f.atSeconds(), f.requestsAffected(), f.recomputed(), f.failed(),
                    Double.isNaN(f.recoverySeconds()) ? "not recovered" : String.format(Locale.US,
                            "recovered in %.3f s", f.recoverySeconds()));
        }
        if (r.count(Metric.REJECTED) > 0) {
            out.printf(Locale.US, "Rejected: %d requests (%d with a prompt longer than the context, %d larger than"
                    + " the KV pool)%n", r.count(Metric.REJECTED), r.count(Metric.REJECTED_LONGER_THAN_CONTEXT),
                    r.count(Metric.REJECTED_LARGER_THAN_KV_POOL));
        }
        out.printf(Locale.US, "Throughput: %.3f req/s, %.1f prompt tokens/s, %.1f output tokens/s%n",
                r.get(Metric.REQUESTS_PER_S), r.get(Metric.PROMPT_TOKENS_PER_S), r.get(Metric.OUTPUT_TOKENS_PER_S));
        out.printf(Locale.US, "Goodput: %.3f req/s, %.2f %% of requests met the SLO%s%n", r.get(Metric.GOODPUT),
                100 * r.get(Metric.SLO_ATTAINMENT), r.count(Metric.SLO_MET) == 1 ? "" : "; the run missed it");
        out.printf(Locale.US, "%-10s %11s %11s %11s %11s %11s %11s%n",
                "ms", "mean", "p50", "p90", "p99", "p99.9", "max");
        for (LatencyStat st : r.latency().all()) {
            out.printf(Locale.US, "%-10s %11.3f %11.3f %11.3f %11.3f %11.3f %11.3f%n", st.name(),
                    st.meanNs() / 1e6, st.percentileNs(50) / 1e6, st.percentileNs(90) / 1e6,
                    st.percentileNs(99) / 1e6, st.percentileNs(99.9) / 1e6, st.maxNs() / 1e6);
        }
        out.printf(Locale.US, "Concurrency: running mean %.1f, p99 %d, max %d; waiting mean %.1f, p99 %d, max %d%n",
                r.get(Metric.RUNNING_MEAN), r.count(Metric.RUNNING_P99), r.count(Metric.RUNNING_MAX),
                r.get(Metric.WAITING_MEAN), r.count(Metric.WAITING_P99), r.count(Metric.WAITING_MAX));
        for (RunResult.InstanceRow i : r.instances()) {
            printInstance(out, i);
        }
        if (r.latency() != null && r.get(Metric.HANDOFF_MEAN) > 0) {
            out.printf(Locale.US, "P/D hand-offs: mean %.3f ms, p99 %.3f ms, %.3f GB of KV moved, %d waited for room"
                    + " on their decode instance%n", r.get(Metric.HANDOFF_MEAN), r.get(Metric.HANDOFF_P99),
                    r.get(Metric.KV_HANDOFF_GB), r.count(Metric.HANDOFF_WAITS));
        }
        out.printf(Locale.US, "Bottleneck: %s, busy %.1f %% of the simulated time%n", r.bottleneck(),
                100 * r.get(Metric.BOTTLENECK_BUSY));
        if (r.energy() != null) {
            printEnergy(out, r);
        }
        if (r.cost() != null) {
            printCost(out, r);
        }
    }

    private static void printCost(PrintWriter out, RunResult r) {
        if (Double.isNaN(r.get(Metric.COST_USD))) {
            out.printf(Locale.US, "Cost: %.4f GPU-hours; not priced (price book %s leaves a price it needs unset)%n",
                    r.get(Metric.GPU_HOURS), r.cost().priceBook());
            return;
        }
        out.printf(Locale.US, "Cost (%s): $%.4f for %.4f GPU-hours, $%.4f per 1M output tokens, $%.4f per 1M"
                        + " tokens, $%.6f per request%n", r.cost().priceBook(), r.get(Metric.COST_USD),
                r.get(Metric.GPU_HOURS), r.get(Metric.USD_PER_M_OUTPUT_TOKENS), r.get(Metric.USD_PER_M_TOKENS),
                r.get(Metric.USD_PER_REQUEST));
        StringBuilder sb = new StringBuilder("   ");
        r.cost().components().forEach((k, usd) -> sb.append(String.format(Locale.US, " %s $%.4f", k, usd)));
        out.println(sb);
    }

    /** The per-component breakdown, as LLMServingSim's power summary lists it. */
    private static void printEnergy(PrintWriter out, RunResult r) {
        double total = r.get(Metric.ENERGY_JOULES);
        out.printf(Locale.US, "Energy: %.1f J, %.4f J per output token, %.2f J per request, average %.1f W"
                + " (power figures from %s)%n", total, r.get(Metric.JOULES_PER_OUTPUT_TOKEN),
                r.get(Metric.JOULES_PER_REQUEST), r.get(Metric.AVERAGE_WATTS), r.energy().source());
        r.energy().components().forEach((name, joules) -> out.printf(Locale.US, "   %-22s %14.1f J  (%5.1f %%)%n",
                name, joules, total > 0 ? 100 * joules / total : 0));
    }

    private static void printInstance(PrintWriter out, RunResult.InstanceRow i) {
        out.printf(Locale.US,
                "Instance[%d] %s%s on %s: weights %.2f GiB, KV %.2f GiB (%d blocks of %.2f MiB) on %s, peak HBM"
                        + " %.2f GiB, %d preemptions, GPU computing %.1f %%, stalled on memory %.1f %%%n",
                i.id(), "colocated".equals(i.role()) ? "" : "(" + i.role() + ") ", i.model(), i.hardware(),
                i.weightsHbmBytes() / GIB, i.kvBlocks() * i.kvBlockBytes() / GIB,
                i.kvBlocks(), i.kvBlockBytes() / (1024.0 * 1024.0), i.kvLocation(), i.peakHbmBytes() / GIB,
                i.preemptions(), 100 * i.computeBusyFraction(), 100 * i.memoryStalledFraction());
        if (i.pim() != null) {
            out.printf(Locale.US, "Instance[%d] PIM attention: busy %.1f %% (%.3f s), %.3f s of GPU decode attention"
                    + " moved, %.3f s hidden behind GPU work, %.2f GB of KV read in memory%n", i.id(),
                    100 * i.pim().busyFraction(), i.pim().busySeconds(), i.pim().gpuAttentionMovedSeconds(),
                    i.pim().hiddenSeconds(), i.pim().kvBytesRead() / 1e9);
        }
        if (i.prefixQueriedTokens() > 0) {
            out.printf(Locale.US, "Instance[%d] prefix cache: %.2f %% of %d prompt tokens hit in HBM, %.2f %% in"
                    + " the second tier%n", i.id(), 100.0 * i.prefixHbmHitTokens() / i.prefixQueriedTokens(),
                    i.prefixQueriedTokens(), 100.0 * i.prefixLowerHitTokens() / i.prefixQueriedTokens());
        }
        if (i.experts() != null) {
            out.printf(Locale.US, "Instance[%d] off-GPU experts: %.2f GiB fetched per step over %d steps, expert cache"
                    + " hit %.2f %% of %d lookups%n", i.id(), i.experts().bytesPerStep() / GIB, i.experts().steps(),
                    100 * i.experts().cacheHitRatio(), i.experts().lookups());
        }
    }
}
