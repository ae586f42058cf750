package dev.memwall.serving;

import dev.memwall.input.InputException;

/** What happens to a preempted request's KV cache. */
public enum PreemptionMode {
    /** Freed; the request recomputes its prompt and output so far when resumed (vLLM's default). */
    RECOMPUTE,
    /** Copied to {@code kv_evict_loc} over the path and back when resumed, timed both ways. */
    SWAP;

    public static PreemptionMode parse(String name, String where) {
        for (PreemptionMode m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw InputException.at(where, "unknown preemption mode '" + name + "' (expected recompute or swap)");
    }
}
