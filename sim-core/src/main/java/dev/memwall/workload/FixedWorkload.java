package dev.memwall.workload;

/**
 * A workload held in primitive arrays, replayed without allocating: for benchmarks, the
 * allocation test, and LLMServingSim's built-in default of 16 requests per instance when no
 * dataset is given. {@link #rewind()} replays it.
 */
public final class FixedWorkload implements WorkloadReader {
    private final long[] arrivalNs;
    private final int[] inputTokens;
    private final int[] outputTokens;
    private int next;

    public FixedWorkload(long[] arrivalNs, int[] inputTokens, int[] outputTokens) {
        if (arrivalNs.length != inputTokens.length || inputTokens.length != outputTokens.length) {
            throw new IllegalArgumentException("arrays of different lengths");
        }
        this.arrivalNs = arrivalNs.clone();
        this.inputTokens = inputTokens.clone();
        this.outputTokens = outputTokens.clone();
    }

    /** {@code count} identical requests all arriving at time 0. */
    public static FixedWorkload burst(int count, int inputTokens, int outputTokens) {
        long[] a = new long[count];
        int[] in = new int[count];
        int[] out = new int[count];
        java.util.Arrays.fill(in, inputTokens);
        java.util.Arrays.fill(out, outputTokens);
        return new FixedWorkload(a, in, out);
    }

    public int size() {
        return arrivalNs.length;
    }

    public void rewind() {
        next = 0;
    }

    @Override
    public boolean next(TraceEntry entry) {
        if (next >= arrivalNs.length) {
            return false;
        }
        entry.arrivalNs = arrivalNs[next];
        entry.subRequests = 1;
        entry.inputTokens[0] = inputTokens[next];
        entry.outputTokens[0] = outputTokens[next];
        entry.toolDurationNs[0] = 0;
        next++;
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
