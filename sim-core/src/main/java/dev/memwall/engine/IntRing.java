package dev.memwall.engine;

import java.util.Arrays;

/**
 * A double-ended queue of {@code int} ids on a power-of-two ring: push and pop at both ends, and
 * indexed reads from the head. Grows by doubling only. Used for the scheduler's waiting and
 * running queues, which hold request ids.
 */
public final class IntRing {
    private int[] items;
    private int mask;
    private int head;
    private int size;

    public IntRing(int initialCapacity) {
        int cap = Integer.highestOneBit(Math.max(4, initialCapacity - 1)) << 1;
        items = new int[cap];
        mask = cap - 1;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        head = 0;
        size = 0;
    }

    /** The {@code i}-th id from the head (0 = first). */
    public int get(int i) {
        return items[(head + i) & mask];
    }

    public int first() {
        return items[head];
    }

    public int last() {
        return items[(head + size - 1) & mask];
    }

    public void addLast(int id) {
        if (size == items.length) {
            grow();
        }
        items[(head + size) & mask] = id;
        size++;
    }

    public void addFirst(int id) {
        if (size == items.length) {
            grow();
        }
        head = (head - 1) & mask;
        items[head] = id;
        size++;
    }

    public int removeFirst() {
        int id = items[head];
        head = (head + 1) & mask;
        size--;
        return id;
    }

    public int removeLast() {
        size--;
        return items[(head + size) & mask];
    }

    /**
     * Keeps, in order, only the ids for which {@code keep[id]} is true; used to drop finished
     * requests from the running queue in one pass.
     */
    public void retainIf(boolean[] keep) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            int id = items[(head + r) & mask];
            if (keep[id]) {
                items[(head + w) & mask] = id;
                w++;
            }
        }
        size = w;
    }

    private void grow() {
        int[] bigger = new int[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[(head + i) & mask];
        }
        items = bigger;
        mask = bigger.length - 1;
        head = 0;
    }

    @Override
    public String toString() {
        int[] copy = new int[size];
        for (int i = 0; i < size; i++) {
            copy[i] = get(i);
        }
        return Arrays.toString(copy);
    }
}
