package dev.memwall.engine;

import java.util.Arrays;

/**
 * A binary min-heap of events on parallel primitive arrays, ordered by {@code (timeNs, seq)}
 * where {@code seq} is the insertion sequence: events at equal times come out in the order they
 * were pushed, so a simulation is deterministic. Pre-sized; grows by doubling only, so a warmed
 * heap allocates nothing.
 *
 * <p>An event is a {@code kind} (what happens) and an {@code arg} (to whom: a request or an
 * instance id). The heap knows nothing else about them.
 */
public final class EventHeap {
    private long[] timeNs;
    private long[] seq;
    private int[] kind;
    private int[] arg;
    private int size;
    private long nextSeq;

    /** The popped event, valid until the next pop. */
    private long topTimeNs;
    private int topKind;
    private int topArg;

    public EventHeap(int initialCapacity) {
        int cap = Math.max(4, initialCapacity);
        timeNs = new long[cap];
        seq = new long[cap];
        kind = new int[cap];
        arg = new int[cap];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Drops every event and restarts the insertion sequence; keeps the arrays. */
    public void clear() {
        size = 0;
        nextSeq = 0;
    }

    /** Adds an event at {@code atNs}. */
    public void push(long atNs, int eventKind, int eventArg) {
        if (size == timeNs.length) {
            grow();
        }
        long s = nextSeq++;
        // Sift up: move parents down until the slot for the new event is found.
        int i = size++;
        final long[] t = timeNs;
        final long[] q = seq;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = t[parent];
            if (pt < atNs || (pt == atNs && q[parent] < s)) {
                break;
            }
            moveSlot(parent, i);
            i = parent;
        }
        t[i] = atNs;
        q[i] = s;
        kind[i] = eventKind;
        arg[i] = eventArg;
    }

    /** Time of the earliest event; the heap must not be empty. */
    public long peekTimeNs() {
        return timeNs[0];
    }

    /**
     * Removes the earliest event and makes it readable through {@link #timeNs()},
     * {@link #kind()} and {@link #arg()}.
     */
    public void pop() {
        if (size == 0) {
            throw new IllegalStateException("pop from an empty event heap");
        }
        topTimeNs = timeNs[0];
        topKind = kind[0];
        topArg = arg[0];
        int last = --size;
        if (last == 0) {
            return;
        }
        long lt = timeNs[last];
        long ls = seq[last];
        int lk = kind[last];
        int la = arg[last];
        // Sift the former last element down from the root.
        final long[] t = timeNs;
        final long[] q = seq;
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && (t[right] < t[child] || (t[right] == t[child] && q[right] < q[child]))) {
                child = right;
            }
            if (lt < t[child] || (lt == t[child] && ls < q[child])) {
                break;
            }
            moveSlot(child, i);
            i = child;
        }
        t[i] = lt;
        q[i] = ls;
        kind[i] = lk;
        arg[i] = la;
    }

    /** Time of the last popped event. */
    public long timeNs() {
        return topTimeNs;
    }

    /** Kind of the last popped event. */
    public int kind() {
        return topKind;
    }

    /** Argument of the last popped event. */
    public int arg() {
        return topArg;
    }

    private void moveSlot(int from, int to) {
        timeNs[to] = timeNs[from];
        seq[to] = seq[from];
        kind[to] = kind[from];
        arg[to] = arg[from];
    }

    private void grow() {
        int cap = timeNs.length * 2;
        timeNs = Arrays.copyOf(timeNs, cap);
        seq = Arrays.copyOf(seq, cap);
        kind = Arrays.copyOf(kind, cap);
        arg = Arrays.copyOf(arg, cap);
    }
}
