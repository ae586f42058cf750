package dev.memwall.serving;

import dev.memwall.input.InputException;

/** How an MoE gate spreads each step's tokens over the experts (LLMServingSim's --expert-routing-policy). */
public enum ExpertRouting {
    /** As evenly as possible: the fewest distinct experts that the tokens' top-k picks can touch. */
    BALANCED,
    /** Round-robin over the experts, token by token. */
    RR,
    /** Uniformly at random, seeded. */
    RAND;

    public static ExpertRouting parse(String name, String where) {
        for (ExpertRouting r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        if ("CUSTOM".equalsIgnoreCase(name)) {
            throw InputException.at(where, "CUSTOM expert routing is a stub in LLMServingSim and not available"
                    + " (use BALANCED, RR or RAND)");
        }
        throw InputException.at(where, "unknown expert routing policy '" + name + "' (expected BALANCED, RR or RAND)");
    }
}
