package dev.memwall.serving;

/**
 * The vLLM V1 scheduler knobs of one instance (LLMServingSim's flag names in brackets).
 *
 * @param maxNumSeqs                most running requests [--max-num-seqs]; 0 = unlimited
 * @param maxNumBatchedTokens       token budget per iteration [--max-num-batched-tokens]
 * @param longPrefillTokenThreshold per-request cap on tokens per iteration; 0 = off
 * @param chunkedPrefill            split prompts across iterations; without it an unfittable
 *                                  prompt blocks the queue
 * @param prefixCaching             hash-chained prefix cache over full blocks (needs token ids)
 * @param reserveFullIsl            admit a waiting request only if its whole input fits in KV
 * @param maxModelLen               the longest prompt accepted [--max-model-len]: longer ones are
 *                                  rejected, as vLLM rejects them
 */
public record SchedulerSettings(int maxNumSeqs, int maxNumBatchedTokens, int longPrefillTokenThreshold,
        boolean chunkedPrefill, boolean prefixCaching, boolean reserveFullIsl, int maxModelLen) {

    /** Settings with no context limit (scheduler tests). */
    public SchedulerSettings(int maxNumSeqs, int maxNumBatchedTokens, int longPrefillTokenThreshold,
            boolean chunkedPrefill, boolean prefixCaching, boolean reserveFullIsl) {
        this(maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold, chunkedPrefill, prefixCaching, reserveFullIsl,
                Integer.MAX_VALUE);
    }
}
