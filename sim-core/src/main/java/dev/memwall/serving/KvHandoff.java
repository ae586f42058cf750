package dev.memwall.serving;

import dev.memwall.engine.EventLoop;
import dev.memwall.engine.IntRing;
import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.LatencyStat;

/**
 * Prefill/decode disaggregation's hand-off: when a prefill instance has computed a request's
 * prompt, the request moves, with its KV, to a decode instance the router picks; its first token
 * is out when the KV is in place there ({@code kv-handoff} events).
 *
 * <p>memwall's physical model reserves the blocks on the decode instance first (a request whose
 * decode instance has no room waits, holding its prefill blocks, and is counted), then moves the
 * prompt's KV bytes over the path between the two ({@link HandoffPaths}): NVLink within a node
 * where the GPUs have it, PCIe through the host otherwise, the nodes' network between nodes, or
 * through a CXL device both instances name in {@code kv_transfer} (written over the prefill GPU's
 * host link, then read over the decode GPU's). LLMServingSim's model ({@code lss}) times a small
 * send inside the prefill iteration instead and hands the request over when the iteration ends.
 */
final class KvHandoff {
    private final EventLoop loop;
    private final Instance[] instances;
    private final RequestTable rt;
    private final Router router;
    private final HandoffPaths paths;
    private final boolean physical;
    private final Scheduler.CompletionSink sink;
    /** Requests whose decode instance had no room for their KV, in order: retried as blocks free. */
    private final IntRing waitingForRoom = new IntRing(64);
    private final int arrivedKind;
    private Runnable afterArrival = () -> { };

    /** Hand-off time per request: prompt done to KV in place on the decode instance. */
    final LatencyStat handoff = new LatencyStat("handoff");
    /** KV bytes moved by hand-offs, all ranks. */
    double bytesMoved;
    /** Hand-offs that had to wait for room on their decode instance. */
    long waitedForRoom;

    KvHandoff(EventLoop loop, Instance[] instances, RequestTable rt, Router router, HandoffPaths paths,
            boolean physical, Scheduler.CompletionSink sink) {
        this.loop = loop;
        this.instances = instances;
        this.rt = rt;
        this.router = router;
        this.paths = paths;
        this.physical = physical;
        this.sink = sink;
        this.arrivedKind = loop.register("kv-handoff", true, this::onArrived);
    }

    /** What to do once a request has arrived on its decode instance (start idle instances). */
    void afterArrival(Runnable hook) {
        this.afterArrival = hook;
    }

    void reset() {
        waitingForRoom.clear();
        handoff.reset();
        bytesMoved = 0;
        waitedForRoom = 0;
    }

    /** Request {@code r}'s prompt is done on its prefill instance at {@code nowNs}: it moves on. */
    void start(int r, long nowNs) {
        rt.handoffStartNs[r] = nowNs;
        rt.instance[r] = router.routeDecode();
        if (!physical) {
            instances[rt.prefilledOn[r]].kv.release(r);
            arrive(r, nowNs);
            return;
        }
        if (!waitingForRoom.isEmpty() || !reserve(r)) {
            waitingForRoom.addLast(r);
            waitedForRoom++;
            return;
        }
        send(r, nowNs);
    }

    private boolean reserve(int r) {
        return instances[rt.instance[r]].kv.reserveFor(r, rt.numComputed[r]);
    }

    /** Sends on, in order, the waiting hand-offs whose decode instance now has room. */
    void retryWaiting(long nowNs) {
        while (!waitingForRoom.isEmpty() && reserve(waitingForRoom.first())) {
            send(waitingForRoom.removeFirst(), nowNs);
        }
    }

    private void send(int r, long nowNs) {
        int from = rt.prefilledOn[r];
        int to = rt.instance[r];
        double bytesPerRank = (double) rt.numComputed[r] * instances[from].kv.kvBytesPerTokenPerRank();
        int ranks = instances[from].kv.ranks();
        bytesMoved += bytesPerRank * ranks;
        loop.push(paths.move(from, to, bytesPerRank, ranks, nowNs), arrivedKind, r);
    }

    private void onArrived(long nowNs, int r) {
        int from = rt.prefilledOn[r];
        paths.landed(from, rt.instance[r], (double) rt.numComputed[r] * instances[from].kv.kvBytesPerTokenPerRank()
                * instances[from].kv.ranks());
        instances[from].kv.release(r);
        instances[rt.instance[r]].kv.landInReserved(r);
        arrive(r, nowNs);
        afterArrival.run();
    }

    private void arrive(int r, long nowNs) {
        handoff.record(nowNs - rt.handoffStartNs[r]);
        instances[rt.instance[r]].scheduler.acceptHandedOver(r, nowNs, sink, physical);
    }

    /** Whether any hand-off waits for room (reported). */
    boolean anyWaiting() {
        return !waitingForRoom.isEmpty();
    }

    /** The memory system the paths run through (for tests). */
    MemorySystem memory() {
        return paths.memory();
    }
}
