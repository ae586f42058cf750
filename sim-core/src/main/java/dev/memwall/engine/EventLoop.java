package dev.memwall.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The discrete-event loop: pops events from an {@link EventHeap} in {@code (time, insertion)}
 * order and dispatches each to the handler registered for its kind. Kinds are small integers
 * handed out by {@link #register} at build time, as CloudSim Plus's integer tags are, so a new
 * behaviour is a new kind with its own handler, not a new branch in a switch; dispatch is one
 * array load and an interface call, and allocates nothing.
 *
 * <p>The loop also keeps the work counters that make an algorithmic regression visible without
 * timing anything: events dispatched, in total and per kind.
 */
public final class EventLoop {
    /** What happens when an event of one kind comes due. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles one event.
         *
         * @param nowNs the event's time, the loop's current time
         * @param arg   the event's argument (whom it is for: a request, an instance, a stage)
         */
        void handle(long nowNs, int arg);
    }

    private final EventHeap heap;
    private Handler[] handlers = new Handler[8];
    private boolean[] countsAsWork = new boolean[8];
    private long[] dispatchedByKind = new long[8];
    private final List<String> names = new ArrayList<>();
    private int kinds;
    private long nowNs;
    private long lastWorkNs;
    private long dispatched;
    private boolean running;

    /** @param initialCapacity events the heap holds before it first grows */
    public EventLoop(int initialCapacity) {
        heap = new EventHeap(initialCapacity);
    }

    /**
     * Registers a kind of event (set-up only) and returns its id.
     *
     * @param name        names the kind in errors and counters
     * @param isWork      whether its events mark work: the time of the last such event is when
     *                    the run's work ended ({@link #lastWorkNs}); periodic observers such as a
     *                    heartbeat are not work
     */
    public int register(String name, boolean isWork, Handler handler) {
        if (running) {
            throw new IllegalStateException("event kinds are registered before the loop runs");
        }
        if (kinds == handlers.length) {
            handlers = Arrays.copyOf(handlers, kinds * 2);
            countsAsWork = Arrays.copyOf(countsAsWork, kinds * 2);
            dispatchedByKind = Arrays.copyOf(dispatchedByKind, kinds * 2);
        }
        handlers[kinds] = handler;
        countsAsWork[kinds] = isWork;
        names.add(name);
        return kinds++;
    }

    /** Drops every pending event and zeroes the clock and counters; keeps registered kinds. */
    public void reset() {
        heap.clear();
        nowNs = 0;
        lastWorkNs = 0;
        dispatched = 0;
        Arrays.fill(dispatchedByKind, 0L);
    }

    /** Schedules an event of {@code kind} at {@code atNs}. */
    public void push(long atNs, int kind, int arg) {
        if (atNs < nowNs) {
            throw new SimulationFault("event '" + kindName(kind) + "' scheduled at " + atNs + " ns, before now ("
                    + nowNs + " ns): simulated time overflowed or went backwards");
        }
        heap.push(atNs, kind, arg);
    }

    /** Dispatches events until none is left. */
    public void run() {
        final EventHeap h = heap;
        running = true;
        try {
            while (!h.isEmpty()) {
                h.pop();
                final long t = h.timeNs();
                final int kind = h.kind();
                if (kind < 0 || kind >= kinds) {
                    throw new SimulationFault("event of unregistered kind " + kind + " at " + t + " ns");
                }
                nowNs = t;
                if (countsAsWork[kind]) {
                    lastWorkNs = t;
                }
                dispatched++;
                dispatchedByKind[kind]++;
                handlers[kind].handle(t, h.arg());
            }
        } finally {
            running = false;
        }
    }

    /** The current simulated time: the time of the event being handled, or of the last one. */
    public long nowNs() {
        return nowNs;
    }

    /** Time of the last event of a work kind: when the run's work ended. */
    public long lastWorkNs() {
        return lastWorkNs;
    }

    /** Whether no event is pending. */
    public boolean isIdle() {
        return heap.isEmpty();
    }

    /**
     * The next moment anything already scheduled can act: the earliest pending event's time, or
     * {@link Long#MAX_VALUE} when none is pending.
     */
    public long horizonNs() {
        return heap.isEmpty() ? Long.MAX_VALUE : heap.peekTimeNs();
    }

    /** Events dispatched since the last {@link #reset}. */
    public long eventsDispatched() {
        return dispatched;
    }

    /** Events of {@code kind} dispatched since the last {@link #reset}. */
    public long eventsDispatched(int kind) {
        return dispatchedByKind[kind];
    }

    /** Registered kinds. */
    public int kindCount() {
        return kinds;
    }

    /** The name a kind was registered under. */
    public String kindName(int kind) {
        return kind >= 0 && kind < kinds ? names.get(kind) : "#" + kind;
    }
}
