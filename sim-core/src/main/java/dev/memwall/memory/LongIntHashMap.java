package dev.memwall.memory;

import java.util.Arrays;

/**
 * Open-addressing map from non-zero {@code long} keys to {@code int} values, linear probing with
 * backward-shift deletion (no tombstones), after Agrona's {@code Long2LongHashMap}. Key 0 is the
 * empty sentinel. Grows by doubling only; a warmed map allocates nothing.
 */
final class LongIntHashMap {
    static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private int resizeThreshold;

    LongIntHashMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
        resizeThreshold = cap / 2;
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(keys, 0L);
        size = 0;
    }

    int get(long key) {
        final long[] k = keys;
        int i = slot(key);
        long existing;
        while ((existing = k[i]) != 0L) {
            if (existing == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    void put(long key, int value) {
        int i = slot(key);
        while (keys[i] != 0L) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size > resizeThreshold) {
            rehash();
        }
    }

    /** Removes {@code key} if present. */
    void remove(long key) {
        final long[] k = keys;
        int i = slot(key);
        while (k[i] != 0L) {
            if (k[i] == key) {
                k[i] = 0L;
                size--;
                shiftBack(i);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Backward-shift deletion: re-seat the entries after a hole so probing never stops early. */
    private void shiftBack(int hole) {
        final long[] k = keys;
        int i = (hole + 1) & mask;
        while (k[i] != 0L) {
            int home = slot(k[i]);
            // Move the entry into the hole when its home is not cyclically in (hole, i].
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                k[hole] = k[i];
                values[hole] = values[i];
                k[i] = 0L;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0L) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
