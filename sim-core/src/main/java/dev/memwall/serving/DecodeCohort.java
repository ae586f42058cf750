package dev.memwall.serving;

import java.util.Arrays;

import dev.memwall.engine.IntRing;

/**
 * The steady decodes at the head of an instance's running queue, advanced a whole batch at a time
 * instead of token by token.
 *
 * <p>A running request is steady once it decodes one token per iteration and nothing per token
 * is asked of it beyond counting: its prompt is done, its prefix blocks are all cached, it keeps
 * no per-token times. Since the running queue only grows at its tail and keeps its order as
 * requests leave, the steady requests at its head stay there, in order, for as long as they run:
 * they are the cohort. While a request is in the cohort its {@link RequestTable} counters
 * ({@code numComputed}, {@code numTokens}, {@code generated}, {@code lastTokenNs}) are not
 * written: each is its value when it joined plus the iterations formed or retired since, kept
 * here as a key per request and two counters per instance. An iteration then costs O(1) for the
 * cohort, plus the members that fill their last KV block (every {@code blockSize} iterations each,
 * found in one of {@code blockSize} phase buckets) and those that finish (found by their known
 * last iteration). The batch shape's sums follow from the keys' sum, minimum and maximum.
 *
 * <p>Everything is as the token-by-token path computes it, in the same order: blocks are taken in
 * running order, tokens are counted in batch order (the inter-token latencies all equal), and
 * finishing members are released and reported first, in order, as they lead the batch. Whoever
 * needs the per-request counters of a member first calls {@link #dissolve}. Used only where the
 * batch is the whole story: one pipeline stage, no data-parallel group, no PIM, no prefill role,
 * no faults.
 */
final class DecodeCohort {
    /** {@link #memberStamp} of a request outside the cohort. */
    private static final long NOT_A_MEMBER = -1L;
    private final RequestTable rt;
    private final KvCacheManager kv;
    private final IntRing running;
    private final int blockSizeTokens;

    /** Whether requests may join (set per run by the simulation; off dissolves nothing by itself). */
    boolean enabled;
    /** Members: the first {@code size} entries of the running queue. */
    private int size;
    /** Iterations the cohort was formed into and retired with since the run began (the keys' clocks). */
    private long forms;
    private long retires;
    /** When the cohort's last iteration retired: every member's last token. */
    private long lastRetireNs;
    /** Tokens emitted a batch at a time this run (what the cohort saved handling one by one). */
    long tokensAdvanced;

    /** Per request: {@code numComputed - forms}, {@code numTokens - retires}, {@code generated - retires} at joining. */
    private long[] computedKey = new long[256];
    private long[] tokensKey = new long[256];
    private long[] generatedKey = new long[256];
    private long sumComputedKey;
    private long minComputedKey;
    private long maxComputedKey;
    /** The earliest retire count at which a member emits its last token. */
    private long nextFinishRetire;

    /**
     * Per phase {@code floorMod(-computedKey, blockSize)}: the members filling a block then, in
     * running order, each with its join stamp; an entry whose request no longer carries that
     * stamp has left and is dropped when its bucket is next read.
     */
    private final int[][] phaseMembers;
    private final long[][] phaseStamps;
    private final int[] phaseSize;
    /** Per request, the stamp it joined with, or {@link #NOT_A_MEMBER}. */
    private long[] memberStamp = new long[256];
    private long joins;

    /** The members that finished at the last retire, in batch order (reported before the rest). */
    private int[] finished = new int[64];
    private int finishedCount;

    DecodeCohort(RequestTable rt, KvCacheManager kv, IntRing running) {
        this.rt = rt;
        this.kv = kv;
        this.running = running;
        this.blockSizeTokens = kv.blockSizeTokens();
        phaseMembers = new int[blockSizeTokens][16];
        phaseStamps = new long[blockSizeTokens][16];
        phaseSize = new int[blockSizeTokens];
        Arrays.fill(memberStamp, NOT_A_MEMBER);
        clearBounds();
    }

    int size() {
        return size;
    }

    void reset() {
        empty();
        forms = 0;
        retires = 0;
        tokensAdvanced = 0;
        Arrays.fill(memberStamp, NOT_A_MEMBER);
    }

    /** No members: empty buckets, sums and bounds. */
    private void empty() {
        size = 0;
        finishedCount = 0;
        clearBounds();
        Arrays.fill(phaseSize, 0);
    }

    /** Sums and bounds over no member, which each member's {@link #addToSums} then widens. */
    private void clearBounds() {
        sumComputedKey = 0;
        minComputedKey = Long.MAX_VALUE;
        maxComputedKey = Long.MIN_VALUE;
        nextFinishRetire = Long.MAX_VALUE;
    }

    /**
     * Members that fill their last block at the coming iteration: each needs one block more. Drops
     * the bucket's entries of members that left.
     */
    int blocksNeededNow() {
        int phase = (int) Math.floorMod(forms, (long) blockSizeTokens);
        int[] members = phaseMembers[phase];
        long[] stamps = phaseStamps[phase];
        int kept = 0;
        int needed = 0;
        for (int k = 0; k < phaseSize[phase]; k++) {
            int r = members[k];
            if (memberStamp[r] != stamps[k]) {
                continue;
            }
            members[kept] = r;
            stamps[kept++] = stamps[k];
            if (fillsLastBlock(r)) {
                needed++;
            }
        }
        phaseSize[phase] = kept;
        return needed;
    }

    private boolean fillsLastBlock(int r) {
        return computedKey[r] + forms == (long) rt.blocksHeld[r] * blockSizeTokens;
    }

    /**
     * Puts every member in {@code b} with one decode token, taking their new blocks in running
     * order; the caller has just called {@link #blocksNeededNow} and checked that many are free.
     */
    void serve(Batch b) {
        int phase = (int) Math.floorMod(forms, (long) blockSizeTokens);
        int[] members = phaseMembers[phase];
        for (int k = 0; k < phaseSize[phase]; k++) {
            int r = members[k];
            if (fillsLastBlock(r) && !kv.grow(r, (int) (computedKey[r] + forms) + 1)) {
                throw new IllegalStateException("a decode block was counted free and then was not");
            }
        }
        b.addSteadyDecodes(size, sumComputedKey + size * forms, minComputedKey + forms, maxComputedKey + forms);
        forms++;
    }

    /**
     * Emits every member's token of the batch that retired at {@code nowNs}; members that emitted
     * their last get their counters back, their KV released, and are listed for
     * {@link #reportFinished}.
     *
     * @return whether any member finished
     */
    boolean retire(long nowNs, Scheduler.CompletionSink sink) {
        sink.steadyTokens(nowNs - lastRetireNs, size);
        tokensAdvanced += size;
        finishedCount = 0;
        if (retires >= nextFinishRetire) {
            collectFinished(nowNs);
        }
        retires++;
        lastRetireNs = nowNs;
        return finishedCount > 0;
    }

    private void collectFinished(long nowNs) {
        final RequestTable t = rt;
        for (int k = 0; k < size; k++) {
            int r = running.get(k);
            if (generatedKey[r] + retires + 1 >= t.outputTokens[r]) {
                writeBack(r);
                t.generated[r]++; // its last token, emitted now
                t.lastTokenNs[r] = nowNs;
                t.endNs[r] = nowNs;
                kv.release(r);
                if (finishedCount == finished.length) {
                    finished = Arrays.copyOf(finished, finishedCount * 2);
                }
                finished[finishedCount++] = r;
            }
        }
    }

    /** Reports the members that finished at the last retire, in batch order. */
    void reportFinished(long nowNs, Scheduler.CompletionSink sink) {
        for (int k = 0; k < finishedCount; k++) {
            sink.completed(finished[k], nowNs);
        }
        finishedCount = 0;
    }

    /**
     * After the running queue dropped the finished members (before {@link #reportFinished}): the
     * rest are the cohort again.
     */
    void afterDrop() {
        if (finishedCount == 0) {
            return;
        }
        size -= finishedCount;
        recomputeBounds();
    }

    /**
     * Takes in the running requests right after the cohort that emitted a token at {@code nowNs}
     * and go on decoding one token per iteration, stopping at the first that does not.
     */
    void admitSteady(long nowNs) {
        while (enabled && size < running.size()) {
            int r = running.get(size);
            if (!isSteady(r, nowNs)) {
                return;
            }
            join(r, nowNs);
        }
    }

    private boolean isSteady(int r, long nowNs) {
        final RequestTable t = rt;
        return t.lastTokenNs[r] == nowNs && t.generated[r] > 0 && t.numTokens[r] - t.numComputed[r] == 1
                && t.tokenTimeOffset[r] == RequestTable.NO_TOKEN_TIMES && kv.blocksAllCached(r)
                && t.endNs[r] == RequestTable.UNSET && t.lastChunkScheduledNs[r] != RequestTable.UNSET;
    }

    private void join(int r, long nowNs) {
        final RequestTable t = rt;
        if (r >= computedKey.length) {
            int n = Math.max(r + 1, computedKey.length * 2);
            computedKey = Arrays.copyOf(computedKey, n);
            tokensKey = Arrays.copyOf(tokensKey, n);
            generatedKey = Arrays.copyOf(generatedKey, n);
            int old = memberStamp.length;
            memberStamp = Arrays.copyOf(memberStamp, n);
            Arrays.fill(memberStamp, old, n, NOT_A_MEMBER);
        }
        memberStamp[r] = joins++;
        long key = t.numComputed[r] - forms;
        computedKey[r] = key;
        tokensKey[r] = t.numTokens[r] - retires;
        generatedKey[r] = t.generated[r] - retires;
        lastRetireNs = nowNs;
        size++;
        addToSums(r);
        addToPhase(r);
    }

    private void addToSums(int r) {
        long key = computedKey[r];
        sumComputedKey += key;
        minComputedKey = Math.min(minComputedKey, key);
        maxComputedKey = Math.max(maxComputedKey, key);
        nextFinishRetire = Math.min(nextFinishRetire, rt.outputTokens[r] - 1 - generatedKey[r]);
    }

    private void addToPhase(int r) {
        int phase = (int) Math.floorMod(-computedKey[r], (long) blockSizeTokens);
        if (phaseSize[phase] == phaseMembers[phase].length) {
            phaseMembers[phase] = Arrays.copyOf(phaseMembers[phase], phaseSize[phase] * 2);
            phaseStamps[phase] = Arrays.copyOf(phaseStamps[phase], phaseSize[phase] * 2);
        }
        phaseMembers[phase][phaseSize[phase]] = r;
        phaseStamps[phase][phaseSize[phase]++] = memberStamp[r];
    }

    /** Sum, bounds and next finish anew over the members (after some left). */
    private void recomputeBounds() {
        clearBounds();
        for (int k = 0; k < size; k++) {
            addToSums(running.get(k));
        }
    }

    /** Writes every member's counters back to the request table and empties the cohort. */
    void dissolve() {
        for (int k = 0; k < size; k++) {
            writeBack(running.get(k));
        }
        empty();
    }

    /**
     * Writes member {@code r}'s counters back to the request table, as of the last retire, and
     * takes it out of the cohort's buckets.
     */
    private void writeBack(int r) {
        final RequestTable t = rt;
        t.numComputed[r] = (int) (computedKey[r] + forms);
        t.numTokens[r] = (int) (tokensKey[r] + retires);
        t.generated[r] = (int) (generatedKey[r] + retires);
        t.lastTokenNs[r] = lastRetireNs;
        memberStamp[r] = NOT_A_MEMBER;
    }
}
