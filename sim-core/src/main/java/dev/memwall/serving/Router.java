package dev.memwall.serving;

/** Picks the instance for each arriving request; deterministic for a given seed. */
final class Router {
    /** What {@link #route} returns when every instance is lost. */
    static final int NO_INSTANCE = -1;
    private final RoutingPolicy policy;
    private final Instance[] instances;
    private final long seed;
    /** SplitMix64 state: reseeding it allocates nothing, unlike java.util.SplittableRandom. */
    private long randomState;
    private int cursor;

    Router(RoutingPolicy policy, Instance[] instances, long seed) {
        this.policy = policy;
        this.instances = instances;
        this.seed = seed;
        reset();
    }

    void reset() {
        cursor = 0;
        randomState = seed;
    }

    /** The instance for the next request, never a lost one; {@link #NO_INSTANCE} when all are lost. */
    int route() {
        int n = instances.length;
        if (n == 1) {
            return instances[0].down ? NO_INSTANCE : 0;
        }
        switch (policy) {
            case RR: {
                for (int k = 0; k < n; k++) {
                    int pick = cursor;
                    cursor = (cursor + 1) % n;
                    if (!instances[pick].down) {
                        return pick;
                    }
                }
                return NO_INSTANCE;
            }
            case RAND:
                return nextUp((int) Long.remainderUnsigned(nextRandom(), n));
            default: {
                // LOAD: compare (4w + r) / m exactly by cross-multiplying; on a tie the lowest
                // index wins, as LLMServingSim's min() does (its outputs show it).
                int best = NO_INSTANCE;
                long bestNum = 0;
                long bestDen = 1;
                for (int i = 0; i < n; i++) {
                    if (instances[i].down) {
                        continue;
                    }
                    Scheduler s = instances[i].scheduler;
                    long num = 4L * s.waiting.size() + s.running.size();
                    long den = s.settings.maxNumSeqs() == 0 ? 1 : s.settings.maxNumSeqs();
                    if (best == NO_INSTANCE || num * bestDen < bestNum * den) {
                        best = i;
                        bestNum = num;
                        bestDen = den;
                    }
                }
                return best;
            }
        }
    }

    /** {@code pick}, or the next instance after it that is not lost. */
    private int nextUp(int pick) {
        for (int k = 0; k < instances.length; k++) {
            int i = (pick + k) % instances.length;
            if (!instances[i].down) {
                return i;
            }
        }
        return NO_INSTANCE;
    }

    private long nextRandom() {
        long z = (randomState += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
