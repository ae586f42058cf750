package dev.memwall.serving;

import dev.memwall.engine.IntRing;
import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.memory.KvBlockPool;
import dev.memwall.memory.PrefixVictimCache;

/**
 * One serving instance: a vLLM V1 scheduler over a paged KV cache, as LLMServingSim runs it
 * (reference §6). Each iteration: serve the running queue in order, preempting from its tail when
 * KV runs out; then, only if nothing was preempted, admit waiting requests FCFS while the token
 * budget and {@code max_num_seqs} allow. {@code num_computed_tokens} advances at schedule time;
 * when an iteration ends, every scheduled request whose computed tokens reach its known tokens
 * emits one token. Preemption is by recompute: blocks freed, computed tokens reset, request put
 * back at the head of the waiting queue.
 */
final class Instance {
    final int id;
    final SchedulerSettings settings;
    final KvBlockPool pool;
    final IterationTimeModel timeModel;
    final long weightsHbmBytes;
    final long kvBlockBytes;
    final double hbmCapacityBytes;
    private final RequestTable rt;
    private InstanceMemory mem;
    private final long[] layerNs;
    private int kvBlocksOnDevices;

    final IntRing waiting = new IntRing(256);
    final IntRing running = new IntRing(256);
    /** Completed request ids in completion order (for the per-request CSV). */
    final IntRing completed = new IntRing(256);
    private int[] batchIds = new int[256];
    private int[] batchNew = new int[256];
    private int batchSize;
    private final BatchShape shape = new BatchShape();
    private boolean[] stillRunning = new boolean[256];
    private int[] hitBlocks = new int[64];

    /** One rank's KV bytes to swap out and in before the iteration being formed can run. */
    private double swapOutBytes;
    private double swapInBytes;
    long swappedOutTokens;
    long swappedInTokens;

    boolean busy;
    long busyNs;
    long iterations;
    long preemptionCount;
    long recomputedTokens;
    long prefixQueriedTokens;
    long prefixHitTokens;
    /** Prompt tokens found in the second tier and loaded back over its path. */
    long prefixLowerHitTokens;
    /** One rank's bytes of second-tier prefix blocks to load before the iteration being formed. */
    private double prefixLoadBytes;
    /** Lower-tier hits of the request being admitted, found by {@link #findPrefixHits}. */
    private int lowerHits;
    private int victimBlocksOnDevices;
    long promptTokensDone;
    long outputTokensDone;

    Instance(int id, SchedulerSettings settings, KvBlockPool pool, IterationTimeModel timeModel,
            long weightsHbmBytes, long kvBlockBytes, double hbmCapacityBytes, RequestTable rt, InstanceMemory mem) {
        this.mem = mem;
        this.layerNs = mem != null && mem.timeline() != null ? new long[mem.layerCount()] : null;
        this.id = id;
        this.settings = settings;
        this.pool = pool;
        this.timeModel = timeModel;
        this.weightsHbmBytes = weightsHbmBytes;
        this.kvBlockBytes = kvBlockBytes;
        this.hbmCapacityBytes = hbmCapacityBytes;
        this.rt = rt;
    }

    void reset() {
        waiting.clear();
        running.clear();
        completed.clear();
        batchSize = 0;
        pool.reset();
        busy = false;
        busyNs = 0;
        iterations = 0;
        preemptionCount = 0;
        recomputedTokens = 0;
        prefixQueriedTokens = 0;
        prefixHitTokens = 0;
        prefixLowerHitTokens = 0;
        victimBlocksOnDevices = 0;
        promptTokensDone = 0;
        outputTokensDone = 0;
        kvBlocksOnDevices = 0;
        swappedOutTokens = 0;
        swappedInTokens = 0;
    }

    /** Peak HBM use: weights plus the most KV blocks ever held. */
    long peakHbmBytes() {
        return weightsHbmBytes + (long) pool.peakUsedBlocks() * kvBlockBytes;
    }

    long usedHbmBytes() {
        return weightsHbmBytes + (long) pool.numUsedBlocks() * kvBlockBytes;
    }

    /** Replaces the memory wiring (set-up only: whether transfers must be stepped is known last). */
    void setMemory(InstanceMemory memory) {
        this.mem = memory;
    }

    /** Whether the time {@link #schedule} or {@link #advanceTransfers} returned ends the iteration. */
    private boolean iterationEnds;

    boolean iterationEnds() {
        return iterationEnds;
    }

    /**
     * Forms the next batch at {@code nowNs} and returns the time of the iteration's next event:
     * its end ({@link #iterationEnds()}), or, when its transfers share devices or links with
     * other instances, when its next transfer is due. Returns -1 when there is nothing to run.
     *
     * @param horizonNs the next time anything else in the simulation can act: transfers due
     *                  before it may be issued at once
     */
    long schedule(long nowNs, long horizonNs) {
        final RequestTable t = rt;
        final SchedulerSettings s = settings;
        batchSize = 0;
        shape.clear();
        swapOutBytes = 0;
        swapInBytes = 0;
        prefixLoadBytes = 0;
        int budget = s.maxNumBatchedTokens();
        boolean preempted = false;

        // Phase A: the running queue, in order.
        int i = 0;
        while (i < running.size() && budget > 0) {
            int r = running.get(i);
            int numNew = t.numTokens[r] - t.numComputed[r];
            if (s.longPrefillTokenThreshold() > 0 && numNew > s.longPrefillTokenThreshold()) {
                numNew = s.longPrefillTokenThreshold();
            }
            if (numNew > budget) {
                numNew = budget;
            }
            if (numNew <= 0) {
                i++;
                continue;
            }
            boolean scheduled = true;
            while (!growBlocks(r, t.numComputed[r] + numNew)) {
                int victim = running.removeLast();
                preempt(victim);
                preempted = true;
                if (victim == r) {
                    scheduled = false;
                    break;
                }
            }
            if (!scheduled) {
                break;
            }
            addToBatch(r, numNew);
            budget -= numNew;
            i++;
        }

        // Phase B: admit waiting requests FCFS, never preempting to do so.
        if (!preempted) {
            while (!waiting.isEmpty() && budget > 0
                    && (s.maxNumSeqs() == 0 || running.size() < s.maxNumSeqs())) {
                int r = waiting.first();
                boolean swappedIn = t.swappedTokens[r] >= 0;
                lowerHits = 0;
                int hits = !swappedIn && t.numComputed[r] == 0 && s.prefixCaching() ? findPrefixHits(r) : 0;
                int computed = swappedIn ? t.swappedTokens[r] : (hits + lowerHits) * pool.blockSizeTokens();
                int numNew = t.numTokens[r] - computed;
                if (!s.chunkedPrefill() && numNew > budget) {
                    break;
                }
                if (s.longPrefillTokenThreshold() > 0 && numNew > s.longPrefillTokenThreshold()) {
                    numNew = s.longPrefillTokenThreshold();
                }
                if (numNew > budget) {
                    numNew = budget;
                }
                if (!admitBlocks(r, hits, computed, numNew)) {
                    break;
                }
                waiting.removeFirst();
                running.addLast(r);
                if (t.firstScheduledNs[r] == RequestTable.UNSET) {
                    t.firstScheduledNs[r] = nowNs;
                }
                if (swappedIn) {
                    swapIn(r);
                } else if (t.generated[r] > 0 || t.preemptions[r] > 0) {
                    recomputedTokens += t.numTokens[r] - computed;
                }
                if (!swappedIn && t.tokenIdCount[r] >= 0 && s.prefixCaching()) {
                    int lowerTokens = lowerHits * pool.blockSizeTokens();
                    prefixQueriedTokens += t.numTokens[r];
                    prefixHitTokens += computed - lowerTokens;
                    prefixLowerHitTokens += lowerTokens;
                    if (lowerTokens > 0) {
                        prefixLoadBytes += (double) lowerTokens * mem.kvBytesPerTokenPerRank();
                    }
                }
                t.numComputed[r] = computed;
                addToBatch(r, numNew);
                budget -= numNew;
            }
        }
        syncKvUsage();
        if (batchSize == 0) {
            return -1;
        }
        long next;
        iterationEnds = true;
        // Swapped KV must be out (blocks freed) and back in before the model runs.
        long startNs = nowNs;
        if (swapOutBytes > 0) {
            startNs = Math.max(startNs, mem.memory().transfer(mem.swapPath(), swapOutBytes, mem.ranks(), nowNs));
        }
        if (swapInBytes > 0) {
            startNs = Math.max(startNs, mem.memory().transfer(mem.swapPath(), swapInBytes, mem.ranks(), nowNs));
        }
        if (prefixLoadBytes > 0) {
            // Second-tier prefix hits load back over the tier's path before the model runs.
            startNs = Math.max(startNs, mem.memory().transfer(mem.prefixPath(), prefixLoadBytes, mem.ranks(), nowNs));
        }
        if (layerNs == null) {
            next = startNs + timeModel.iterationNs(shape);
        } else {
            long fixed = timeModel.layerTimes(shape, layerNs);
            if (mem.stepwise()) {
                mem.timeline().begin(startNs, layerNs, fixed, shape.kvReadTokens);
                next = advanceTransfers(nowNs, horizonNs);
            } else {
                next = mem.timeline().run(startNs, layerNs, fixed, shape.kvReadTokens);
            }
        }
        double hbm = timeModel.lastHbmBytes();
        if (mem != null) {
            mem.memory().recordTraffic(mem.hbmDevice(), hbm, Math.round(hbm / mem.hbmBytesPerSec() * 1e9));
        }
        return next;
    }

    /**
     * Steps a stepwise iteration at {@code nowNs}, issuing ahead up to {@code horizonNs}, the next
     * time anything else can act; returns the time of its next event.
     */
    long advanceTransfers(long nowNs, long horizonNs) {
        long next = mem.timeline().advance(nowNs, horizonNs);
        iterationEnds = mem.timeline().done();
        return next;
    }

    /** Brings the KV devices' (and the second tier's) resident bytes in line with the blocks held now. */
    private void syncKvUsage() {
        if (mem == null) {
            return;
        }
        if (pool.victimCache() != null) {
            int held = pool.victimCache().size();
            int change = held - victimBlocksOnDevices;
            if (change != 0) {
                double bytes = change * (double) kvBlockBytes * mem.ranks() / mem.prefixDevices().length;
                for (int d : mem.prefixDevices()) {
                    mem.memory().use(d, bytes);
                }
                victimBlocksOnDevices = held;
            }
        }
        int used = pool.numUsedBlocks();
        int delta = used - kvBlocksOnDevices;
        if (delta != 0) {
            double bytes = delta * mem.kvBytesPerBlockPerDevice();
            for (int d : mem.kvDevices()) {
                mem.memory().use(d, bytes);
            }
            kvBlocksOnDevices = used;
        }
    }

    private void addToBatch(int r, int numNew) {
        if (batchSize == batchIds.length) {
            batchIds = java.util.Arrays.copyOf(batchIds, batchSize * 2);
            batchNew = java.util.Arrays.copyOf(batchNew, batchSize * 2);
        }
        batchIds[batchSize] = r;
        batchNew[batchSize] = numNew;
        batchSize++;
        shape.add(numNew, rt.numComputed[r]);
        rt.numComputed[r] += numNew;
        cacheFullBlocks(r);
    }

    /**
     * Retires the batch that just finished at {@code nowNs}: emits tokens, completes requests.
     * Calls {@code sink.completed(r, nowNs)} for each finished request, after its KV is freed.
     */
    void finishIteration(long nowNs, long durationNs, CompletionSink sink) {
        final RequestTable t = rt;
        busyNs += durationNs;
        iterations++;
        boolean anyDone = false;
        for (int k = 0; k < batchSize; k++) {
            int r = batchIds[k];
            if (t.numComputed[r] < t.numTokens[r]) {
                continue; // a prefill chunk: no token yet
            }
            int g = t.generated[r]++;
            if (t.tokenTimeOffset[r] >= 0) {
                t.tokenTimes[t.tokenTimeOffset[r] + g] = nowNs;
            }
            if (g == 0) {
                t.firstTokenNs[r] = nowNs;
                promptTokensDone += t.promptTokens[r];
            }
            outputTokensDone++;
            sink.token(r, g, nowNs);
            if (g + 1 >= t.outputTokens[r]) {
                t.endNs[r] = nowNs;
                pool.free(t.blockTable, t.blockOffset[r], t.blocksHeld[r]);
                t.blocksHeld[r] = 0;
                anyDone = true;
            } else {
                t.numTokens[r]++;
            }
        }
        if (anyDone) {
            if (stillRunning.length < t.size) {
                stillRunning = new boolean[Math.max(t.size, stillRunning.length * 2)];
            }
            for (int k = 0; k < running.size(); k++) {
                int r = running.get(k);
                stillRunning[r] = t.endNs[r] == RequestTable.UNSET;
            }
            running.retainIf(stillRunning);
            syncKvUsage();
            for (int k = 0; k < batchSize; k++) {
                int r = batchIds[k];
                if (t.endNs[r] == nowNs && t.generated[r] == t.outputTokens[r]) {
                    completed.addLast(r);
                    sink.completed(r, nowNs);
                }
            }
        }
        batchSize = 0;
    }

    /** Receives token and completion notices from {@link #finishIteration}. */
    interface CompletionSink {
        void token(int request, int tokenIndex, long nowNs);

        void completed(int request, long nowNs);
    }

    // ---- KV blocks -------------------------------------------------------------------------

    /** Grows a running request's blocks to cover {@code tokens}; all or nothing. */
    private boolean growBlocks(int r, int tokens) {
        final RequestTable t = rt;
        int need = pool.blocksFor(tokens) - t.blocksHeld[r];
        if (need <= 0) {
            return true;
        }
        if (!pool.allocate(need, t.blockTable, t.blockOffset[r] + t.blocksHeld[r])) {
            return false;
        }
        t.blocksHeld[r] += need;
        return true;
    }

    /**
     * Takes the prefix-hit blocks and the fresh blocks a waiting request needs to compute
     * {@code numNew} tokens after {@code computed} cached ones; all or nothing. With
     * {@code reserveFullIsl}, also requires room for its whole known sequence.
     */
    private boolean admitBlocks(int r, int hits, int computed, int numNew) {
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
        if (settings.reserveFullIsl() && pool.blocksFor(t.numTokens[r]) - hits > freeAfterHits) {
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

    private void preempt(int r) {
        final RequestTable t = rt;
        if (mem != null && mem.swapPath() != null && t.numComputed[r] > 0) {
            // Swap mode: the computed KV moves to kv_evict_loc and comes back on resume.
            int tokens = t.numComputed[r];
            t.swappedTokens[r] = tokens;
            double bytes = (double) tokens * mem.kvBytesPerTokenPerRank();
            swapOutBytes += bytes;
            swappedOutTokens += tokens;
            for (int d : mem.swapDevices()) {
                mem.memory().use(d, bytes * mem.ranks() / mem.swapDevices().length);
            }
        }
        pool.free(t.blockTable, t.blockOffset[r], t.blocksHeld[r]);
        t.blocksHeld[r] = 0;
        t.blocksCached[r] = 0;
        t.numComputed[r] = 0;
        t.preemptions[r]++;
        preemptionCount++;
        waiting.addFirst(r);
    }

    /** Brings a swapped-out request's KV back: timed with the iteration, resident bytes released. */
    private void swapIn(int r) {
        final RequestTable t = rt;
        int tokens = t.swappedTokens[r];
        double bytes = (double) tokens * mem.kvBytesPerTokenPerRank();
        swapInBytes += bytes;
        swappedInTokens += tokens;
        for (int d : mem.swapDevices()) {
            mem.memory().use(d, -bytes * mem.ranks() / mem.swapDevices().length);
        }
        t.swappedTokens[r] = -1;
    }

    // ---- prefix caching ---------------------------------------------------------------------

    /**
     * Counts the leading full blocks of {@code r}'s known tokens found in the cache, at most
     * {@code numTokens - 1} tokens' worth (the last token is always recomputed), and records
     * them in {@code hitBlocks}.
     */
    private int findPrefixHits(int r) {
        final RequestTable t = rt;
        if (t.tokenIdCount[r] < 0) {
            return 0;
        }
        int bs = pool.blockSizeTokens();
        int maxBlocks = Math.min(t.numTokens[r] - 1, t.tokenIdCount[r]) / bs;
        int hits = 0;
        while (hits < maxBlocks) {
            int b = pool.lookup(blockHash(r, hits));
            if (b < 0) {
                break;
            }
            if (hits == hitBlocks.length) {
                hitBlocks = java.util.Arrays.copyOf(hitBlocks, hits * 2);
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

    /** Registers the request's newly full blocks in the prefix cache. */
    private void cacheFullBlocks(int r) {
        final RequestTable t = rt;
        if (!settings.prefixCaching() || t.tokenIdCount[r] < 0) {
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

    /** Chained hash of block {@code j} of request {@code r}, computed once and memoised. */
    private long blockHash(int r, int j) {
        final RequestTable t = rt;
        int off = t.blockOffset[r];
        int bs = pool.blockSizeTokens();
        while (t.hashesComputed[r] <= j) {
            int k = t.hashesComputed[r];
            long parent = k == 0 ? 0L : t.blockHashes[off + k - 1];
            if (t.hashIdCount[r] >= 0) {
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
