package dev.memwall.serving;

/**
 * Picks the instance for each arriving request, among those that take arrivals (colocated and
 * prefill instances), and the decode instance for each P/D hand-off; deterministic for a given
 * seed.
 */
final class Router {
    /** What {@link #route} returns when every instance it could pick is lost. */
    static final int NO_INSTANCE = -1;
    private final RoutingPolicy policy;
    private final Instance[] instances;
    /** Instances that take arrivals, and decode instances, by index. */
    private final int[] entry;
    private final int[] decode;
    private final long seed;
    /** LOAD ties go round from the last pick (LLMServingSim's), rather than to the lowest index. */
    private final boolean loadTiesGoRound;
    /** SplitMix64 state: reseeding it allocates nothing, unlike java.util.SplittableRandom. */
    private long randomState;
    private int entryCursor;
    private int decodeCursor;

    /**
     * @param loadTiesGoRound LLMServingSim's LOAD ({@code lss} mode): the scan for the least loaded
     *                        instance starts after the last pick, so ties go round; otherwise a tie
     *                        goes to the lowest index
     */
    Router(RoutingPolicy policy, Instance[] instances, long seed, boolean loadTiesGoRound) {
        this.policy = policy;
        this.loadTiesGoRound = loadTiesGoRound;
        this.instances = instances;
        this.seed = seed;
        this.entry = indicesWhere(instances, true);
        this.decode = indicesWhere(instances, false);
        reset();
    }

    private static int[] indicesWhere(Instance[] instances, boolean takesArrivals) {
        return java.util.stream.IntStream.range(0, instances.length)
                .filter(i -> takesArrivals ? instances[i].scheduler.role.takesArrivals()
                        : instances[i].scheduler.role == InstanceRole.DECODE)
                .toArray();
    }

    void reset() {
        entryCursor = 0;
        decodeCursor = 0;
        randomState = seed;
    }

    /** The instance an arriving request goes to, never a lost one; {@link #NO_INSTANCE} when all are lost. */
    int route() {
        int pick = pick(entry, entryCursor);
        entryCursor = next(entry, entryCursor, pick);
        return pick;
    }

    /** The decode instance a request goes to after its prompt. */
    int routeDecode() {
        int pick = pick(decode, decodeCursor);
        decodeCursor = next(decode, decodeCursor, pick);
        return pick;
    }

    /**
     * Where the next pick among {@code among} starts: RR and RAND step on by one; LLMServingSim's LOAD
     * starts after the instance it just picked, so that ties go round (its outputs show it: its
     * ties go to the lowest index while picks alternate, to instance 1 in
     * {@code example_moe_dp_pp_run}'s fourth and sixth routings, after a pick of instance 0, and to
     * instance 0 in the tenth routings of {@code example_dp_run} and {@code example_moe_dp_tp_run},
     * after two picks of instance 1).
     */
    private int next(int[] among, int cursor, int pick) {
        if (policy == RoutingPolicy.LOAD && loadTiesGoRound && pick != NO_INSTANCE) {
            for (int k = 0; k < among.length; k++) {
                if (among[k] == pick) {
                    return (k + 1) % among.length;
                }
            }
        }
        return (cursor + 1) % among.length;
    }

    /**
     * Among {@code among}: an instance that is neither lost nor held (a fault) if there is one,
     * else one that is held (it will serve once released), never a lost one.
     */
    private int pick(int[] among, int cursor) {
        int p = pick(among, cursor, false);
        return p != NO_INSTANCE ? p : pick(among, cursor, true);
    }

    private int pick(int[] among, int cursor, boolean heldToo) {
        int n = among.length;
        if (n == 1) {
            return usable(among[0], heldToo) ? among[0] : NO_INSTANCE;
        }
        switch (policy) {
            case RR:
                return nextUsable(among, cursor, heldToo);
            case RAND:
                return nextUsable(among, (int) Long.remainderUnsigned(nextRandom(), n), heldToo);
            default:
                return leastLoaded(among, loadTiesGoRound ? cursor : 0, heldToo);
        }
    }

    private boolean usable(int i, boolean heldToo) {
        return !instances[i].down && (heldToo || !instances[i].held);
    }

    /** {@code among[k]}, or the next of {@code among} after it that is usable. */
    private int nextUsable(int[] among, int k, boolean heldToo) {
        for (int j = 0; j < among.length; j++) {
            int i = among[(k + j) % among.length];
            if (usable(i, heldToo)) {
                return i;
            }
        }
        return NO_INSTANCE;
    }

    /**
     * LOAD: the least {@code (4 * waiting + running) / max_num_seqs}, compared exactly by
     * cross-multiplying, scanning {@code among} from {@code among[start]} round: on a tie the first
     * scanned wins.
     */
    private int leastLoaded(int[] among, int start, boolean heldToo) {
        int best = NO_INSTANCE;
        long bestNum = 0;
        long bestDen = 1;
        for (int j = 0; j < among.length; j++) {
            int i = among[(start + j) % among.length];
            if (!usable(i, heldToo)) {
                continue;
            }
            Scheduler s = instances[i].scheduler;
            long num = 4L * (s.waiting.size() + s.arrivedWithKv.size()) + s.running.size();
            long den = s.settings.maxNumSeqs() == 0 ? 1 : s.settings.maxNumSeqs();
            if (best == NO_INSTANCE || num * bestDen < bestNum * den) {
                best = i;
                bestNum = num;
                bestDen = den;
            }
        }
        return best;
    }

    private long nextRandom() {
        long z = (randomState += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
