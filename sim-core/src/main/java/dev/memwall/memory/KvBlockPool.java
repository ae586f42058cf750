package dev.memwall.memory;

import java.util.Arrays;

/**
 * The paged KV cache of one instance, ported from vLLM V1's {@code BlockPool} as LLMServingSim
 * uses it: fixed-size blocks of {@code blockSizeTokens}, reference counts, a free queue in LRU
 * order whose blocks keep their prefix hashes (so a freed block can still be hit until it is
 * reused), and a hash-to-block map for prefix caching. Allocation is all-or-nothing.
 *
 * <p>Unlike vLLM, no block is set aside as the "null block" (it exists only for sliding-window
 * attention, which memwall does not model).
 *
 * <p>Only a free block that still holds a prefix hash is observable by its identity (a lookup can
 * hit it, reusing it evicts its prefix); free blocks without one are interchangeable. So the LRU
 * free queue links only the hashed free blocks, each counting the anonymous free slots queued just
 * before it ({@link #anonymousBefore}), and the anonymous blocks themselves sit on a stack: the
 * queue's order of evictions is vLLM's exactly, while an anonymous allocation reuses the block
 * freed last, whose entries are still in cache, instead of chasing a free list across the whole
 * pool.
 *
 * <p>Everything is primitive arrays; after construction nothing allocates except the growth of
 * the hash map, which is pre-sized to the block count and never needs to grow.
 */
public final class KvBlockPool {
    /** What {@link #lookup} answers when no cached block holds a prefix. */
    public static final int NO_BLOCK = LongIntHashMap.MISSING;
    /** End of the free queue's links. */
    private static final int NONE = -1;

    private final int numBlocks;
    private final int blockSizeTokens;
    private final int[] refCount;
    private final long[] blockHash; // 0 = not cached
    // Free queue of hashed blocks: a doubly linked list through the block ids, head = next to reuse.
    private final int[] prev;
    private final int[] next;
    /** Per queued hashed block, the anonymous free slots queued between it and its predecessor. */
    private final int[] anonymousBefore;
    /** Anonymous free slots queued after the last hashed block (all of them when none is queued). */
    private int anonymousAtTail;
    /** The anonymous free blocks, last freed on top. */
    private final int[] anonymousStack;
    private int anonymousCount;
    /** Blocks whose {@link #blockHash} is set: while none is, freeing need not read it. */
    private int hashedBlocks;
    /** Free blocks promised to requests on their way (P/D hand-offs): not for anyone else. */
    private int reserved;
    private int freeHead = NONE;
    private int freeTail = NONE;
    private int numFree;
    private final LongIntHashMap cached;
    private int peakUsed;
    /** Blocks allocated, referenced and freed since the last reset: a deterministic work counter. */
    private long blockOperations;
    /** Where evicted prefix hashes go (the second tier), or null to drop them. */
    private PrefixVictimCache victims;
    /** Bytes (all ranks) of one of this pool's blocks in the second tier. */
    private double victimBytesPerBlock;

    public KvBlockPool(int numBlocks, int blockSizeTokens) {
        if (numBlocks < 0 || blockSizeTokens <= 0) {
            throw new IllegalArgumentException("numBlocks " + numBlocks + ", blockSizeTokens " + blockSizeTokens);
        }
        this.numBlocks = numBlocks;
        this.blockSizeTokens = blockSizeTokens;
        refCount = new int[numBlocks];
        blockHash = new long[numBlocks];
        prev = new int[numBlocks];
        next = new int[numBlocks];
        anonymousBefore = new int[numBlocks];
        anonymousStack = new int[numBlocks];
        // Small until prefixes are cached: it grows (a warm-up cost only, like the event heap's),
        // and a run without prefix caching never pays for a table sized to every block.
        cached = new LongIntHashMap(16);
        // Fresh arrays are zero already: only the free stack needs filling.
        resetFreeState();
    }

    /** Sends prefix blocks evicted from this pool to {@code tier} (set-up only). */
    public void setVictimCache(PrefixVictimCache tier) {
        setVictimCache(tier, 0);
    }

    /**
     * Sends prefix blocks evicted from this pool to {@code tier}, where each occupies
     * {@code bytesPerBlockAllRanks} (set-up only).
     */
    public void setVictimCache(PrefixVictimCache tier, double bytesPerBlockAllRanks) {
        this.victims = tier;
        this.victimBytesPerBlock = bytesPerBlockAllRanks;
    }

    /** The second prefix tier, or null. */
    public PrefixVictimCache victimCache() {
        return victims;
    }

    /**
     * Forgets every cached prefix, as when the memory holding the pool is lost; the blocks'
     * counters and peak stay. Every block must be free.
     */
    public void forgetContents() {
        if (numFree != numBlocks) {
            throw new IllegalStateException((numBlocks - numFree) + " blocks are still held");
        }
        int peak = peakUsed;
        long ops = blockOperations;
        reset();
        peakUsed = peak;
        blockOperations = ops;
    }

    /** Frees every block and forgets every cached prefix (a shared second tier is reset by its owner). */
    public void reset() {
        Arrays.fill(refCount, 0);
        Arrays.fill(blockHash, 0L);
        cached.clear();
        resetFreeState();
    }

    private void resetFreeState() {
        freeHead = NONE;
        freeTail = NONE;
        reserved = 0;
        hashedBlocks = 0;
        // Every block free and anonymous, block 0 on top (taken first).
        for (int i = 0; i < numBlocks; i++) {
            anonymousStack[i] = numBlocks - 1 - i;
        }
        anonymousCount = numBlocks;
        anonymousAtTail = numBlocks;
        numFree = numBlocks;
        peakUsed = 0;
        blockOperations = 0;
    }

    public int numBlocks() {
        return numBlocks;
    }

    public int blockSizeTokens() {
        return blockSizeTokens;
    }

    /** Free blocks not reserved for anyone. */
    public int numFreeBlocks() {
        return numFree - reserved;
    }

    /**
     * Sets {@code count} free blocks aside for a request that will arrive with its KV, so no
     * one else can take them meanwhile.
     *
     * @return false, with nothing reserved, when fewer than {@code count} unreserved blocks are free
     */
    public boolean reserve(int count) {
        if (count > numFree - reserved) {
            return false;
        }
        reserved += count;
        return true;
    }

    /** Gives back {@code count} reserved blocks (the request is about to allocate them). */
    public void unreserve(int count) {
        reserved -= count;
    }

    /** Blocks held by requests (reserved blocks are still free). */
    public int numUsedBlocks() {
        return numBlocks - numFree;
    }

    /** Most blocks ever held at once (referenced, not merely cached). */
    public int peakUsedBlocks() {
        return peakUsed;
    }

    /** Blocks allocated, touched and freed since the last reset (counts work, not time). */
    public long blockOperations() {
        return blockOperations;
    }

    /** Blocks needed to hold {@code tokens} tokens. */
    public int blocksFor(long tokens) {
        return (int) ((tokens + blockSizeTokens - 1) / blockSizeTokens);
    }

    /**
     * Takes {@code count} fresh blocks from the head of the free queue into {@code table} at
     * {@code [offset, offset + count)}. Evicts their old prefix hashes.
     *
     * @return false, with nothing taken, when fewer than {@code count} blocks are free
     */
    public boolean allocate(int count, int[] table, int offset) {
        if (count > numFree - reserved) {
            return false;
        }
        blockOperations += count;
        for (int i = 0; i < count; i++) {
            table[offset + i] = takeHead();
        }
        notePeak();
        return true;
    }

    /** Takes the free queue's head slot: an anonymous block, or the least recently freed hashed one. */
    private int takeHead() {
        int b;
        if (freeHead == NONE) {
            anonymousAtTail--;
            b = popAnonymous();
        } else if (anonymousBefore[freeHead] > 0) {
            anonymousBefore[freeHead]--;
            b = popAnonymous();
        } else {
            b = freeHead;
            unlinkFree(b);
            evictPrefix(b);
        }
        refCount[b] = 1;
        return b;
    }

    private int popAnonymous() {
        numFree--;
        return anonymousStack[--anonymousCount];
    }

    /** Reusing a cached block: its prefix leaves HBM, for the second tier if there is one. */
    private void evictPrefix(int b) {
        long hash = blockHash[b];
        if (cached.get(hash) == b) {
            cached.remove(hash);
            if (victims != null) {
                victims.insert(hash, victimBytesPerBlock);
            }
        }
        blockHash[b] = 0L;
        hashedBlocks--;
    }

    /**
     * Frees the blocks {@code table[offset .. offset + count)}, last block first, as vLLM does, so
     * that a request's tail blocks are reused before its shared prefix.
     */
    public void free(int[] table, int offset, int count) {
        blockOperations += count;
        for (int i = count - 1; i >= 0; i--) {
            int b = table[offset + i];
            if (--refCount[b] == 0) {
                if (hashedBlocks > 0 && blockHash[b] != 0L) {
                    appendFree(b);
                } else {
                    anonymousAtTail++;
                    anonymousStack[anonymousCount++] = b;
                    numFree++;
                }
            }
        }
    }

    /** The cached block holding the prefix whose chained hash is {@code hash}, or {@link #NO_BLOCK}. */
    public int lookup(long hash) {
        return cached.get(hash);
    }

    /** Takes a reference on a cached block found by {@link #lookup}, pulling it off the free queue if idle. */
    public void touch(int block) {
        blockOperations++;
        if (refCount[block] == 0) {
            unlinkFree(block);
        }
        refCount[block]++;
        notePeak();
    }

    /** Whether {@code block} is referenced by no request (it sits in the free queue). */
    public boolean isIdle(int block) {
        return refCount[block] == 0;
    }

    /**
     * Records that {@code block}, held by a request, now holds the full prefix block with chained
     * hash {@code hash}.
     */
    public void cache(int block, long hash) {
        if (refCount[block] == 0) {
            throw new IllegalStateException("block " + block + " is free: only a held block can be cached");
        }
        if (blockHash[block] != 0L || cached.get(hash) != LongIntHashMap.MISSING) {
            return; // already cached, or an identical block is cached elsewhere
        }
        blockHash[block] = hash;
        hashedBlocks++;
        cached.put(hash, block);
    }

    private void notePeak() {
        int used = numBlocks - numFree;
        if (used > peakUsed) {
            peakUsed = used;
        }
    }

    /** Queues hashed block {@code b} at the tail, behind the anonymous slots queued so far. */
    private void appendFree(int b) {
        anonymousBefore[b] = anonymousAtTail;
        anonymousAtTail = 0;
        prev[b] = freeTail;
        next[b] = NONE;
        if (freeTail == NONE) {
            freeHead = b;
        } else {
            next[freeTail] = b;
        }
        freeTail = b;
        numFree++;
    }

    /** Takes hashed block {@code b} out of the queue; the anonymous slots before it stay in place. */
    private void unlinkFree(int b) {
        int p = prev[b];
        int n = next[b];
        if (p == NONE) {
            freeHead = n;
        } else {
            next[p] = n;
        }
        if (n == NONE) {
            freeTail = p;
            anonymousAtTail += anonymousBefore[b];
        } else {
            prev[n] = p;
            anonymousBefore[n] += anonymousBefore[b];
        }
        numFree--;
    }

    /**
     * The chained hash of one full block of token ids, {@code hash(parent, ids)}, never 0.
     * A 64-bit mix (not vLLM's SHA-256): a collision needs ~2^32 distinct cached blocks.
     */
    public static long chainHash(long parentHash, int[] ids, int from, int count) {
        long h = parentHash * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (int i = 0; i < count; i++) {
            h ^= ids[from + i] & 0xFFFFFFFFL;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        h ^= h >>> 29;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 32;
        return h == 0L ? 1L : h;
    }

    /** The chained hash of a block named by ids rather than tokens (Mooncake hash_ids), never 0. */
    public static long chainHash(long parentHash, long firstId, long lastId, int position) {
        long h = parentHash * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL;
        h ^= firstId;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= lastId + position;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return h == 0L ? 1L : h;
    }
}
