package dev.memwall.serving;

/**
 * Counters of one instance after (or during) a run. Byte counts are per tensor-parallel rank.
 *
 * @param role                 colocated, prefill or decode
 * @param kvBlocks             blocks in its KV pool
 * @param kvBlockBytes         bytes of one block (all layers, per rank)
 * @param kvInHbm              whether the KV pool lives in HBM (else on an off-GPU device)
 * @param weightsHbmBytes      weight bytes resident in HBM (with staging buffers)
 * @param peakHbmBytes         weights plus the most KV blocks ever held in HBM
 * @param busyNs               total iteration time, from batch start to end
 * @param computeNs            of {@code busyNs}, the time spent computing; the rest waited for
 *                             memory transfers (weights or KV streaming, swaps, prefix loads)
 * @param prefixQueriedTokens  prompt tokens looked up in the prefix cache
 * @param prefixHitTokens      of those, tokens found cached in HBM
 * @param swappedOutTokens     tokens of KV swapped out on preemption (swap mode)
 * @param swappedInTokens      tokens of KV swapped back in on resume
 * @param prefixLowerHitTokens prompt tokens found in the second prefix tier (loaded back, timed)
 * @param kvBlockOps           KV blocks allocated and freed (a deterministic work counter)
 * @param pim                  what its PIM device did (attention offload), or null without one
 */
public record InstanceStats(int id, String role, int kvBlocks, long kvBlockBytes, boolean kvInHbm, long weightsHbmBytes,
        long peakHbmBytes, long usedHbmBytes, double hbmCapacityBytes, long preemptions, long recomputedTokens,
        long busyNs, long computeNs, long iterations, int running, int waiting, long prefixQueriedTokens,
        long prefixHitTokens, long promptTokensDone, long outputTokensDone, long swappedOutTokens,
        long swappedInTokens, long prefixLowerHitTokens, long kvBlockOps, dev.memwall.pim.PimUsage pim) {

    static InstanceStats of(Instance in) {
        Scheduler s = in.scheduler;
        KvCacheManager kv = in.kv;
        return new InstanceStats(in.id, s.role.name().toLowerCase(java.util.Locale.ROOT), kv.pool.numBlocks(), in.kvBlockBytes, in.kvInHbm, in.weightsHbmBytes,
                in.peakHbmBytes(), in.usedHbmBytes(), in.hbmCapacityBytes, s.preemptionCount, s.recomputedTokens,
                in.busyNs(), in.computeNs(), in.iterations, s.running.size(), s.waiting.size(), kv.prefixQueriedTokens,
                kv.prefixHitTokens, s.promptTokensDone, s.outputTokensDone, kv.swappedOutTokens, kv.swappedInTokens,
                kv.prefixLowerHitTokens, kv.pool.blockOperations(), in.pim == null ? null : in.pim.snapshot());
    }
}
