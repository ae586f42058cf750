package dev.memwall.memory;

import java.util.Arrays;

/**
 * Open-addressing map from non-zero {@code long} keys to {@code int} values, linear probing with
 * backward-shift deletion (no tombstones), after Agrona's {@code Long2LongHashMap}. Key 0 is the
 * empty sentinel ({@link #EMPTY_KEY}): never stored, never found. Grows by doubling only; a warmed map allocates nothing.
 */
final class LongIntHashMap {
    /** What {@link #get} answers for a key not in the map. */
    static final int MISSING = -1;
    /** The key that marks an empty slot; it can never be stored. */
    static final long EMPTY_KEY = 0L;

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
        // Backward-shift deletion leaves no tombstones: an empty map's slots are all empty already
        // (a fresh one's too), and a cold fill of a large table costs a run's start-up.
        if (size > 0) {
            Arrays.fill(keys, EMPTY_KEY);
            size = 0;
        }
    }

    int get(long key) {
        if (key == EMPTY_KEY) {
            return MISSING;
        }
        final long[] k = keys;
        int i = slot(key);
        long existing;
        while ((existing = k[i]) != EMPTY_KEY) {
            if (existing == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    void put(long key, int value) {
        if (key == EMPTY_KEY) {
            throw new IllegalArgumentException("key 0 marks an empty slot and cannot be stored");
        }
        int i = slot(key);
        while (keys[i] != EMPTY_KEY) {
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
        if (key == EMPTY_KEY) {
            return;
        }
        final long[] k = keys;
        int i = slot(key);
        while (k[i] != EMPTY_KEY) {
            if (k[i] == key) {
                k[i] = EMPTY_KEY;
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
        while (k[i] != EMPTY_KEY) {
            int home = slot(k[i]);
            // Move the entry into the hole when its home is not cyclically in (hole, i].
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                k[hole] = k[i];
                values[hole] = values[i];
                k[i] = EMPTY_KEY;
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
            if (oldKeys[i] != EMPTY_KEY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
