package dev.memwall.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing map behaves as {@link HashMap} does for every sequence of puts, gets and
 * removes (seeded random sequences over key sets small enough to collide and to cluster, so that
 * backward-shift deletion runs through wrapped and unwrapped probe runs), and keeps key 0 out.
 */
class LongIntHashMapTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234567})
    void matchesHashMapOverRandomPutsGetsAndRemoves(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LongIntHashMap map = new LongIntHashMap(16);
        Map<Long, Integer> reference = new HashMap<>();
        // Few distinct keys, many of them sharing home slots: long probe runs that wrap the table.
        long[] keys = new long[48];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextBoolean() ? random.nextLong() | 1 : (i + 1) * 64L;
        }
        for (int step = 0; step < 20_000; step++) {
            long key = keys[random.nextInt(keys.length)];
            int op = random.nextInt(3);
            if (op == 0) {
                int value = random.nextInt(1_000_000);
                map.put(key, value);
                reference.put(key, value);
            } else if (op == 1) {
                map.remove(key);
                reference.remove(key);
            }
            assertEquals(reference.getOrDefault(key, LongIntHashMap.MISSING), map.get(key), "step " + step);
            assertEquals(reference.size(), map.size(), "step " + step);
        }
        for (long key : keys) {
            assertEquals(reference.getOrDefault(key, LongIntHashMap.MISSING), map.get(key));
        }
    }

    @Test
    void removingFromTheMiddleOfAProbeRunKeepsTheRestFindable() {
        // Keys that all hash to one home slot form one run; removing any one must re-seat the
        // ones after it so probing never stops at the hole. Expecting 16 entries gives 32 slots.
        LongIntHashMap map = new LongIntHashMap(16);
        List<Long> sameHome = new ArrayList<>();
        for (long k = 1; sameHome.size() < 6; k++) {
            if (homeSlotOf(k, 32) == homeSlotOf(1, 32)) {
                sameHome.add(k);
            }
        }
        for (int i = 0; i < sameHome.size(); i++) {
            map.put(sameHome.get(i), i);
        }
        map.remove(sameHome.get(2));
        for (int i = 0; i < sameHome.size(); i++) {
            assertEquals(i == 2 ? LongIntHashMap.MISSING : i, map.get(sameHome.get(i)), "key " + sameHome.get(i));
        }
    }

    @Test
    void keyZeroIsNeverStoredNorFound() {
        LongIntHashMap map = new LongIntHashMap(16);
        assertThrows(IllegalArgumentException.class, () -> map.put(LongIntHashMap.EMPTY_KEY, 7));
        assertEquals(LongIntHashMap.MISSING, map.get(LongIntHashMap.EMPTY_KEY));
        map.remove(LongIntHashMap.EMPTY_KEY);
        assertEquals(0, map.size());
    }

    @Test
    void growsPastItsExpectedSizeAndKeepsEveryEntry() {
        LongIntHashMap map = new LongIntHashMap(4);
        for (int i = 1; i <= 10_000; i++) {
            map.put(i * 0x9E3779B97F4A7C15L, i);
        }
        assertEquals(10_000, map.size());
        for (int i = 1; i <= 10_000; i++) {
            assertEquals(i, map.get(i * 0x9E3779B97F4A7C15L));
        }
    }

    /** The map's home slot for {@code key} in a table of {@code capacity} slots (its hash, repeated here). */
    private static int homeSlotOf(long key, int capacity) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & (capacity - 1);
    }
}
