package dev.memwall.memory;

/**
 * The second prefix-cache tier ({@code --prefix-storage CPU|CXL}): full KV blocks evicted from
 * the GPU's pool keep their prefix hashes here, least recently used first out, up to a capacity
 * in blocks. A prefix lookup that runs past what HBM holds continues here; such hits are loaded
 * back over the tier's path. Primitive arrays only: {@link #insert} and {@link #contains} allocate
 * nothing.
 */
public final class PrefixVictimCache {
    private static final int NONE = -1;

    private final int capacity;
    private final long[] hashOf;
    private final int[] prev;
    private final int[] next;
    private final LongIntHashMap slots;
    private int head = NONE; // least recently used
    private int tail = NONE; // most recently used
    private int size;
    private int freeSlot;

    public PrefixVictimCache(int capacityBlocks) {
        if (capacityBlocks < 1) {
            throw new IllegalArgumentException("capacity must be at least one block");
        }
        capacity = capacityBlocks;
        hashOf = new long[capacityBlocks];
        prev = new int[capacityBlocks];
        next = new int[capacityBlocks];
        slots = new LongIntHashMap(capacityBlocks);
    }

    public void reset() {
        slots.clear();
        head = NONE;
        tail = NONE;
        size = 0;
        freeSlot = 0;
    }

    public int capacityBlocks() {
        return capacity;
    }

    public int size() {
        return size;
    }

    /** Keeps {@code hash} as the most recently used, evicting the least recently used when full. */
    public void insert(long hash) {
        int slot = slots.get(hash);
        if (slot != LongIntHashMap.MISSING) {
            touch(slot);
            return;
        }
        if (size == capacity) {
            slot = head;
            unlink(slot);
            slots.remove(hashOf[slot]);
            size--;
        } else {
            slot = freeSlot++;
        }
        hashOf[slot] = hash;
        slots.put(hash, slot);
        append(slot);
        size++;
    }

    /** Whether {@code hash} is held; a hit counts as a use. */
    public boolean contains(long hash) {
        int slot = slots.get(hash);
        if (slot == LongIntHashMap.MISSING) {
            return false;
        }
        touch(slot);
        return true;
    }

    private void touch(int slot) {
        if (slot != tail) {
            unlink(slot);
            append(slot);
        }
    }

    private void append(int slot) {
        prev[slot] = tail;
        next[slot] = NONE;
        if (tail == NONE) {
            head = slot;
        } else {
            next[tail] = slot;
        }
        tail = slot;
    }

    private void unlink(int slot) {
        int p = prev[slot];
        int n = next[slot];
        if (p == NONE) {
            head = n;
        } else {
            next[p] = n;
        }
        if (n == NONE) {
            tail = p;
        } else {
            prev[n] = p;
        }
    }
}
