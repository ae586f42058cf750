package dev.memwall.serving;

import java.util.Arrays;

import dev.memwall.memory.KvBlockPool;
import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.PrefixVictimCache;

/**
 * One instance's KV cache: its requests' block tables over the paged {@link KvBlockPool}, prefix
 * hits in HBM and in the second tier, swapping preempted KV out and back, and the one place that
 * keeps the memory system told which KV bytes live on which device. The scheduler asks it for
 * blocks; it never decides who runs.
 */
final class KvCacheManager {
    final KvBlockPool pool;
    private final RequestTable rt;
    private final InstanceMemory mem;
    private final boolean prefixCaching;
    private final boolean reserveFullIsl;
    /** Blocks of the HBM prefix hit of the request being admitted, found by {@link #findPrefixHits}. */
    private int[] hitBlocks = new int[64];
    /** Second-tier hits of the request being admitted, found by {@link #findPrefixHits}. */
    private int lowerHits;
    /** Pool blocks whose bytes the memory system was last told about (the second tier tells it itself). */
    private int kvBlocksOnDevices;

    long prefixQueriedTokens;
    long prefixHitTokens;
    /** Prompt tokens found in the second tier and loaded back over its path. */
    long prefixLowerHitTokens;
    long swappedOutTokens;
    long swappedInTokens;

    KvCacheManager(KvBlockPool pool, RequestTable rt, InstanceMemory mem, SchedulerSettings settings) {
        this.pool = pool;
        this.rt = rt;
        this.mem = mem;
        this.prefixCaching = settings.prefixCaching();
        this.reserveFullIsl = settings.reserveFullIsl();
    }

    void reset() {
        pool.reset();
        if (pool.victimCache() != null) {
            pool.victimCache().reset(); // idempotent: a tier shared by several instances is reset by each
        }
        kvBlocksOnDevices = 0;
        prefixQueriedTokens = 0;
        prefixHitTokens = 0;
        prefixLowerHitTokens = 0;
        swappedOutTokens = 0;
        swappedInTokens = 0;
    }

    /** How it is wired: the devices its pool, swapped KV and second tier live on. */
    InstanceMemory memory() {
        return mem;
    }

    /** Frees request {@code r}'s blocks and forgets any KV it had swapped out: its KV is lost. */
    void lose(int r) {
        final RequestTable t = rt;
        pool.free(t.blockTable, t.blockOffset[r], t.blocksHeld[r]);
        t.blocksHeld[r] = 0;
        t.blocksCached[r] = 0;
        if (t.swappedTokens[r] != RequestTable.NOT_SWAPPED) {
            residentOnSwapDevices(-(double) t.swappedTokens[r] * mem.kvBytesPerTokenPerRank());
            t.swappedTokens[r] = RequestTable.NOT_SWAPPED;
        }
    }

    int blockSizeTokens() {
        return pool.blockSizeTokens();
    }

    /** One rank's KV bytes per token (all layers). */
    long kvBytesPerTokenPerRank() {
        return mem.kvBytesPerTokenPerRank();
    }

    /** Tensor-parallel ranks holding this KV. */
    int ranks() {
        return mem.ranks();
    }

    /** Grows a running request's blocks to cover {@code tokens}; all or nothing. */
    boolean grow(int r, int tokens) {
        final RequestTable t = rt;
        if (tokens <= (long) t.blocksHeld[r] * pool.blockSizeTokens()) {
            return true; // the common case, a decode step inside its last block: no division
        }
        int need = blocksToGrow(r, tokens);
        if (need == 0) {
            return true;
        }
        if (!pool.allocate(need, t.blockTable, t.blockOffset[r] + t.blocksHeld[r])) {
            return false;
        }
        t.blocksHeld[r] += need;
        return true;
    }

    /** Blocks {@link #grow} would take for request {@code r} to hold {@code tokens}. */
    int blocksToGrow(int r, int tokens) {
        return Math.max(0, pool.blocksFor(tokens) - rt.blocksHeld[r]);
    }

    /**
     * Whether {@link #cacheFullBlocks} has nothing left to do for request {@code r}, however far
     * it decodes: no prefix caching, or its known token ids all computed and their full blocks
     * cached.
     */
    boolean blocksAllCached(int r) {
        final RequestTable t = rt;
        if (!prefixCaching || t.tokenIdCount[r] == RequestTable.NO_IDS) {
            return true;
        }
        return t.numComputed[r] >= t.tokenIdCount[r] && t.blocksCached[r] >= t.tokenIdCount[r] / pool.blockSizeTokens();
    }

    /**
     * Takes the prefix-hit blocks and the fresh blocks a waiting request needs to compute
     * {@code numNew} tokens after {@code computed} cached ones; all or nothing. With
     * {@code reserveFullIsl}, also requires room for its whole known sequence.
     */
    boolean admit(int r, int hits, int computed, int numNew) {
        final RequestTable t = rt;
        int evictableHits = 0;
        for (int j = 0; j < hits; j++) {
            if (pool.isIdle(hitBlocks[j])) {
                evictableHits++;
            }
        }
        int fresh = pool.blocksFor((long) computed + numNew) - hits;
        int freeAfterHits = pool.numFreeBlocks() - evictableHits;
        if (fresh > freeAfterHits) {
            return false;
        }
        if (reserveFullIsl && pool.blocksFor(t.numTokens[r]) - hits > freeAfterHits) {
            return false;
        }
        int off = t.blockOffset[r];
        for (int j = 0; j < hits; j++) {
            pool.touch(hitBlocks[j]);
            t.blockTable[off + j] = hitBlocks[j];
        }
        pool.allocate(fresh, t.blockTable, off + hits);
        t.blocksHeld[r] = hits + fresh;
        t.blocksCached[r] = hits;
        return true;
    }

    /** A handed-over request's KV has landed: it takes the blocks reserved for it. */
    void landInReserved(int r) {
        int blocks = rt.reservedBlocks[r];
        pool.unreserve(blocks);
        rt.reservedBlocks[r] = 0;
        if (!pool.allocate(blocks, rt.blockTable, rt.blockOffset[r])) {
            throw new IllegalStateException("reserved blocks were taken");
        }
        rt.blocksHeld[r] = blocks;
        rt.blocksCached[r] = 0;
        syncResidency();
    }

    /**
     * Sets aside the blocks a request arriving by P/D hand-off with {@code tokens} of KV needs.
     *
     * @return false when this instance has not got them free
     */
    boolean reserveFor(int r, int tokens) {
        int blocks = pool.blocksFor(tokens);
        if (!pool.reserve(blocks)) {
            return false;
        }
        rt.reservedBlocks[r] = blocks;
        return true;
    }

    /** Frees a finished request's blocks (their prefix hashes stay, reusable until evicted). */
    void release(int r) {
        pool.free(rt.blockTable, rt.blockOffset[r], rt.blocksHeld[r]);
        rt.blocksHeld[r] = 0;
    }

    /**
     * Frees a preempted request's blocks; in swap mode its computed KV first goes to
     * {@code kv_evict_loc}, where it stays resident until swapped back in.
     *
     * @return one rank's bytes to swap out before the next iteration runs (0 when it recomputes)
     */
    double preempt(int r) {
        final RequestTable t = rt;
        double bytes = 0;
        if (mem.swapPath() != null && t.numComputed[r] > 0) {
            int tokens = t.numComputed[r];
            t.swappedTokens[r] = tokens;
            bytes = (double) tokens * mem.kvBytesPerTokenPerRank();
            swappedOutTokens += tokens;
            residentOnSwapDevices(bytes);
        }
        pool.free(t.blockTable, t.blockOffset[r], t.blocksHeld[r]);
        t.blocksHeld[r] = 0;
        t.blocksCached[r] = 0;
        return bytes;
    }

    /**
     * Brings a swapped-out request's KV back: its resident bytes leave the swap devices.
     *
     * @return one rank's bytes to swap in before the next iteration runs
     */
    double swapIn(int r) {
        final RequestTable t = rt;
        int tokens = t.swappedTokens[r];
        double bytes = (double) tokens * mem.kvBytesPerTokenPerRank();
        swappedInTokens += tokens;
        residentOnSwapDevices(-bytes);
        t.swappedTokens[r] = RequestTable.NOT_SWAPPED;
        return bytes;
    }

    private void residentOnSwapDevices(double bytesPerRank) {
        int[] devices = mem.swapDevices();
        for (int d : devices) {
            mem.memory().use(d, bytesPerRank * mem.ranks() / devices.length);
        }
    }

    /**
     * Counts the leading full blocks of {@code r}'s known tokens found in the cache, at most
     * {@code numTokens - 1} tokens' worth (the last token is always recomputed), and records
     * them for {@link #admit}; blocks found past them in the second tier are {@link #lowerHits()}.
     */
    int findPrefixHits(int r) {
        final RequestTable t = rt;
        lowerHits = 0;
        if (!prefixCaching || t.tokenIdCount[r] == RequestTable.NO_IDS) {
            return 0;
        }
        int bs = pool.blockSizeTokens();
        int maxBlocks = Math.min(t.numTokens[r] - 1, t.tokenIdCount[r]) / bs;
        int hits = 0;
        while (hits < maxBlocks) {
            int b = pool.lookup(blockHash(r, hits));
            if (b == KvBlockPool.NO_BLOCK) {
                break;
            }
            if (hits == hitBlocks.length) {
                hitBlocks = Arrays.copyOf(hitBlocks, hits * 2);
            }
            hitBlocks[hits++] = b;
        }
        PrefixVictimCache tier = pool.victimCache();
        if (tier != null) {
            int j = hits;
            while (j < maxBlocks && tier.contains(blockHash(r, j))) {
                j++;
            }
            lowerHits = j - hits;
        }
        return hits;
    }

    /** Second-tier hits of the last {@link #findPrefixHits} call. */
    int lowerHits() {
        return lowerHits;
    }

    /**
     * Counts an admitted request's prefix lookup: {@code computed} tokens were found, the last
     * {@link #lowerHits()} blocks of them in the second tier.
     *
     * @return one rank's bytes of second-tier blocks to load before the next iteration runs
     */
    double countPrefixLookup(int r, int computed) {
        if (rt.tokenIdCount[r] == RequestTable.NO_IDS || !prefixCaching) {
            return 0;
        }
        int lowerTokens = lowerHits * pool.blockSizeTokens();
        prefixQueriedTokens += rt.numTokens[r];
        prefixHitTokens += computed - lowerTokens;
        prefixLowerHitTokens += lowerTokens;
        return lowerTokens > 0 ? (double) lowerTokens * mem.kvBytesPerTokenPerRank() : 0;
    }

    /** Registers the request's newly full blocks in the prefix cache. */
    void cacheFullBlocks(int r) {
        final RequestTable t = rt;
        if (!prefixCaching || t.tokenIdCount[r] == RequestTable.NO_IDS) {
            return;
        }
        int full = Math.min(t.numComputed[r], t.tokenIdCount[r]) / pool.blockSizeTokens();
        full = Math.min(full, t.blocksHeld[r]);
        for (int j = t.blocksCached[r]; j < full; j++) {
            pool.cache(t.blockTable[t.blockOffset[r] + j], blockHash(r, j));
        }
        if (full > t.blocksCached[r]) {
            t.blocksCached[r] = full;
        }
    }

    /** Brings the KV devices' resident bytes in line with the blocks held now. */
    void syncResidency() {
        final MemorySystem memory = mem.memory();
        int used = pool.numUsedBlocks();
        int delta = used - kvBlocksOnDevices;
        if (delta != 0) {
            int[] devices = mem.kvDevices();
            double[] bytesPerBlock = mem.kvBytesPerBlockOnDevice();
            for (int k = 0; k < devices.length; k++) {
                memory.use(devices[k], delta * bytesPerBlock[k]);
            }
            kvBlocksOnDevices = used;
        }
    }

    /** Chained hash of block {@code j} of request {@code r}, computed once and memoised. */
    private long blockHash(int r, int j) {
        final RequestTable t = rt;
        int off = t.blockOffset[r];
        int bs = pool.blockSizeTokens();
        while (t.hashesComputed[r] <= j) {
            int k = t.hashesComputed[r];
            long parent = k == 0 ? 0L : t.blockHashes[off + k - 1];
            if (t.hashIdCount[r] != RequestTable.NO_IDS) {
                // Mooncake: a block's identity is the hash id of the trace block holding its first
                // and last tokens (one id when the block sizes nest), chained with its position.
                int per = t.hashIdBlockTokens[r];
                long first = t.hashIds[t.hashIdOffset[r] + (k * bs) / per];
                long last = t.hashIds[t.hashIdOffset[r] + Math.min(t.hashIdCount[r] - 1, ((k + 1) * bs - 1) / per)];
                t.blockHashes[off + k] = KvBlockPool.chainHash(parent, first, last, k);
            } else {
                t.blockHashes[off + k] = KvBlockPool.chainHash(parent, t.tokenIds, t.tokenIdOffset[r] + k * bs, bs);
            }
            t.hashesComputed[r] = k + 1;
        }
        return t.blockHashes[off + j];
    }
}
