package dev.memwall.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The paged KV pool as vLLM V1's BlockPool behaves: all-or-nothing allocation from the head of an
 * LRU free queue, tail-first freeing, freed blocks keeping their prefix hashes until reused, and
 * evicted prefixes handed to the second tier.
 */
class KvBlockPoolTest {

    @Test
    void allocationIsAllOrNothing() {
        KvBlockPool pool = new KvBlockPool(4, 16);
        int[] table = new int[8];
        assertFalse(pool.allocate(5, table, 0));
        assertEquals(4, pool.numFreeBlocks());
        assertTrue(pool.allocate(4, table, 0));
        assertEquals(0, pool.numFreeBlocks());
        assertEquals(4, pool.peakUsedBlocks());
    }

    @Test
    void cachedFreedBlocksAreEvictedLeastRecentlyFreedFirstAndARequestsTailBeforeItsHead() {
        KvBlockPool pool = new KvBlockPool(4, 16);
        int[] a = new int[2];
        int[] b = new int[2];
        pool.allocate(2, a, 0);
        pool.allocate(2, b, 0);
        pool.cache(a[0], 11L);
        pool.cache(a[1], 12L);
        pool.cache(b[0], 21L);
        pool.cache(b[1], 22L);
        pool.free(a, 0, 2);     // tail first: free queue 12, 11
        pool.free(b, 0, 2);     // then 22, 21
        long[] evictionOrder = {12L, 11L, 22L, 21L};
        int[] c = new int[1];
        for (int k = 0; k < evictionOrder.length; k++) {
            pool.allocate(1, c, 0);
            for (int j = 0; j < evictionOrder.length; j++) {
                assertEquals(j <= k, pool.lookup(evictionOrder[j]) == KvBlockPool.NO_BLOCK, "after " + (k + 1));
            }
        }
    }

    @Test
    void blocksFreedWithoutAPrefixTakeTheirPlaceInTheQueueBeforeLaterCachedOnes() {
        KvBlockPool pool = new KvBlockPool(4, 16);
        int[] t = new int[4];
        pool.allocate(4, t, 0);
        pool.cache(t[1], 5L);
        pool.free(t, 0, 1);     // queue: one uncached block
        pool.free(t, 1, 1);     // then prefix 5
        pool.free(t, 2, 2);     // then two uncached blocks
        int[] u = new int[4];
        pool.allocate(1, u, 0); // the uncached block ahead of it
        assertEquals(t[1], pool.lookup(5L));
        pool.allocate(1, u, 1); // prefix 5 is next
        assertEquals(KvBlockPool.NO_BLOCK, pool.lookup(5L));
        assertTrue(pool.allocate(2, u, 2));
        assertEquals(0, pool.numFreeBlocks());
    }

    @Test
    void touchingAQueuedPrefixKeepsTheUncachedBlocksAroundItInOrder() {
        KvBlockPool pool = new KvBlockPool(5, 16);
        int[] t = new int[5];
        pool.allocate(5, t, 0);
        pool.cache(t[1], 5L);
        pool.cache(t[3], 6L);
        pool.free(t, 0, 1);     // queue: uncached, 5, uncached, 6, uncached
        pool.free(t, 1, 1);
        pool.free(t, 2, 1);
        pool.free(t, 3, 1);
        pool.free(t, 4, 1);
        pool.touch(pool.lookup(5L)); // queue: uncached, uncached, 6, uncached
        int[] u = new int[4];
        pool.allocate(2, u, 0);
        assertEquals(t[3], pool.lookup(6L));
        pool.allocate(1, u, 2);
        assertEquals(KvBlockPool.NO_BLOCK, pool.lookup(6L));
        assertEquals(t[1], pool.lookup(5L), "a held prefix stays cached");
        assertTrue(pool.allocate(1, u, 3));
        assertFalse(pool.allocate(1, u, 0));
    }

    @Test
    void aFreedBlockKeepsItsPrefixUntilReusedThenEvictsItToTheSecondTier() {
        KvBlockPool pool = new KvBlockPool(2, 16);
        PrefixVictimCache tier = new PrefixVictimCache(8);
        pool.setVictimCache(tier);
        int[] t = new int[2];
        pool.allocate(1, t, 0);
        pool.cache(t[0], 77L);
        pool.free(t, 0, 1);
        // Idle but still cached: a lookup finds it and touching it pulls it off the free queue.
        assertEquals(t[0], pool.lookup(77L));
        assertTrue(pool.isIdle(t[0]));
        pool.touch(t[0]);
        assertFalse(pool.isIdle(t[0]));
        assertEquals(1, pool.numFreeBlocks());
        pool.free(t, 0, 1);
        // Reusing both blocks evicts the prefix: gone from HBM, kept by the second tier.
        int[] u = new int[2];
        assertTrue(pool.allocate(2, u, 0));
        assertEquals(KvBlockPool.NO_BLOCK, pool.lookup(77L));
        assertTrue(tier.contains(77L));
    }

    @Test
    void anIdenticalBlockIsCachedOnce() {
        KvBlockPool pool = new KvBlockPool(2, 16);
        int[] t = new int[2];
        pool.allocate(2, t, 0);
        pool.cache(t[0], 5L);
        pool.cache(t[1], 5L);
        assertEquals(t[0], pool.lookup(5L));
    }

    @Test
    void countsEveryBlockAllocatedTouchedAndFreedAsWork() {
        KvBlockPool pool = new KvBlockPool(8, 16);
        int[] t = new int[3];
        pool.allocate(3, t, 0);
        pool.cache(t[0], 9L);
        pool.free(t, 0, 3);
        pool.touch(pool.lookup(9L));
        assertEquals(3 + 3 + 1, pool.blockOperations());
        pool.reset();
        assertEquals(0, pool.blockOperations());
        assertEquals(8, pool.numFreeBlocks());
        assertEquals(KvBlockPool.NO_BLOCK, pool.lookup(9L));
    }

    @Test
    void blocksForRoundsUp() {
        KvBlockPool pool = new KvBlockPool(1, 16);
        assertEquals(0, pool.blocksFor(0));
        assertEquals(1, pool.blocksFor(1));
        assertEquals(1, pool.blocksFor(16));
        assertEquals(2, pool.blocksFor(17));
    }
}
