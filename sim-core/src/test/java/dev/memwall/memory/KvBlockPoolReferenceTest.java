package dev.memwall.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pool against a plain reference of vLLM V1's BlockPool (one LRU free queue of every free
 * block, a linked list searched on touch): under random admissions, prefix hits, caching and
 * frees, both must agree on everything observable, that is which prefixes are cached and idle,
 * the free and peak counts, and the work counter. Block ids themselves may differ.
 */
class KvBlockPoolReferenceTest {
    private static final int BLOCKS = 48;

    /** The reference: the free queue holds every free block, in the order freed. */
    private static final class ReferencePool {
        final LinkedList<Integer> freeQueue = new LinkedList<>();
        final int[] refCount = new int[BLOCKS];
        final long[] hash = new long[BLOCKS];
        final Map<Long, Integer> cached = new HashMap<>();
        int peak;
        long ops;

        ReferencePool() {
            for (int b = 0; b < BLOCKS; b++) {
                freeQueue.add(b);
            }
        }

        boolean allocate(int count, List<Integer> table) {
            if (count > freeQueue.size()) {
                return false;
            }
            ops += count;
            for (int i = 0; i < count; i++) {
                int b = freeQueue.removeFirst();
                if (hash[b] != 0 && cached.get(hash[b]) == b) {
                    cached.remove(hash[b]);
                }
                hash[b] = 0;
                refCount[b] = 1;
                table.add(b);
            }
            peak = Math.max(peak, BLOCKS - freeQueue.size());
            return true;
        }

        void touch(int b) {
            ops++;
            if (refCount[b]++ == 0) {
                freeQueue.remove(Integer.valueOf(b));
            }
            peak = Math.max(peak, BLOCKS - freeQueue.size());
        }

        void free(List<Integer> table) {
            ops += table.size();
            for (int i = table.size() - 1; i >= 0; i--) {
                int b = table.get(i);
                if (--refCount[b] == 0) {
                    freeQueue.addLast(b);
                }
            }
        }

        void cache(int b, long h) {
            if (hash[b] == 0 && !cached.containsKey(h)) {
                hash[b] = h;
                cached.put(h, b);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void agreesWithVllmsSingleFreeQueueOnEveryObservable(long seed) {
        Random rnd = new Random(seed);
        KvBlockPool pool = new KvBlockPool(BLOCKS, 16);
        ReferencePool ref = new ReferencePool();
        List<int[]> held = new ArrayList<>();          // per request, the pool's blocks
        List<List<Integer>> refHeld = new ArrayList<>(); // per request, the reference's
        long nextHash = 1;
        for (int step = 0; step < 4000; step++) {
            int op = rnd.nextInt(10);
            if (op < 4) {
                int count = 1 + rnd.nextInt(5);
                long hit = 1 + rnd.nextInt((int) nextHash);
                boolean hits = ref.cached.containsKey(hit) && rnd.nextBoolean();
                List<Integer> refTable = new ArrayList<>();
                int poolHit = pool.lookup(hit);
                assertEquals(ref.cached.containsKey(hit), poolHit != KvBlockPool.NO_BLOCK, "lookup at step " + step);
                boolean idle = hits && ref.refCount[ref.cached.get(hit)] == 0;
                int fresh = hits ? count - 1 : count;
                if (fresh > ref.freeQueue.size() - (idle ? 1 : 0)) {
                    assertEquals(false, pool.allocate(fresh + (idle ? 1 : 0), new int[count + 1], 0));
                    continue;
                }
                int[] table = new int[count];
                if (hits) {
                    ref.touch(ref.cached.get(hit));
                    refTable.add(ref.cached.get(hit));
                    pool.touch(poolHit);
                    table[0] = poolHit;
                }
                assertEquals(ref.allocate(fresh, refTable), pool.allocate(fresh, table, count - fresh));
                held.add(table);
                refHeld.add(refTable);
            } else if (op < 7 && !held.isEmpty()) {
                int r = rnd.nextInt(held.size());
                int j = rnd.nextInt(held.get(r).length);
                long h = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt((int) nextHash) : ++nextHash;
                pool.cache(held.get(r)[j], h);
                ref.cache(refHeld.get(r).get(j), h);
            } else if (!held.isEmpty()) {
                int r = rnd.nextInt(held.size());
                int[] table = held.remove(r);
                pool.free(table, 0, table.length);
                ref.free(refHeld.remove(r));
            }
            assertAgree(pool, ref, nextHash, step);
        }
    }

    private static void assertAgree(KvBlockPool pool, ReferencePool ref, long hashes, int step) {
        assertEquals(ref.freeQueue.size(), pool.numFreeBlocks(), "free blocks at step " + step);
        assertEquals(ref.peak, pool.peakUsedBlocks(), "peak at step " + step);
        assertEquals(ref.ops, pool.blockOperations(), "block operations at step " + step);
        for (long h = 1; h <= hashes; h++) {
            Integer b = ref.cached.get(h);
            int found = pool.lookup(h);
            assertEquals(b != null, found != KvBlockPool.NO_BLOCK, "prefix " + h + " cached at step " + step);
            if (b != null) {
                assertEquals(ref.refCount[b] == 0, pool.isIdle(found), "prefix " + h + " idle at step " + step);
            }
        }
    }
}
