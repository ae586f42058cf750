package dev.memwall.serving;

import java.util.Arrays;

/**
 * Hands out regions of a primitive arena (offsets into arrays the caller owns and grows to
 * {@link #capacity()}), and takes them back for reuse: each region is a power of two long, and a
 * freed one waits on its size's free list for the next request of that size. So an arena whose
 * requests finish and are recycled stays as large as what is live at once (at most twice that,
 * plus one free region per size), not as large as everything ever asked for. Allocation-free once
 * its lists have grown to the run's needs.
 */
final class Regions {
    /** Sizes 2^0 .. 2^30. */
    private static final int CLASSES = 31;

    private final int[][] free = new int[CLASSES][];
    private final int[] freeCount = new int[CLASSES];
    private int used;

    Regions() {
        for (int k = 0; k < CLASSES; k++) {
            free[k] = new int[4];
        }
    }

    /** Forgets every region: the arena is empty again, keeping its lists. */
    void reset() {
        used = 0;
        Arrays.fill(freeCount, 0);
    }

    /** The size of the region {@link #allocate} gives for {@code length} slots: the next power of two. */
    static int sizeFor(int length) {
        return length <= 1 ? 1 : Integer.highestOneBit(length - 1) << 1;
    }

    /** Offset of a region of {@link #sizeFor sizeFor(length)} slots, reused when one is free. */
    int allocate(int length) {
        int size = sizeFor(length);
        int k = Integer.numberOfTrailingZeros(size);
        if (freeCount[k] > 0) {
            return free[k][--freeCount[k]];
        }
        int offset = used;
        used += size;
        return offset;
    }

    /** Gives back the region at {@code offset} that {@code allocate(length)} returned. */
    void free(int offset, int length) {
        int k = Integer.numberOfTrailingZeros(sizeFor(length));
        if (freeCount[k] == free[k].length) {
            free[k] = Arrays.copyOf(free[k], free[k].length * 2);
        }
        free[k][freeCount[k]++] = offset;
    }

    /** Slots the arena must hold: the end of the last region ever handed out. */
    int capacity() {
        return used;
    }
}
