package dev.memwall.workload;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A trace opened and parsed on a thread of its own, a bounded distance ahead of the one simulation
 * thread that consumes it: with a spare core, parsing overlaps building the cluster and then the
 * run itself. Parsing is a large share of a short run: reading LLMServingSim's ShareGPT 300 trace
 * (its token ids) took 75 ms of a cold JVM, its whole simulation about 110 ms; reading the Azure
 * 2023 conversation trace, 75 ms of a 0.45 s simulation.
 *
 * <p>The entries, their order, and the exception a missing file or a bad line raises are those of
 * the reader it wraps: an open failure is raised by {@link #awaitOpen()}, a bad entry by the
 * {@link #next} that reaches it, as the same exception object. Results cannot depend on timing:
 * the consumer takes entries strictly in order and only the reader thread touches the file.
 *
 * <p>The ring is one producer, one consumer: each side publishes its position through a volatile
 * counter and parks only when the other is behind; a side that parks says so first, and the other
 * unparks it after moving (the park also times out, a safety net). Steady state allocates nothing:
 * slots are reused, and only the arrays of an entry larger than {@link #MAX_KEPT_IDS} ids are let
 * go after use, so that read-ahead keeps at most {@link #SLOTS} small entries plus
 * {@link #MAX_BUFFERED_IDS} buffered ids.
 */
public final class ReadAheadReader implements WorkloadReader {
    /** Entries read ahead at most (a power of two). */
    static final int SLOTS = 256;
    /** Token and hash ids held in read-ahead entries at most (one entry may exceed it alone). */
    static final long MAX_BUFFERED_IDS = 1L << 20;
    /** A slot whose arrays hold more ids than this gets fresh ones after use. */
    static final int MAX_KEPT_IDS = 1 << 14;
    /** The longest a side sleeps before looking again, should a wake-up be missed. */
    private static final long PARK_NS = 1_000_000;
    private static final int MASK = SLOTS - 1;

    private final TraceEntry[] slots = new TraceEntry[SLOTS];
    /** Per slot, the ids its entry holds: counted once, by the reader thread, before publishing. */
    private final int[] slotIds = new int[SLOTS];
    private final Supplier<WorkloadReader> opener;
    private final Thread readerThread;
    private final AtomicLong bufferedIds = new AtomicLong();
    /** The source; written by the reader thread before {@link #opened} is set. */
    private WorkloadReader source;
    private volatile boolean opened;
    private volatile Throwable openFailure;
    /** Entries filled; written by the reader thread only. */
    private volatile long published;
    /** Entries taken; written by the consumer only. */
    private volatile long consumed;
    /** Set by the reader thread after its last {@link #published} update when the source ends. */
    private volatile boolean ended;
    /** What the source's next entry raised, set after the last {@link #published} update. */
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile Thread parkedConsumer;
    private volatile boolean readerParked;

    private ReadAheadReader(Supplier<WorkloadReader> opener, String name) {
        this.opener = opener;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new TraceEntry();
        }
        readerThread = new Thread(this::readAll, "memwall-read-ahead " + name);
        readerThread.setDaemon(true);
    }

    /**
     * Starts opening and reading the reader {@code opener} gives on a new thread.
     *
     * @param name names the thread (the trace's file)
     */
    public static ReadAheadReader start(Supplier<WorkloadReader> opener, String name) {
        ReadAheadReader r = new ReadAheadReader(opener, name);
        r.readerThread.start();
        return r;
    }

    /**
     * Waits until the source is open, and raises what opening it raised (a missing or empty trace).
     *
     * @return this reader
     */
    public ReadAheadReader awaitOpen() {
        while (!opened) {
            parkConsumer();
        }
        if (openFailure != null) {
            raise(openFailure);
        }
        return this;
    }

    @Override
    public boolean next(TraceEntry entry) {
        awaitOpen();
        long index = consumed;
        while (published == index) {
            if (ended || failure != null) {
                if (published != index) {
                    break; // published just before the end was flagged
                }
                raise(failure);
                return false;
            }
            parkConsumer();
        }
        int at = (int) (index & MASK);
        entry.copyFrom(slots[at]);
        int ids = slotIds[at];
        if (ids > MAX_KEPT_IDS) {
            slots[at] = new TraceEntry();
        }
        bufferedIds.addAndGet(-ids);
        consumed = index + 1;
        if (readerParked && drained(published)) {
            LockSupport.unpark(readerThread);
        }
        return true;
    }

    /** Raises {@code t} as it was raised on the reader thread; nothing when it is null. */
    private static void raise(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t); // next() declares no checked exception
        }
    }

    /** Stops the reader thread and closes the source (raising what closing it raises); again, nothing. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(readerThread);
        boolean interrupted = false;
        while (readerThread.isAlive()) {
            try {
                readerThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        WorkloadReader open = source;
        source = null; // closed once, whoever closes again
        if (open != null) {
            open.close();
        }
    }

    private void parkConsumer() {
        parkedConsumer = Thread.currentThread();
        if (!opened || published == consumed && !ended && failure == null) {
            LockSupport.parkNanos(this, PARK_NS);
        }
        parkedConsumer = null;
    }

    private void wakeConsumer() {
        Thread t = parkedConsumer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The reader thread: opens the source, then fills slots until the end, a failure or close. */
    private void readAll() {
        try {
            source = opener.get();
        } catch (Throwable t) { // raised by the consumer's awaitOpen()
            openFailure = t;
            return;
        } finally {
            opened = true;
            wakeConsumer();
        }
        long index = 0;
        try {
            while (true) {
                if (closed) {
                    ended = true;
                    return;
                }
                if (full(index)) {
                    parkReader(index);
                    continue;
                }
                int at = (int) (index & MASK);
                TraceEntry slot = slots[at];
                slot.clear();
                if (!source.next(slot)) {
                    ended = true;
                    return;
                }
                slotIds[at] = ids(slot);
                bufferedIds.addAndGet(slotIds[at]);
                published = ++index;
                wakeConsumer();
            }
        } catch (Throwable t) { // raised, in order, by the consumer's next()
            failure = t;
        } finally {
            wakeConsumer();
        }
    }

    private boolean full(long index) {
        long ahead = index - consumed;
        return ahead >= SLOTS || ahead > 0 && bufferedIds.get() >= MAX_BUFFERED_IDS;
    }

    /**
     * Whether a reader that found the ring full may go on: once it is half empty. Waking it for
     * every slot freed would cost a park and an unpark per entry when the simulation is the slower.
     */
    private boolean drained(long index) {
        long ahead = index - consumed;
        return ahead == 0 || ahead <= SLOTS / 2 && bufferedIds.get() <= MAX_BUFFERED_IDS / 2;
    }

    /** Parks the reader, found full at {@code index}, until the ring is drained or it is closed. */
    private void parkReader(long index) {
        while (!drained(index) && !closed) {
            readerParked = true;
            if (!drained(index) && !closed) {
                LockSupport.parkNanos(this, PARK_NS);
            }
            readerParked = false;
        }
    }

    /** The token and hash ids an entry holds. */
    private static int ids(TraceEntry e) {
        int n = Math.max(e.hashIdCount, 0);
        for (int i = 0; i < e.subRequests; i++) {
            n += Math.max(e.inputTokenIdCount[i], 0) + Math.max(e.outputTokenIdCount[i], 0);
        }
        return n;
    }
}
