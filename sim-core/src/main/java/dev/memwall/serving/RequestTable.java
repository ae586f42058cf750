package dev.memwall.serving;

import java.util.Arrays;

/**
 * Every request of a run as a slot in structure-of-arrays, addressed by an {@code int} slot. A
 * request's id ({@link #requestId}) is its place in arrival order; slots are handed out in that
 * order too, so without recycling a request's slot is its id. A run that hands each finished
 * request on ({@link ClusterSimulation#streamFinished}) {@link #free frees} its slot afterwards,
 * and a later arrival reuses it: the table then holds the requests in flight, not the trace.
 * Arrays grow by doubling only; {@link #reset()} keeps them, so a second run of the same size
 * allocates nothing. Per-request variable-length data (KV block table, prefix hashes, token ids,
 * token emission times) lives in shared primitive arenas, in regions handed out and taken back by
 * a {@link Regions} per arena.
 */
public final class RequestTable implements dev.memwall.metrics.RequestRecords {
    /** A time not reached yet (not scheduled, no token, not finished). */
    public static final long UNSET = -1L;
    /** {@link #nextInSession} of a request that ends its session (or has none). */
    static final int NO_REQUEST = -1;
    /** {@link #instance} of a request not routed yet. */
    public static final int NOT_ROUTED = -1;
    /** {@link #swappedTokens} of a request whose KV is not swapped out. */
    static final int NOT_SWAPPED = -1;
    /** {@link #tokenIdCount} or {@link #hashIdCount} of a request whose trace gave no ids. */
    static final int NO_IDS = -1;
    /** {@link #tokenTimeOffset} of a request whose token times are not kept. */
    static final int NO_TOKEN_TIMES = -1;
    /** {@link #kvReadyTokens} of a request that brings no KV with it. */
    static final int NO_KV = -1;

    /** Slots ever used since the reset (the high-water mark): every slot is below it. */
    int size;
    /** Requests added since the reset. */
    long added;
    /** Each slot's request id: its place in arrival order, from 0. */
    long[] requestId;
    /** Whether finished (and rejected) requests' slots are freed for reuse ({@link ClusterSimulation#streamFinished}). */
    boolean recycles;
    /** Freed slots, the last freed on top. */
    private int[] freeSlots = new int[16];
    private int freeSlotCount;
    private final Regions blockRegions = new Regions();
    private final Regions tokenIdRegions = new Regions();
    private final Regions hashIdRegions = new Regions();
    private final Regions tokenTimeRegions = new Regions();
    int[] instance;
    int[] promptTokens;
    int[] outputTokens;
    long[] arrivalNs;
    long[] firstScheduledNs;
    long[] firstTokenNs;
    long[] endNs;
    long[] lastTokenNs;
    /** Tokens whose KV is computed (advances at schedule time, vLLM V1). */
    int[] numComputed;
    /** Tokens known so far: prompt plus generated (vLLM's num_tokens). */
    int[] numTokens;
    int[] generated;
    int[] preemptions;
    /** Tokens of KV swapped out to kv_evict_loc, or {@link #NOT_SWAPPED}. */
    int[] swappedTokens;
    /** Next sub-request of the same agentic session, or {@link #NO_REQUEST}. */
    int[] nextInSession;
    /** Gap between this sub-request's completion and the next one's release. */
    long[] toolDurationNs;
    /** The prefill instance that computed its prompt before a P/D hand-off, or {@link #NOT_ROUTED}. */
    int[] prefilledOn;
    /** Tokens of KV it brings to a decode instance after a P/D hand-off, or {@link #NO_KV}. */
    int[] kvReadyTokens;
    /** Decode-side KV blocks reserved for its hand-off, not yet taken. */
    int[] reservedBlocks;
    /** When its P/D hand-off began (the prefill instance finished its prompt). */
    long[] handoffStartNs;
    /** When the iteration that scheduled the last chunk of its prompt started. */
    long[] lastChunkScheduledNs;
    /** Whether it was refused (longer than the context, larger than the KV pool). */
    boolean[] rejected;

    // KV block table and prefix hashes: blockCapacity[r] slots from blockOffset[r].
    int[] blockOffset;
    int[] blockCapacity;
    int[] blocksHeld;
    int[] blocksCached;
    int[] blockTable = new int[1024];
    long[] blockHashes = new long[1024];
    int[] hashesComputed;

    // Token ids (prompt then output) for prefix caching; tokenIdCount NO_IDS when the trace has none.
    int[] tokenIdOffset;
    int[] tokenIdCount;
    /** Length of the slot's token id region, or {@link #NO_IDS} when it has none. */
    int[] tokenIdLength;
    int[] tokenIds = new int[1024];

    // Mooncake-style prefix block hashes (one per hashIdBlockTokens tokens); hashIdCount NO_IDS when none.
    int[] hashIdOffset;
    int[] hashIdCount;
    int[] hashIdBlockTokens;
    long[] hashIds = new long[1024];

    // Emission time of every token, kept only when a per-request CSV is written.
    int[] tokenTimeOffset;
    long[] tokenTimes = new long[1024];

    RequestTable(int initialCapacity) {
        int cap = Math.max(16, initialCapacity);
        requestId = new long[cap];
        instance = new int[cap];
        promptTokens = new int[cap];
        outputTokens = new int[cap];
        arrivalNs = new long[cap];
        firstScheduledNs = new long[cap];
        firstTokenNs = new long[cap];
        endNs = new long[cap];
        lastTokenNs = new long[cap];
        numComputed = new int[cap];
        numTokens = new int[cap];
        generated = new int[cap];
        preemptions = new int[cap];
        swappedTokens = new int[cap];
        nextInSession = new int[cap];
        toolDurationNs = new long[cap];
        prefilledOn = new int[cap];
        kvReadyTokens = new int[cap];
        reservedBlocks = new int[cap];
        handoffStartNs = new long[cap];
        lastChunkScheduledNs = new long[cap];
        rejected = new boolean[cap];
        blockOffset = new int[cap];
        blockCapacity = new int[cap];
        blocksHeld = new int[cap];
        blocksCached = new int[cap];
        hashesComputed = new int[cap];
        tokenIdOffset = new int[cap];
        tokenIdCount = new int[cap];
        tokenIdLength = new int[cap];
        tokenTimeOffset = new int[cap];
        hashIdOffset = new int[cap];
        hashIdCount = new int[cap];
        hashIdBlockTokens = new int[cap];
    }

    /** Forgets every request, keeping the arrays. */
    void reset() {
        size = 0;
        added = 0;
        freeSlotCount = 0;
        blockRegions.reset();
        tokenIdRegions.reset();
        hashIdRegions.reset();
        tokenTimeRegions.reset();
    }

    /**
     * Adds a request and returns its id. Its KV block table is sized for its whole sequence.
     *
     * @param blockSizeTokens block size of the instance it may run on (the smallest, when routing
     *                        can choose among instances of different block sizes)
     */
    int add(int prompt, int output, int blockSizeTokens, boolean keepTokenTimes) {
        int r = freeSlotCount > 0 ? freeSlots[--freeSlotCount] : newSlot();
        requestId[r] = added++;
        instance[r] = NOT_ROUTED;
        promptTokens[r] = prompt;
        outputTokens[r] = output;
        arrivalNs[r] = UNSET;
        firstScheduledNs[r] = UNSET;
        firstTokenNs[r] = UNSET;
        endNs[r] = UNSET;
        lastTokenNs[r] = UNSET;
        numComputed[r] = 0;
        numTokens[r] = prompt;
        generated[r] = 0;
        preemptions[r] = 0;
        swappedTokens[r] = NOT_SWAPPED;
        nextInSession[r] = NO_REQUEST;
        toolDurationNs[r] = 0;
        prefilledOn[r] = NOT_ROUTED;
        kvReadyTokens[r] = NO_KV;
        reservedBlocks[r] = 0;
        handoffStartNs[r] = UNSET;
        lastChunkScheduledNs[r] = UNSET;
        rejected[r] = false;
        int blocks = (int) (((long) prompt + output + blockSizeTokens - 1) / blockSizeTokens);
        blockOffset[r] = blockRegions.allocate(blocks);
        if (blockRegions.capacity() > blockTable.length) {
            int cap = Math.max(blockTable.length * 2, blockRegions.capacity());
            blockTable = Arrays.copyOf(blockTable, cap);
            blockHashes = Arrays.copyOf(blockHashes, cap);
        }
        blockCapacity[r] = blocks;
        blocksHeld[r] = 0;
        blocksCached[r] = 0;
        hashesComputed[r] = 0;
        tokenIdOffset[r] = 0;
        tokenIdCount[r] = NO_IDS;
        tokenIdLength[r] = NO_IDS;
        hashIdOffset[r] = 0;
        hashIdCount[r] = NO_IDS;
        if (keepTokenTimes) {
            tokenTimeOffset[r] = tokenTimeRegions.allocate(output);
            if (tokenTimeRegions.capacity() > tokenTimes.length) {
                tokenTimes = Arrays.copyOf(tokenTimes, Math.max(tokenTimes.length * 2, tokenTimeRegions.capacity()));
            }
        } else {
            tokenTimeOffset[r] = NO_TOKEN_TIMES;
        }
        return r;
    }

    private int newSlot() {
        if (size == instance.length) {
            grow();
        }
        return size++;
    }

    /**
     * Frees slot {@code r} of a request that finished and was handed on: its regions go back to
     * their arenas and the slot to the next arrival. Nothing may read the request afterwards.
     */
    void free(int r) {
        blockRegions.free(blockOffset[r], blockCapacity[r]);
        if (tokenIdLength[r] != NO_IDS) {
            tokenIdRegions.free(tokenIdOffset[r], tokenIdLength[r]);
        }
        if (hashIdCount[r] != NO_IDS) {
            hashIdRegions.free(hashIdOffset[r], hashIdCount[r]);
        }
        if (tokenTimeOffset[r] != NO_TOKEN_TIMES) {
            tokenTimeRegions.free(tokenTimeOffset[r], outputTokens[r]);
        }
        instance[r] = NOT_ROUTED;
        if (freeSlotCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlotCount * 2);
        }
        freeSlots[freeSlotCount++] = r;
    }

    /** Stores the request's token ids (prompt ids then output ids) for prefix caching. */
    void setTokenIds(int r, int[] promptIds, int promptCount, int[] outputIds, int outputCount) {
        int n = promptCount + Math.max(0, outputCount);
        int off = tokenIdRegions.allocate(n);
        if (tokenIdRegions.capacity() > tokenIds.length) {
            tokenIds = Arrays.copyOf(tokenIds, Math.max(tokenIds.length * 2, tokenIdRegions.capacity()));
        }
        System.arraycopy(promptIds, 0, tokenIds, off, promptCount);
        if (outputCount > 0) {
            System.arraycopy(outputIds, 0, tokenIds, off + promptCount, outputCount);
        }
        tokenIdOffset[r] = off;
        tokenIdCount[r] = n;
        tokenIdLength[r] = n;
    }

    /**
     * Stores a request's prefix block hashes as Mooncake traces give them: {@code count} ids, each
     * naming {@code blockTokens} prompt tokens. Prefix caching then hashes from them instead of
     * token ids: the prompt's first {@code min(prompt, count * blockTokens)} tokens count as known.
     */
    void setHashIds(int r, long[] ids, int count, int blockTokens) {
        int off = hashIdRegions.allocate(count);
        if (hashIdRegions.capacity() > hashIds.length) {
            hashIds = Arrays.copyOf(hashIds, Math.max(hashIds.length * 2, hashIdRegions.capacity()));
        }
        System.arraycopy(ids, 0, hashIds, off, count);
        hashIdOffset[r] = off;
        hashIdCount[r] = count;
        hashIdBlockTokens[r] = blockTokens;
        tokenIdCount[r] = (int) Math.min(promptTokens[r], (long) count * blockTokens);
    }

    /** Slots used so far: without recycling, the requests added, each in the slot of its id. */
    public int size() {
        return size;
    }

    /** Requests added since the run began, recycled slots or not. */
    public long added() {
        return added;
    }

    private void grow() {
        int cap = instance.length * 2;
        requestId = Arrays.copyOf(requestId, cap);
        instance = Arrays.copyOf(instance, cap);
        promptTokens = Arrays.copyOf(promptTokens, cap);
        outputTokens = Arrays.copyOf(outputTokens, cap);
        arrivalNs = Arrays.copyOf(arrivalNs, cap);
        firstScheduledNs = Arrays.copyOf(firstScheduledNs, cap);
        firstTokenNs = Arrays.copyOf(firstTokenNs, cap);
        endNs = Arrays.copyOf(endNs, cap);
        lastTokenNs = Arrays.copyOf(lastTokenNs, cap);
        numComputed = Arrays.copyOf(numComputed, cap);
        numTokens = Arrays.copyOf(numTokens, cap);
        generated = Arrays.copyOf(generated, cap);
        preemptions = Arrays.copyOf(preemptions, cap);
        swappedTokens = Arrays.copyOf(swappedTokens, cap);
        nextInSession = Arrays.copyOf(nextInSession, cap);
        toolDurationNs = Arrays.copyOf(toolDurationNs, cap);
        prefilledOn = Arrays.copyOf(prefilledOn, cap);
        kvReadyTokens = Arrays.copyOf(kvReadyTokens, cap);
        reservedBlocks = Arrays.copyOf(reservedBlocks, cap);
        handoffStartNs = Arrays.copyOf(handoffStartNs, cap);
        lastChunkScheduledNs = Arrays.copyOf(lastChunkScheduledNs, cap);
        rejected = Arrays.copyOf(rejected, cap);
        blockOffset = Arrays.copyOf(blockOffset, cap);
        blockCapacity = Arrays.copyOf(blockCapacity, cap);
        blocksHeld = Arrays.copyOf(blocksHeld, cap);
        blocksCached = Arrays.copyOf(blocksCached, cap);
        hashesComputed = Arrays.copyOf(hashesComputed, cap);
        tokenIdOffset = Arrays.copyOf(tokenIdOffset, cap);
        tokenIdCount = Arrays.copyOf(tokenIdCount, cap);
        tokenIdLength = Arrays.copyOf(tokenIdLength, cap);
        tokenTimeOffset = Arrays.copyOf(tokenTimeOffset, cap);
        hashIdOffset = Arrays.copyOf(hashIdOffset, cap);
        hashIdCount = Arrays.copyOf(hashIdCount, cap);
        hashIdBlockTokens = Arrays.copyOf(hashIdBlockTokens, cap);
    }

    // Read access for writers of results.

    @Override
    public long requestId(int r) {
        return requestId[r];
    }

    @Override
    public int instance(int r) {
        return instance[r];
    }

    @Override
    public int promptTokens(int r) {
        return promptTokens[r];
    }

    @Override
    public int outputTokens(int r) {
        return outputTokens[r];
    }

    @Override
    public long arrivalNs(int r) {
        return arrivalNs[r];
    }

    @Override
    public long firstScheduledNs(int r) {
        return firstScheduledNs[r];
    }

    @Override
    public long promptScheduledNs(int r) {
        return lastChunkScheduledNs[r];
    }

    @Override
    public long firstTokenNs(int r) {
        return firstTokenNs[r];
    }

    @Override
    public long endNs(int r) {
        return endNs[r];
    }

    /** The prefill instance that computed {@code r}'s prompt before a P/D hand-off, or {@link #NOT_ROUTED}. */
    public int prefilledOn(int r) {
        return prefilledOn[r];
    }

    public int preemptions(int r) {
        return preemptions[r];
    }

    /** Emission time of token {@code k} (0 = first) of request {@code r}; needs kept token times. */
    @Override
    public long tokenTimeNs(int r, int k) {
        return tokenTimes[tokenTimeOffset[r] + k];
    }

    @Override
    public boolean hasTokenTimes(int r) {
        return tokenTimeOffset[r] != NO_TOKEN_TIMES;
    }
}
