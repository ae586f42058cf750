package dev.memwall.serving;

/**
 * What an instance's steps fetched of its off-GPU MoE experts ({@code placement.experts},
 * physical model).
 *
 * @param steps        steps that ran its MoE layers
 * @param bytesFetched expert bytes moved over the memory path, all ranks
 * @param lookups      activated off-GPU (layer, expert) pairs looked up in the HBM expert cache
 * @param hits         of those, found cached
 */
public record ExpertFetchStats(long steps, double bytesFetched, long lookups, long hits) {
    /** Mean expert bytes fetched per step. */
    public double bytesPerStep() {
        return steps == 0 ? 0 : bytesFetched / steps;
    }

    /** Cache hits over lookups, 0 without lookups. */
    public double cacheHitRatio() {
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
