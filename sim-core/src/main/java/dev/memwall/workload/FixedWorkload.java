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
    /** Per request, its prompt token ids, or null for none. */
    private int[][] promptIds;
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

    /**
     * Gives every request prompt token ids whose first {@code sharedTokens} are the same for all
     * (ids 1, 2, ...) and the rest unique, so prefix caching has something to find. The ids are
     * made here, once; replaying them allocates nothing.
     */
    public FixedWorkload withSharedPrefix(int sharedTokens) {
        promptIds = new int[inputTokens.length][];
        for (int r = 0; r < inputTokens.length; r++) {
            int[] ids = new int[inputTokens[r]];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i < sharedTokens ? i + 1 : 1_000_000 + r * 100_000 + i;
            }
            promptIds[r] = ids;
        }
        return this;
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
        if (promptIds != null) {
            entry.inputTokenIds[0] = promptIds[next];
            entry.inputTokenIdCount[0] = promptIds[next].length;
            entry.outputTokenIdCount[0] = 0;
        }
        next++;
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
