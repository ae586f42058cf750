package dev.memwall.metrics;

/** Read access to per-request results, by request id; all times in ns. */
public interface RequestRecords {
    /** The request's id, its place in arrival order from 0 ({@code r} itself unless slots are recycled). */
    default long requestId(int r) {
        return r;
    }

    int instance(int r);

    int promptTokens(int r);

    int outputTokens(int r);

    long arrivalNs(int r);

    long firstScheduledNs(int r);

    /** When the iteration that scheduled the last chunk of its prompt started. */
    long promptScheduledNs(int r);

    long firstTokenNs(int r);

    long endNs(int r);

    boolean hasTokenTimes(int r);

    /** Emission time of token {@code k} (0 = first) of request {@code r}. */
    long tokenTimeNs(int r, int k);
}
