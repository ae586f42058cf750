package dev.memwall.serving;

import dev.memwall.engine.EventHeap;
import dev.memwall.input.InputException;
import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.LatencyRecorder;
import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.WorkloadReader;

/**
 * The serving cluster's event loop: arrivals are routed to instances, each instance runs one
 * iteration at a time, agentic sub-requests are released after their predecessor completes plus
 * its tool time, and a heartbeat fires every log interval of simulated time.
 *
 * <p>Built once, then {@link #run} any number of times: every run starts from a clean state and
 * reuses all arrays, so a warmed run allocates nothing (a test proves it).
 */
public final class ClusterSimulation {
    private static final int EV_ARRIVAL = 0;
    private static final int EV_RELEASE = 1;
    private static final int EV_ITERATION_DONE = 2;
    private static final int EV_HEARTBEAT = 3;
    private static final int EV_TRANSFER = 4;

    private final Instance[] instances;
    /** The cluster's devices and links; null only in scheduler unit tests. */
    private final MemorySystem memory;
    private final RequestTable requests;
    private final EventHeap heap = new EventHeap(1024);
    private final Router router;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final boolean keepTokenTimes;
    private final long heartbeatIntervalNs;
    private final Heartbeat heartbeat;
    private final int smallestBlockSize;
    private final long[] iterationStartNs;
    private final TraceEntry entry = new TraceEntry();
    private final Sink sink = new Sink();

    private WorkloadReader reader;
    private String workloadName;
    private long nowNs;
    /** Time of the last event that was not a heartbeat: when the work ended. */
    private long lastWorkNs;
    private long completedCount;

    /** Called every heartbeat interval of simulated time while work remains. */
    public interface Heartbeat {
        void beat(ClusterSimulation sim, long nowNs);
    }

    ClusterSimulation(Instance[] instances, RequestTable requests, RoutingPolicy policy, long seed,
            boolean keepTokenTimes, long heartbeatIntervalNs, Heartbeat heartbeat, MemorySystem memory) {
        this.memory = memory;
        this.instances = instances;
        this.requests = requests;
        this.router = new Router(policy, instances, seed);
        this.keepTokenTimes = keepTokenTimes;
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        this.heartbeat = heartbeat;
        this.iterationStartNs = new long[instances.length];
        int smallest = Integer.MAX_VALUE;
        for (Instance in : instances) {
            smallest = Math.min(smallest, in.pool.blockSizeTokens());
        }
        this.smallestBlockSize = smallest;
    }

    /**
     * Runs the whole workload to completion from a clean state.
     *
     * @param workload     the trace, read one entry at a time
     * @param workloadName names the trace in errors
     */
    public void run(WorkloadReader workload, String workloadName) {
        this.reader = workload;
        this.workloadName = workloadName;
        reset();
        if (readNext()) {
            heap.push(entry.arrivalNs, EV_ARRIVAL, 0);
        }
        if (heartbeatIntervalNs > 0 && heartbeat != null && !heap.isEmpty()) {
            heap.push(heartbeatIntervalNs, EV_HEARTBEAT, 0);
        }
        final EventHeap h = heap;
        while (!h.isEmpty()) {
            h.pop();
            nowNs = h.timeNs();
            if (h.kind() != EV_HEARTBEAT) {
                lastWorkNs = nowNs;
            }
            switch (h.kind()) {
                case EV_ARRIVAL:
                    onArrival();
                    break;
                case EV_RELEASE:
                    onRelease(h.arg());
                    break;
                case EV_ITERATION_DONE:
                    onIterationDone(h.arg());
                    break;
                case EV_TRANSFER:
                    pushNext(h.arg(), instances[h.arg()].advanceTransfers(nowNs, horizon()));
                    break;
                default:
                    onHeartbeat();
                    break;
            }
        }
        this.reader = null;
    }

    private void reset() {
        heap.clear();
        requests.reset();
        latency.reset();
        router.reset();
        if (memory != null) {
            memory.reset();
        }
        for (Instance in : instances) {
            in.reset();
        }
        nowNs = 0;
        lastWorkNs = 0;
        completedCount = 0;
    }

    private boolean readNext() {
        entry.clear();
        return reader.next(entry);
    }

    /** Materialises every entry arriving now, then starts idle instances. */
    private void onArrival() {
        boolean more;
        do {
            materialize();
            more = readNext();
        } while (more && entry.arrivalNs <= nowNs);
        if (more) {
            heap.push(entry.arrivalNs, EV_ARRIVAL, 0);
        }
        startIdleInstances();
    }

    private void materialize() {
        int previous = -1;
        for (int i = 0; i < entry.subRequests; i++) {
            int r = requests.add(entry.inputTokens[i], entry.outputTokens[i], smallestBlockSize, keepTokenTimes);
            if (entry.inputTokenIdCount[i] >= 0) {
                requests.setTokenIds(r, entry.inputTokenIds[i], entry.inputTokenIdCount[i],
                        entry.outputTokenIds[i], entry.outputTokenIdCount[i]);
            } else if (entry.hashIdCount >= 0 && entry.subRequests == 1) {
                requests.setHashIds(r, entry.hashIds, entry.hashIdCount, entry.hashBlockTokens);
            }
            requests.toolDurationNs[r] = entry.toolDurationNs[i];
            if (previous >= 0) {
                requests.nextInSession[previous] = r;
            } else {
                admit(r);
            }
            previous = r;
        }
    }

    private void admit(int r) {
        int i = router.route();
        Instance in = instances[i];
        int needed = in.pool.blocksFor((long) requests.promptTokens[r] + requests.outputTokens[r]);
        if (needed > in.pool.numBlocks()) {
            throw new InputException(workloadName + ": request " + r + " (" + requests.promptTokens[r]
                    + " input + " + requests.outputTokens[r] + " output tokens) needs " + needed
                    + " KV blocks but instance " + i + " has only " + in.pool.numBlocks()
                    + " (raise npu_mem.mem_size or --npu-memory-utilization, or shorten the request)");
        }
        requests.arrivalNs[r] = nowNs;
        requests.instance[r] = i;
        in.waiting.addLast(r);
    }

    private void onRelease(int r) {
        admit(r);
        startIdleInstances();
    }

    private void startIdleInstances() {
        // Several instances act at this moment: none may issue a transfer ahead of it.
        for (int i = 0; i < instances.length; i++) {
            if (!instances[i].busy) {
                startIteration(i, nowNs + 1);
            }
        }
    }

    /** The next time any other event can happen, before which transfers may be issued now. */
    private long horizon() {
        return heap.isEmpty() ? Long.MAX_VALUE : heap.peekTimeNs();
    }

    private void startIteration(int i, long horizonNs) {
        Instance in = instances[i];
        long next = in.schedule(nowNs, horizonNs);
        if (next >= 0) {
            in.busy = true;
            iterationStartNs[i] = nowNs;
            pushNext(i, next);
        }
    }

    /** Queues instance {@code i}'s next event: its iteration's end or its next transfer. */
    private void pushNext(int i, long atNs) {
        heap.push(atNs, instances[i].iterationEnds() ? EV_ITERATION_DONE : EV_TRANSFER, i);
    }

    private void onIterationDone(int i) {
        Instance in = instances[i];
        in.busy = false;
        in.finishIteration(nowNs, nowNs - iterationStartNs[i], sink);
        startIteration(i, horizon());
    }

    private void onHeartbeat() {
        heartbeat.beat(this, nowNs);
        if (!heap.isEmpty()) {
            heap.push(nowNs + heartbeatIntervalNs, EV_HEARTBEAT, 0);
        }
    }

    /** Records tokens and completions; releases the next sub-request of a session. */
    private final class Sink implements Instance.CompletionSink {
        @Override
        public void token(int r, int tokenIndex, long now) {
            if (tokenIndex > 0) {
                latency.itl.record(now - requests.lastTokenNs[r]);
            }
            requests.lastTokenNs[r] = now;
        }

        @Override
        public void completed(int r, long now) {
            completedCount++;
            latency.recordCompletion(requests.arrivalNs[r], requests.firstScheduledNs[r],
                    requests.firstTokenNs[r], now, requests.outputTokens[r]);
            int next = requests.nextInSession[r];
            if (next >= 0) {
                heap.push(now + requests.toolDurationNs[r], EV_RELEASE, next);
            }
        }
    }

    // ---- results ------------------------------------------------------------------------------

    /** Simulated time when the run's work ended (its last arrival or iteration), ns. */
    public long endTimeNs() {
        return lastWorkNs;
    }

    public long completedRequests() {
        return completedCount;
    }

    public RequestTable requests() {
        return requests;
    }

    public LatencyRecorder latency() {
        return latency;
    }

    public int instanceCount() {
        return instances.length;
    }

    /** A read-only view of instance {@code i}'s counters. */
    public InstanceStats instanceStats(int i) {
        Instance in = instances[i];
        return new InstanceStats(in.id, in.pool.numBlocks(), in.kvBlockBytes, in.weightsHbmBytes,
                in.peakHbmBytes(), in.usedHbmBytes(), in.hbmCapacityBytes, in.preemptionCount,
                in.recomputedTokens, in.busyNs, in.iterations,
                in.running.size(), in.waiting.size(), in.prefixQueriedTokens, in.prefixHitTokens,
                in.promptTokensDone, in.outputTokensDone, in.swappedOutTokens, in.swappedInTokens,
                in.prefixLowerHitTokens);
    }

    /** Completed request ids of instance {@code i}, in completion order. */
    public int[] completionOrder(int i) {
        Instance in = instances[i];
        int[] ids = new int[in.completed.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = in.completed.get(k);
        }
        return ids;
    }

    /** Prompt tokens instance {@code i} has prefilled so far; allocation-free, unlike {@link #instanceStats}. */
    public long promptTokensDone(int i) {
        return instances[i].promptTokensDone;
    }

    /** Output tokens instance {@code i} has emitted so far; allocation-free. */
    public long outputTokensDone(int i) {
        return instances[i].outputTokensDone;
    }

    /** The cluster's devices and links, or null in scheduler unit tests. */
    public MemorySystem memory() {
        return memory;
    }

}
