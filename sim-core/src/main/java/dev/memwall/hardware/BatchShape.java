package dev.memwall.hardware;

/**
 * What one iteration of an instance computes, reduced to the sums an iteration-time backend
 * needs: token and sequence counts split into prefill and decode, and the attention work. A
 * sequence counts as prefill when it scheduled more than one token (LLMServingSim's rule).
 * Mutable and reused: the scheduler clears and refills one per instance every iteration.
 */
public final class BatchShape {
    /** Sequences scheduled in this iteration. */
    public int sequences;
    /** New tokens computed in this iteration, all sequences. */
    public long scheduledTokens;
    public int prefillSequences;
    /** New tokens of prefill sequences (the prefill chunk). */
    public long prefillTokens;
    /** Tokens already in the KV cache of prefill sequences before this iteration. */
    public long prefillPriorKvTokens;
    public int decodeSequences;
    /** Tokens already in the KV cache of decode sequences before this iteration. */
    public long decodeKvTokens;
    /**
     * Sum over sequences of query-key pairs attended, {@code new * prior + new * (new + 1) / 2}
     * (causal): attention FLOPs per layer are this times the per-pair cost.
     */
    public double attentionTokenPairs;
    /** Tokens of KV read by attention, {@code sum(prior + new)}. */
    public long kvReadTokens;
    /** Smallest and largest prior KV among decode sequences (-1 when there are none). */
    public long decodeMinKvTokens = -1;
    public long decodeMaxKvTokens = -1;
    /**
     * Each sequence as added, in order (new tokens, prior KV tokens, prompt tokens), for backends
     * that split a batch (sub-batch interleaving) or cost sequences one by one (PIM attention).
     * Grows by doubling only; {@link #padTo} pads add no entries.
     */
    private int[] sequenceNewTokens = new int[64];
    private int[] sequencePriorTokens = new int[64];
    private int[] sequencePromptTokens = new int[64];
    private int recorded;

    public void clear() {
        recorded = 0;
        sequences = 0;
        scheduledTokens = 0;
        prefillSequences = 0;
        prefillTokens = 0;
        prefillPriorKvTokens = 0;
        decodeSequences = 0;
        decodeKvTokens = 0;
        attentionTokenPairs = 0;
        kvReadTokens = 0;
        decodeMinKvTokens = -1;
        decodeMaxKvTokens = -1;
    }

    /**
     * Adds one sequence computing {@code newTokens} on top of {@code priorTokens} cached ones, its
     * prompt taken as {@code priorTokens + newTokens} long.
     */
    public void add(int newTokens, int priorTokens) {
        add(newTokens, priorTokens, priorTokens + newTokens);
    }

    /**
     * Adds one sequence computing {@code newTokens} on top of {@code priorTokens} cached ones, of a
     * request whose prompt is {@code promptTokens} long.
     */
    public void add(int newTokens, int priorTokens, int promptTokens) {
        record(newTokens, priorTokens, promptTokens);
        sequences++;
        scheduledTokens += newTokens;
        if (newTokens > 1) {
            prefillSequences++;
            prefillTokens += newTokens;
            prefillPriorKvTokens += priorTokens;
        } else {
            decodeSequences++;
            decodeKvTokens += priorTokens;
            if (decodeMinKvTokens < 0 || priorTokens < decodeMinKvTokens) {
                decodeMinKvTokens = priorTokens;
            }
            if (priorTokens > decodeMaxKvTokens) {
                decodeMaxKvTokens = priorTokens;
            }
        }
        attentionTokenPairs += (double) newTokens * priorTokens + (double) newTokens * (newTokens + 1) / 2.0;
        kvReadTokens += (long) priorTokens + newTokens;
    }

    /**
     * Adds {@code count} one-token decodes over {@code priorKvTokens} cached tokens in all,
     * {@code minPriorKvTokens} to {@code maxPriorKvTokens} each, as {@code count} calls of
     * {@link #add} would (the attention pairs are whole numbers, so one addition of their sum is
     * the same double), but without the per-sequence record: for backends that never split a batch.
     */
    public void addDecodes(int count, long priorKvTokens, long minPriorKvTokens, long maxPriorKvTokens) {
        if (count == 0) {
            return;
        }
        sequences += count;
        scheduledTokens += count;
        decodeSequences += count;
        decodeKvTokens += priorKvTokens;
        if (decodeMinKvTokens < 0 || minPriorKvTokens < decodeMinKvTokens) {
            decodeMinKvTokens = minPriorKvTokens;
        }
        if (maxPriorKvTokens > decodeMaxKvTokens) {
            decodeMaxKvTokens = maxPriorKvTokens;
        }
        attentionTokenPairs += (double) (priorKvTokens + count);
        kvReadTokens += priorKvTokens + count;
    }

    private void record(int newTokens, int priorTokens, int promptTokens) {
        if (recorded == sequenceNewTokens.length) {
            sequenceNewTokens = java.util.Arrays.copyOf(sequenceNewTokens, recorded * 2);
            sequencePriorTokens = java.util.Arrays.copyOf(sequencePriorTokens, recorded * 2);
            sequencePromptTokens = java.util.Arrays.copyOf(sequencePromptTokens, recorded * 2);
        }
        sequenceNewTokens[recorded] = newTokens;
        sequencePriorTokens[recorded] = priorTokens;
        sequencePromptTokens[recorded] = promptTokens;
        recorded++;
    }

    /** Sequences added one by one (without {@link #padTo}'s pads). */
    public int recordedSequences() {
        return recorded;
    }

    /** New tokens of the {@code k}-th sequence added. */
    public int sequenceNewTokens(int k) {
        return sequenceNewTokens[k];
    }

    /** KV tokens the {@code k}-th sequence added held before this iteration. */
    public int sequencePriorTokens(int k) {
        return sequencePriorTokens[k];
    }

    /** Prompt length of the {@code k}-th sequence's request. */
    public int sequencePromptTokens(int k) {
        return sequencePromptTokens[k];
    }

    public boolean isEmpty() {
        return sequences == 0;
    }

    /**
     * Pads the batch to {@code tokens} scheduled tokens, as vLLM pads a data-parallel group's
     * batches to the group's largest (CUDA-graph DP padding): every pad token is one more
     * one-token sequence for the dense layers and the LM head; attention is left as it is.
     */
    public void padTo(long tokens) {
        if (tokens > scheduledTokens) {
            sequences += (int) (tokens - scheduledTokens);
            scheduledTokens = tokens;
        }
    }
}
