package dev.memwall.bench.support;

import java.util.Arrays;
import java.util.Locale;

import dev.memwall.workload.ArrivalProcess;
import dev.memwall.workload.FixedWorkload;
import dev.memwall.workload.LengthDistribution;
import dev.memwall.workload.SyntheticWorkload;
import dev.memwall.workload.TraceEntry;

/**
 * Workloads a benchmark can name in a {@code @Param}, each replayable without allocating.
 */
public enum NamedWorkload {
    /** The standard scenario: 2,000 requests of 1,024 prompt and 512 output tokens at t = 0. */
    DECODE_HEAVY("decode-heavy"),
    /**
     * Chat-like: 1,000 requests arriving as a Poisson process at 10 req/s, lognormal prompts
     * (median 512, sigma 0.8, at most 4,096) and outputs (median 128, sigma 0.8, at most 1,024),
     * seed 42 (the shape of {@code workloads/example-poisson-200.jsonl}, five times as long).
     */
    CHAT("chat");

    private final String cliName;

    NamedWorkload(String cliName) {
        this.cliName = cliName;
    }

    /** The name used in {@code @Param} values and result file names. */
    public String cliName() {
        return cliName;
    }

    /** The workload called {@code name}. */
    public static NamedWorkload of(String name) {
        for (NamedWorkload w : values()) {
            if (w.cliName.equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "' (known: "
                + Arrays.stream(values()).map(NamedWorkload::cliName).reduce((a, b) -> a + ", " + b).orElse("")
                + ")");
    }

    /** A fresh replayable copy of the workload. */
    public FixedWorkload create() {
        switch (this) {
            case DECODE_HEAVY:
                return Scenarios.decodeHeavy();
            case CHAT:
                return drain(SyntheticWorkload.builder().requests(1_000).seed(42)
                        .arrivals(ArrivalProcess.poisson(10))
                        .inputLengths(LengthDistribution.lognormal(512, 0.8, 4096))
                        .outputLengths(LengthDistribution.lognormal(128, 0.8, 1024))
                        .build());
            default:
                throw new AssertionError(name().toLowerCase(Locale.ROOT));
        }
    }

    private static FixedWorkload drain(SyntheticWorkload w) {
        int n = w.requests();
        long[] arrivals = new long[n];
        int[] in = new int[n];
        int[] out = new int[n];
        TraceEntry e = new TraceEntry();
        for (int i = 0; i < n; i++) {
            if (!w.next(e)) {
                throw new IllegalStateException("synthetic workload ended after " + i + " of " + n);
            }
            arrivals[i] = e.arrivalNs;
            in[i] = e.inputTokens[0];
            out[i] = e.outputTokens[0];
        }
        return new FixedWorkload(arrivals, in, out);
    }
}
