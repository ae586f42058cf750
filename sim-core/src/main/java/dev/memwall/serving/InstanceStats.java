package dev.memwall.serving;

/**
 * Counters of one instance after (or during) a run.
 *
 * @param kvBlocks             blocks in its KV pool
 * @param kvBlockBytes         bytes of one block (all layers, per rank)
 * @param weightsHbmBytes      weight bytes resident in HBM
 * @param peakHbmBytes         weights plus the most KV blocks ever held
 * @param busyNs               total iteration time
 * @param prefixQueriedTokens  prompt tokens looked up in the prefix cache
 * @param prefixHitTokens      of those, tokens found cached
 * @param swappedOutTokens     tokens of KV swapped out on preemption (swap mode)
 * @param swappedInTokens      tokens of KV swapped back in on resume
 * @param prefixLowerHitTokens prompt tokens found in the second prefix tier (loaded back, timed)
 */
public record InstanceStats(int id, int kvBlocks, long kvBlockBytes, long weightsHbmBytes, long peakHbmBytes,
        long usedHbmBytes, double hbmCapacityBytes, long preemptions, long recomputedTokens, long busyNs,
        long iterations, int running, int waiting, long prefixQueriedTokens,
        long prefixHitTokens, long promptTokensDone, long outputTokensDone, long swappedOutTokens,
        long swappedInTokens, long prefixLowerHitTokens) {
}
