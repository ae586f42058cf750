package dev.memwall.workload;

import java.util.Arrays;

/**
 * One entry of a trace: a flat request ({@code subRequests == 1}, tool duration 0), or an agentic
 * session whose sub-request {@code i+1} is released {@code toolDurationNs[i]} after sub-request
 * {@code i} completes. Readers refill one instance again and again: copy what you keep.
 *
 * <p>Token ids (LLMServingSim {@code input_tok_ids}/{@code output_tok_ids}) and Mooncake block
 * {@code hash_ids} are kept when the trace has them, for prefix caching; counts are -1 when absent.
 */
public final class TraceEntry {
    /** Arrival of the entry (its first sub-request), ns from the start of the trace. */
    public long arrivalNs;
    /** Number of valid sub-requests in the arrays below (1 for a flat request). */
    public int subRequests;
    /** Session id for agentic entries, {@code null} for flat requests. */
    public String sessionId;

    public int[] inputTokens = new int[1];
    public int[] outputTokens = new int[1];
    /** Gap after sub-request i completes before i+1 is released; 0 for flat requests. */
    public long[] toolDurationNs = new long[1];

    /** Input token ids per sub-request; {@code inputTokenIdCount[i] == -1} when absent. */
    public int[][] inputTokenIds = new int[1][0];
    public int[] inputTokenIdCount = {-1};
    /** Output token ids per sub-request; {@code outputTokenIdCount[i] == -1} when absent. */
    public int[][] outputTokenIds = new int[1][0];
    public int[] outputTokenIdCount = {-1};

    /** Mooncake prefix-block hash ids of the (single) request; {@code hashIdCount == -1} when absent. */
    public long[] hashIds = new long[0];
    public int hashIdCount = -1;
    /** Tokens covered by one hash id (512 for Mooncake's FAST'25 traces). */
    public int hashBlockTokens = 512;

    /** Clears the entry to an empty flat request, keeping its arrays for reuse. */
    public void clear() {
        arrivalNs = 0;
        subRequests = 0;
        sessionId = null;
        Arrays.fill(inputTokenIdCount, -1);
        Arrays.fill(outputTokenIdCount, -1);
        hashIdCount = -1;
    }

    /**
     * Makes this entry equal to {@code from} in every field a reader fills, reusing its own arrays
     * (which grow only when {@code from} needs more room than they have).
     */
    public void copyFrom(TraceEntry from) {
        int n = from.subRequests;
        ensureSubRequests(n);
        arrivalNs = from.arrivalNs;
        subRequests = n;
        sessionId = from.sessionId;
        System.arraycopy(from.inputTokens, 0, inputTokens, 0, n);
        System.arraycopy(from.outputTokens, 0, outputTokens, 0, n);
        System.arraycopy(from.toolDurationNs, 0, toolDurationNs, 0, n);
        for (int i = 0; i < n; i++) {
            inputTokenIdCount[i] = from.inputTokenIdCount[i];
            inputTokenIds[i] = copyIds(from.inputTokenIds[i], from.inputTokenIdCount[i], inputTokenIds[i]);
            outputTokenIdCount[i] = from.outputTokenIdCount[i];
            outputTokenIds[i] = copyIds(from.outputTokenIds[i], from.outputTokenIdCount[i], outputTokenIds[i]);
        }
        hashIdCount = from.hashIdCount;
        if (hashIdCount > 0) {
            if (hashIds.length < hashIdCount) {
                hashIds = new long[hashIdCount];
            }
            System.arraycopy(from.hashIds, 0, hashIds, 0, hashIdCount);
        }
        hashBlockTokens = from.hashBlockTokens;
    }

    /** The first {@code count} ids of {@code from} in {@code into}, or in a new array when it is too small. */
    private static int[] copyIds(int[] from, int count, int[] into) {
        if (count <= 0) {
            return into;
        }
        int[] to = into.length >= count ? into : new int[count];
        System.arraycopy(from, 0, to, 0, count);
        return to;
    }

    /** Makes room for at least {@code n} sub-requests, keeping existing contents. */
    public void ensureSubRequests(int n) {
        if (inputTokens.length >= n) {
            return;
        }
        int cap = Math.max(n, inputTokens.length * 2);
        inputTokens = Arrays.copyOf(inputTokens, cap);
        outputTokens = Arrays.copyOf(outputTokens, cap);
        toolDurationNs = Arrays.copyOf(toolDurationNs, cap);
        inputTokenIds = Arrays.copyOf(inputTokenIds, cap);
        outputTokenIds = Arrays.copyOf(outputTokenIds, cap);
        for (int i = 0; i < cap; i++) {
            if (inputTokenIds[i] == null) {
                inputTokenIds[i] = new int[0];
            }
            if (outputTokenIds[i] == null) {
                outputTokenIds[i] = new int[0];
            }
        }
        int old = inputTokenIdCount.length;
        inputTokenIdCount = Arrays.copyOf(inputTokenIdCount, cap);
        outputTokenIdCount = Arrays.copyOf(outputTokenIdCount, cap);
        Arrays.fill(inputTokenIdCount, old, cap, -1);
        Arrays.fill(outputTokenIdCount, old, cap, -1);
    }
}
