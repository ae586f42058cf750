package dev.memwall.serving;

import dev.memwall.input.InputException;

/** How arriving requests are spread over instances (LLMServingSim's --request-routing-policy). */
public enum RoutingPolicy {
    /** Least loaded by {@code (4 * waiting + running) / max_num_seqs}; the lowest index wins a tie. */
    LOAD,
    /** Round-robin in instance order. */
    RR,
    /** Uniformly at random, seeded. */
    RAND;

    public static RoutingPolicy parse(String name, String where) {
        for (RoutingPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        if ("CUSTOM".equalsIgnoreCase(name)) {
            throw InputException.at(where, "CUSTOM routing is a stub in LLMServingSim and not available (use LOAD, RR or RAND)");
        }
        throw InputException.at(where, "unknown routing policy '" + name + "' (expected LOAD, RR or RAND)");
    }
}
