package dev.memwall.moe;

import java.util.Locale;

import dev.memwall.input.InputException;

/**
 * How an MoE gate spreads each step's tokens over the experts: LLMServingSim's
 * {@code --expert-routing-policy} (BALANCED, RR, RAND) plus a skewed one, {@code ZIPF:<s>}, since
 * trained routers favour some experts: expert {@code e} (0-based) is picked with weight
 * {@code 1 / (e + 1)^s}, so the low-numbered experts are the hot ones.
 *
 * @param policy       the rule
 * @param zipfExponent {@code s} for {@link Policy#ZIPF}, 0 otherwise
 */
public record ExpertRouting(Policy policy, double zipfExponent) {
    /** LLMServingSim's default. */
    public static final ExpertRouting BALANCED = new ExpertRouting(Policy.BALANCED, 0);

    /** The gate's rule. */
    public enum Policy {
        /** As evenly as possible: each EP rank activates {@code min(E/ep, ceil(tokens·k/ep))} experts. */
        BALANCED,
        /** Round-robin: token {@code t} takes experts {@code t·k .. t·k+k-1} (mod E), afresh each step. */
        RR,
        /** {@code k} distinct experts per token, uniformly at random, seeded. */
        RAND,
        /** {@code k} distinct experts per token, Zipf-weighted, seeded. */
        ZIPF
    }

    /** {@code BALANCED}, {@code RR}, {@code RAND} or {@code ZIPF:<exponent>}: how it is written on the command line. */
    public String name() {
        return policy == Policy.ZIPF ? "ZIPF:" + zipfExponent : policy.name();
    }

    /**
     * Parses {@code BALANCED}, {@code RR}, {@code RAND} or {@code ZIPF:<exponent>} (exponent &gt; 0),
     * case-insensitive.
     *
     * @throws InputException naming {@code where}
     */
    public static ExpertRouting parse(String text, String where) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.startsWith("ZIPF:")) {
            return new ExpertRouting(Policy.ZIPF, exponent(text.trim().substring(5), where));
        }
        for (Policy p : Policy.values()) {
            if (p != Policy.ZIPF && p.name().equals(upper)) {
                return new ExpertRouting(p, 0);
            }
        }
        if ("CUSTOM".equals(upper)) {
            throw InputException.at(where, "CUSTOM expert routing is a stub in LLMServingSim and not available"
                    + " (use BALANCED, RR, RAND or ZIPF:<exponent>)");
        }
        throw InputException.at(where, "unknown expert routing policy '" + text
                + "' (expected BALANCED, RR, RAND or ZIPF:<exponent>, e.g. ZIPF:1.2)");
    }

    private static double exponent(String s, String where) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw InputException.at(where, "ZIPF exponent '" + s + "' is not a number (e.g. ZIPF:1.2)");
        }
        if (!(v > 0) || v > 10) {
            throw InputException.at(where, "ZIPF exponent " + s + " must be in (0, 10]");
        }
        return v;
    }
}
