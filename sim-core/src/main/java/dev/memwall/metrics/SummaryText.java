package dev.memwall.metrics;

import java.io.PrintWriter;
import java.util.Locale;

/** The end-of-run summary as a person reads it: latency table, throughput, memory per instance. */
public final class SummaryText {
    private SummaryText() {
    }

    public static void print(PrintWriter out, RunSummary s) {
        out.println();
        out.printf(Locale.ROOT, "Requests: %d read, %d completed in %.3f simulated s (wall %.3f s)%n",
                s.requests(), s.completed(), s.simulatedSeconds(), s.wallSeconds());
        out.printf(Locale.ROOT, "Throughput: %.3f req/s, %.1f prompt tokens/s, %.1f output tokens/s%n",
                s.requestsPerS(), s.promptTokensPerS(), s.outputTokensPerS());
        out.printf(Locale.ROOT, "%-10s %11s %11s %11s %11s %11s %11s%n",
                "ms", "mean", "p50", "p90", "p99", "p99.9", "max");
        for (LatencyStat st : s.latency().all()) {
            out.printf(Locale.ROOT, "%-10s %11.3f %11.3f %11.3f %11.3f %11.3f %11.3f%n", st.name(),
                    st.meanNs() / 1e6, st.percentileNs(50) / 1e6, st.percentileNs(90) / 1e6,
                    st.percentileNs(99) / 1e6, st.percentileNs(99.9) / 1e6, st.maxNs() / 1e6);
        }
        for (RunSummary.InstanceRow r : s.instances()) {
            out.printf(Locale.ROOT,
                    "Instance[%d] %s on %s: weights %.2f GiB, KV %.2f GiB (%d blocks of %.2f MiB), peak HBM %.2f GiB,"
                            + " %d preemptions, busy %.1f %%%n",
                    r.id(), r.model(), r.hardware(), r.weightsHbmBytes() / GIB, r.kvBlocks() * r.kvBlockBytes() / GIB,
                    r.kvBlocks(), r.kvBlockBytes() / (1024.0 * 1024.0), r.peakHbmBytes() / GIB, r.preemptions(),
                    100 * r.busyFraction());
            if (r.prefixQueriedTokens() > 0) {
                out.printf(Locale.ROOT, "Instance[%d] prefix cache: %.2f %% of %d prompt tokens hit in HBM, %.2f %% in"
                        + " the second tier%n", r.id(), 100.0 * r.prefixHbmHitTokens() / r.prefixQueriedTokens(),
                        r.prefixQueriedTokens(), 100.0 * r.prefixLowerHitTokens() / r.prefixQueriedTokens());
            }
        }
    }

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;
}
