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
    void freedBlocksAreReusedLeastRecentlyFreedFirstAndARequestsTailBeforeItsHead() {
        KvBlockPool pool = new KvBlockPool(4, 16);
        int[] a = new int[2];
        int[] b = new int[2];
        pool.allocate(2, a, 0); // blocks 0, 1 from the head of the free queue
        pool.allocate(2, b, 0); // blocks 2, 3
        assertArrayEquals(new int[] {0, 1}, a);
        pool.free(a, 0, 2);     // tail first: free queue 1, 0
        pool.free(b, 0, 2);     // then 3, 2
        int[] c = new int[4];
        pool.allocate(4, c, 0);
        assertArrayEquals(new int[] {1, 0, 3, 2}, c);
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
