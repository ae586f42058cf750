package dev.memwall.memory;

/**
 * The second prefix-cache tier ({@code --prefix-storage CPU|CXL}): full KV blocks evicted from
 * a GPU's pool keep their prefix hashes here, least recently used first out, up to a capacity
 * in blocks. A prefix lookup that runs past what HBM holds continues here; such hits are loaded
 * back over the tier's path. With {@code --enable-prefix-sharing} one tier serves several
 * instances (a node's, or the cluster's on CXL). The tier keeps its devices' resident bytes in
 * the memory system as blocks come and go, and counts its lookups and hits. Primitive arrays only:
 * {@link #insert} and {@link #contains} allocate nothing.
 */
public final class PrefixVictimCache {
    private static final int NONE = -1;

    private final int capacity;
    private final long[] hashOf;
    /** Per slot, the bytes (all ranks) its block occupies on the tier's devices. */
    private final double[] bytesOf;
    private final MemorySystem memory;
    private final int[] devices;
    private long lookups;
    private long hits;
    private final int[] prev;
    private final int[] next;
    private final LongIntHashMap slots;
    private int head = NONE; // least recently used
    private int tail = NONE; // most recently used
    private int size;
    private int freeSlot;

    /** A tier whose residency nobody tracks (tests). */
    public PrefixVictimCache(int capacityBlocks) {
        this(capacityBlocks, null, new int[0]);
    }

    /**
     * @param memory  the memory system holding the tier's bytes
     * @param devices the devices it stripes its blocks over
     */
    public PrefixVictimCache(int capacityBlocks, MemorySystem memory, int[] devices) {
        if (capacityBlocks < 1) {
            throw new IllegalArgumentException("capacity must be at least one block");
        }
        capacity = capacityBlocks;
        this.memory = memory;
        this.devices = devices.clone();
        bytesOf = new double[capacityBlocks];
        hashOf = new long[capacityBlocks];
        prev = new int[capacityBlocks];
        next = new int[capacityBlocks];
        slots = new LongIntHashMap(capacityBlocks);
    }

    /** Forgets every block (the memory system's own reset drops their resident bytes). */
    public void reset() {
        slots.clear();
        head = NONE;
        tail = NONE;
        size = 0;
        freeSlot = 0;
        lookups = 0;
        hits = 0;
    }

    /** Lookups of a block in the tier since the last reset. */
    public long lookups() {
        return lookups;
    }

    /** Lookups that found their block. */
    public long hits() {
        return hits;
    }

    public int capacityBlocks() {
        return capacity;
    }

    public int size() {
        return size;
    }

    /** Keeps {@code hash} as the most recently used, evicting the least recently used when full. */
    public void insert(long hash) {
        insert(hash, 0);
    }

    /**
     * Keeps {@code hash}, a block of {@code bytesAllRanks} bytes, as the most recently used,
     * evicting the least recently used when full.
     */
    public void insert(long hash, double bytesAllRanks) {
        int slot = slots.get(hash);
        if (slot != LongIntHashMap.MISSING) {
            touch(slot);
            return;
        }
        if (size == capacity) {
            slot = head;
            unlink(slot);
            slots.remove(hashOf[slot]);
            resident(-bytesOf[slot]);
            size--;
        } else {
            slot = freeSlot++;
        }
        hashOf[slot] = hash;
        bytesOf[slot] = bytesAllRanks;
        resident(bytesAllRanks);
        slots.put(hash, slot);
        append(slot);
        size++;
    }

    private void resident(double bytes) {
        if (bytes != 0) {
            for (int d : devices) {
                memory.use(d, bytes / devices.length);
            }
        }
    }

    /** Whether {@code hash} is held; a hit counts as a use. */
    public boolean contains(long hash) {
        lookups++;
        int slot = slots.get(hash);
        if (slot == LongIntHashMap.MISSING) {
            return false;
        }
        hits++;
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
