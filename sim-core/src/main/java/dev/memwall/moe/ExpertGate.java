package dev.memwall.moe;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One instance's MoE gate: for a step of {@code tokens} tokens, which of the {@code E} experts of a
 * layer they activate, and the most any expert-parallel rank activates (ranks hold contiguous
 * ranges of {@code E / ep} experts; the busiest rank sets the MoE layer's time). LLMServingSim
 * routes once per step and copies the result to every MoE layer (its block copy); so does this.
 *
 * <p>{@link ExpertRouting.Policy#BALANCED} is LLMServingSim's closed form and marks no particular
 * experts (the first {@code activated} of each rank's range stand for them); RR, RAND and ZIPF
 * route token by token. RAND and ZIPF draw from one seeded stream per gate, so a run is
 * reproducible. Not thread-safe; {@link #route} does not allocate.
 */
public final class ExpertGate {
    private final ExpertRouting.Policy policy;
    private final int experts;
    private final int perToken;
    private final int ep;
    private final int perRank;
    /** The share of a step's tokens that reach one rank under BALANCED: {@code 1 - (1 - 1/ep)^k}. */
    private final double balancedTokenShare;
    private final SplittableRandom random;
    /** Zipf: cumulative weights, ascending, last = total. */
    private final double[] cumulative;
    private final boolean[] active;
    private final boolean[] pickedByToken;
    private final int[] perRankCount;
    private int activeCount;

    /**
     * @param experts  routed experts per layer ({@code E})
     * @param perToken experts per token ({@code k})
     * @param ep       expert-parallel degree; must divide {@code experts}
     * @param seed     for RAND and ZIPF
     */
    public ExpertGate(ExpertRouting routing, int experts, int perToken, int ep, long seed) {
        if (experts <= 0 || perToken <= 0 || perToken > experts || ep <= 0 || experts % ep != 0) {
            throw new IllegalArgumentException("experts " + experts + ", top-k " + perToken + ", ep " + ep);
        }
        this.policy = routing.policy();
        this.experts = experts;
        this.perToken = perToken;
        this.ep = ep;
        this.perRank = experts / ep;
        this.balancedTokenShare = 1 - Math.pow(1 - 1.0 / ep, perToken);
        this.random = new SplittableRandom(seed);
        this.cumulative = new double[experts];
        double sum = 0;
        for (int e = 0; e < experts; e++) {
            sum += policy == ExpertRouting.Policy.ZIPF ? Math.pow(e + 1, -routing.zipfExponent()) : 1;
            cumulative[e] = sum;
        }
        this.active = new boolean[experts];
        this.pickedByToken = new boolean[experts];
        this.perRankCount = new int[ep];
    }

    /**
     * The tokens one rank's experts compute in a step of {@code tokens} tokens. BALANCED:
     * LLMServingSim's closed form, the expected count of tokens with at least one of their
     * {@code k} experts on the rank, {@code round(tokens (1 - (1 - 1/ep)^k))} (its outputs show it:
     * with EP 4 a 10-token prefill is timed as 9 tokens, and the DP+EP bench's EP 2 steps of
     * {@code T} tokens as {@code T - round(T / 256)}); every token under the other policies.
     */
    public long tokensPerRank(long tokens) {
        if (policy != ExpertRouting.Policy.BALANCED || ep == 1) {
            return tokens;
        }
        return (long) Math.rint(tokens * balancedTokenShare);
    }

    /**
     * Routes a step of {@code tokens} tokens.
     *
     * @return the most distinct experts any one rank activates (the busiest rank's load)
     */
    public int route(long tokens) {
        Arrays.fill(active, false);
        activeCount = 0;
        if (tokens <= 0) {
            return 0;
        }
        switch (policy) {
            case BALANCED:
                return balanced(tokens);
            case RR:
                roundRobin(tokens);
                break;
            default:
                drawn(tokens);
                break;
        }
        return busiestRank();
    }

    private int balanced(long tokens) {
        long picks = tokens * perToken;
        int each = (int) Math.min(perRank, (picks + ep - 1) / ep);
        for (int r = 0; r < ep; r++) {
            for (int i = 0; i < each; i++) {
                mark(r * perRank + i);
            }
        }
        return each;
    }

    private void roundRobin(long tokens) {
        long picks = Math.min(experts, tokens * perToken);
        for (int e = 0; e < picks; e++) {
            mark(e);
        }
    }

    private void drawn(long tokens) {
        for (long t = 0; t < tokens && activeCount < experts; t++) {
            Arrays.fill(pickedByToken, false);
            for (int j = 0; j < perToken; j++) {
                int e = drawDistinct();
                pickedByToken[e] = true;
                mark(e);
            }
        }
    }

    /** One expert not yet picked by this token, by the weights (uniform or Zipf) of those left. */
    private int drawDistinct() {
        double total = 0;
        for (int e = 0; e < experts; e++) {
            if (!pickedByToken[e]) {
                total += weight(e);
            }
        }
        double u = random.nextDouble() * total;
        int last = 0;
        for (int e = 0; e < experts; e++) {
            if (!pickedByToken[e]) {
                last = e;
                u -= weight(e);
                if (u < 0) {
                    return e;
                }
            }
        }
        return last;
    }

    private double weight(int e) {
        return e == 0 ? cumulative[0] : cumulative[e] - cumulative[e - 1];
    }

    private void mark(int e) {
        if (!active[e]) {
            active[e] = true;
            activeCount++;
        }
    }

    private int busiestRank() {
        Arrays.fill(perRankCount, 0);
        int most = 0;
        for (int e = 0; e < experts; e++) {
            if (active[e]) {
                most = Math.max(most, ++perRankCount[e / perRank]);
            }
        }
        return most;
    }

    /** Whether expert {@code e} was activated by the last {@link #route}. */
    public boolean isActive(int e) {
        return active[e];
    }

    /** Distinct experts activated by the last {@link #route}, over all ranks. */
    public int activeCount() {
        return activeCount;
    }

    public int experts() {
        return experts;
    }

    public int ep() {
        return ep;
    }
}
