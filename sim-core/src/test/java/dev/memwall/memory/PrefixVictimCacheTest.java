package dev.memwall.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrefixVictimCacheTest {
    @Test
    void evictsTheLeastRecentlyUsedWhenFull() {
        PrefixVictimCache c = new PrefixVictimCache(3);
        c.insert(1);
        c.insert(2);
        c.insert(3);
        assertTrue(c.contains(1)); // 1 is now the most recent: order 2, 3, 1
        c.insert(4); // evicts 2
        assertFalse(c.contains(2));
        assertTrue(c.contains(3));
        assertTrue(c.contains(1));
        assertTrue(c.contains(4));
        assertEquals(3, c.size());
    }

    @Test
    void reinsertingAHeldHashOnlyRefreshesIt() {
        PrefixVictimCache c = new PrefixVictimCache(2);
        c.insert(7);
        c.insert(8);
        c.insert(7); // 8, 7
        c.insert(9); // evicts 8
        assertTrue(c.contains(7));
        assertFalse(c.contains(8));
        assertEquals(2, c.size());
    }

    @Test
    void aPoolSendsTheHashesOfBlocksItReusesToItsTier() {
        KvBlockPool pool = new KvBlockPool(2, 16);
        PrefixVictimCache tier = new PrefixVictimCache(8);
        pool.setVictimCache(tier);
        int[] table = new int[4];
        pool.allocate(2, table, 0);
        pool.cache(table[0], 111);
        pool.cache(table[1], 222);
        pool.free(table, 0, 2);
        assertEquals(table[0], pool.lookup(111));
        // Both blocks are reused: their prefixes leave HBM for the tier.
        pool.allocate(2, table, 2);
        assertEquals(-1, pool.lookup(111));
        assertTrue(tier.contains(111));
        assertTrue(tier.contains(222));
    }
}
