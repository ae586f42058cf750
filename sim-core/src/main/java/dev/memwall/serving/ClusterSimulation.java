package dev.memwall.serving;

import dev.memwall.engine.EventLoop;
import dev.memwall.input.InputException;
import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.ConcurrencyRecorder;
import dev.memwall.metrics.LatencyRecorder;
import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.WorkloadReader;

/**
 * The serving cluster on an {@link EventLoop}: arrivals are routed to instances, each instance
 * runs one iteration at a time, agentic sub-requests are released after their predecessor
 * completes plus its tool time, and a heartbeat fires every log interval of simulated time. Each
 * of these is an event kind with its own handler, registered when the cluster is built.
 *
 * <p>Iteration events address a stage of an instance ({@link StageAddress}), so that a pipelined
 * instance can have a batch in flight on each of its stages.
 *
 * <p>Built once, then {@link #run} any number of times: every run starts from a clean state and
 * reuses all arrays, so a warmed run allocates nothing (a test proves it).
 */
public final class ClusterSimulation {
    private final Instance[] instances;
    private final MemorySystem memory;
    private final RequestTable requests;
    private final EventLoop loop = new EventLoop(1024);
    private final Router router;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final ConcurrencyRecorder concurrency = new ConcurrencyRecorder();
    private final boolean keepTokenTimes;
    private final long heartbeatIntervalNs;
    private final Heartbeat heartbeat;
    private final int smallestBlockSize;
    private final TraceEntry entry = new TraceEntry();
    private final Sink sink = new Sink();

    private final int arrivalKind;
    private final int releaseKind;
    private final int stageDoneKind;
    private final int activationsKind;
    private final int transferKind;
    private final int heartbeatKind;

    private WorkloadReader reader;
    private String workloadName;
    private long completedCount;

    /** Called every heartbeat interval of simulated time while work remains. */
    public interface Heartbeat {
        void beat(ClusterSimulation sim, long nowNs);
    }

    /** A heartbeat that does nothing, for runs without one. */
    static final Heartbeat NO_HEARTBEAT = (sim, nowNs) -> { };

    ClusterSimulation(Instance[] instances, RequestTable requests, RoutingPolicy policy, long seed,
            boolean keepTokenTimes, long heartbeatIntervalNs, Heartbeat heartbeat, MemorySystem memory) {
        this.memory = memory;
        this.instances = instances;
        this.requests = requests;
        this.router = new Router(policy, instances, seed);
        this.keepTokenTimes = keepTokenTimes;
        this.heartbeat = heartbeat == null ? NO_HEARTBEAT : heartbeat;
        this.heartbeatIntervalNs = heartbeat == null ? 0 : heartbeatIntervalNs;
        int smallest = Integer.MAX_VALUE;
        for (Instance in : instances) {
            smallest = Math.min(smallest, in.kv.blockSizeTokens());
        }
        this.smallestBlockSize = smallest;
        arrivalKind = loop.register("arrival", true, (now, arg) -> onArrival(now));
        releaseKind = loop.register("session-release", true, this::onRelease);
        stageDoneKind = loop.register("stage-done", true, this::onStageDone);
        activationsKind = loop.register("activations-arrived", true, this::onActivationsArrived);
        transferKind = loop.register("transfer-issue", true, this::onTransferIssue);
        heartbeatKind = loop.register("heartbeat", false, (now, arg) -> onHeartbeat(now));
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
            loop.push(entry.arrivalNs, arrivalKind, 0);
        }
        if (heartbeatIntervalNs > 0 && !loop.isIdle()) {
            loop.push(heartbeatIntervalNs, heartbeatKind, 0);
        }
        loop.run();
        this.reader = null;
    }

    private void reset() {
        loop.reset();
        requests.reset();
        latency.reset();
        concurrency.reset();
        router.reset();
        memory.reset();
        for (Instance in : instances) {
            in.reset();
        }
        completedCount = 0;
    }

    private boolean readNext() {
        entry.clear();
        return reader.next(entry);
    }

    /** Counts the requests running and waiting since the previous event, before this one changes them. */
    private void observeConcurrency(long nowNs) {
        long running = 0;
        long waiting = 0;
        for (Instance in : instances) {
            running += in.scheduler.running.size();
            waiting += in.scheduler.waiting.size();
        }
        concurrency.observe(nowNs, running, waiting);
    }

    /** Materialises every entry arriving now, then starts idle instances. */
    private void onArrival(long nowNs) {
        observeConcurrency(nowNs);
        boolean more;
        do {
            materialize(nowNs);
            more = readNext();
        } while (more && entry.arrivalNs <= nowNs);
        if (more) {
            loop.push(entry.arrivalNs, arrivalKind, 0);
        }
        startIdleInstances(nowNs);
    }

    private void materialize(long nowNs) {
        int previous = RequestTable.NO_REQUEST;
        for (int i = 0; i < entry.subRequests; i++) {
            int r = requests.add(entry.inputTokens[i], entry.outputTokens[i], smallestBlockSize, keepTokenTimes);
            if (entry.inputTokenIdCount[i] >= 0) {
                requests.setTokenIds(r, entry.inputTokenIds[i], entry.inputTokenIdCount[i],
                        entry.outputTokenIds[i], entry.outputTokenIdCount[i]);
            } else if (entry.hashIdCount >= 0 && entry.subRequests == 1) {
                requests.setHashIds(r, entry.hashIds, entry.hashIdCount, entry.hashBlockTokens);
            }
            requests.toolDurationNs[r] = entry.toolDurationNs[i];
            if (previous != RequestTable.NO_REQUEST) {
                requests.nextInSession[previous] = r;
            } else {
                admit(r, nowNs);
            }
            previous = r;
        }
    }

    private void admit(int r, long nowNs) {
        int i = router.route();
        Instance in = instances[i];
        int needed = in.kv.pool.blocksFor((long) requests.promptTokens[r] + requests.outputTokens[r]);
        if (needed > in.kv.pool.numBlocks()) {
            throw new InputException(workloadName + ": request " + r + " (" + requests.promptTokens[r]
                    + " input + " + requests.outputTokens[r] + " output tokens) needs " + needed
                    + " KV blocks but instance " + i + " has only " + in.kv.pool.numBlocks()
                    + " (raise npu_mem.mem_size or --npu-memory-utilization, or shorten the request)");
        }
        requests.arrivalNs[r] = nowNs;
        requests.instance[r] = i;
        in.scheduler.waiting.addLast(r);
    }

    private void onRelease(long nowNs, int r) {
        observeConcurrency(nowNs);
        admit(r, nowNs);
        startIdleInstances(nowNs);
    }

    private void startIdleInstances(long nowNs) {
        // Several instances act at this moment: none may issue a transfer ahead of it.
        for (int i = 0; i < instances.length; i++) {
            if (instances[i].canStart()) {
                startIteration(i, nowNs, nowNs + 1);
            }
        }
    }

    private void startIteration(int i, long nowNs, long horizonNs) {
        long next = instances[i].startIteration(nowNs, horizonNs);
        if (next != Instance.NOTHING_TO_RUN) {
            pushNext(i, 0, next);
        }
    }

    /** Queues stage {@code s} of instance {@code i}'s next event: its part's end or its next transfer. */
    private void pushNext(int i, int s, long atNs) {
        int kind = instances[i].stages[s].ended() ? stageDoneKind : transferKind;
        loop.push(atNs, kind, StageAddress.of(i, s));
    }

    private void onTransferIssue(long nowNs, int address) {
        int i = StageAddress.instance(address);
        int s = StageAddress.stage(address);
        pushNext(i, s, instances[i].stages[s].advance(nowNs, loop.horizonNs()));
    }

    /**
     * Stage {@code s} of instance {@code i} finished its part of a batch: the last stage retires
     * it, any other sends it on; the stage then takes the next batch waiting for it (stage 0 forms
     * a new one).
     */
    private void onStageDone(long nowNs, int address) {
        observeConcurrency(nowNs);
        int i = StageAddress.instance(address);
        int s = StageAddress.stage(address);
        Instance in = instances[i];
        Batch b = in.stages[s].finish(nowNs);
        if (in.isLast(s)) {
            in.retire(b, nowNs, sink);
        } else {
            loop.push(in.sendOn(s, b, nowNs), activationsKind, StageAddress.of(i, s + 1));
        }
        startNextOn(i, s, nowNs);
        if (s != 0 && in.isLast(s)) {
            // A retired batch frees a slot: stage 0 may be able to start another.
            startNextOn(i, 0, nowNs);
        }
    }

    /** A batch's activations reached stage {@code s}: it runs there now, or waits its turn. */
    private void onActivationsArrived(long nowNs, int address) {
        int i = StageAddress.instance(address);
        int s = StageAddress.stage(address);
        Stage stage = instances[i].stages[s];
        stage.enqueue(instances[i].takeInTransit(s));
        if (!stage.busy) {
            startNextOn(i, s, nowNs);
        }
    }

    private void startNextOn(int i, int s, long nowNs) {
        if (s == 0) {
            startIteration(i, nowNs, loop.horizonNs());
            return;
        }
        Stage stage = instances[i].stages[s];
        if (!stage.busy && stage.hasQueued()) {
            pushNext(i, s, stage.start(stage.dequeue(), nowNs, loop.horizonNs()));
        }
    }

    private void onHeartbeat(long nowNs) {
        heartbeat.beat(this, nowNs);
        if (!loop.isIdle()) {
            loop.push(nowNs + heartbeatIntervalNs, heartbeatKind, 0);
        }
    }

    /** Records tokens and completions; releases the next sub-request of a session. */
    private final class Sink implements Scheduler.CompletionSink {
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
            if (next != RequestTable.NO_REQUEST) {
                loop.push(now + requests.toolDurationNs[r], releaseKind, next);
            }
        }
    }

    // ---- results ------------------------------------------------------------------------------

    /** Simulated time when the run's work ended (its last arrival or iteration), ns. */
    public long endTimeNs() {
        return loop.lastWorkNs();
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

    /** Requests running and waiting over simulated time. */
    public ConcurrencyRecorder concurrency() {
        return concurrency;
    }

    /** The loop, for its work counters (events dispatched, by kind). */
    public EventLoop loop() {
        return loop;
    }

    public int instanceCount() {
        return instances.length;
    }

    /** A read-only view of instance {@code i}'s counters. */
    public InstanceStats instanceStats(int i) {
        return InstanceStats.of(instances[i]);
    }

    /** Completed request ids of instance {@code i}, in completion order. */
    public int[] completionOrder(int i) {
        Instance in = instances[i];
        int[] ids = new int[in.scheduler.completed.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = in.scheduler.completed.get(k);
        }
        return ids;
    }

    /** Prompt tokens instance {@code i} has prefilled so far; allocation-free, unlike {@link #instanceStats}. */
    public long promptTokensDone(int i) {
        return instances[i].scheduler.promptTokensDone;
    }

    /** Output tokens instance {@code i} has emitted so far; allocation-free. */
    public long outputTokensDone(int i) {
        return instances[i].scheduler.outputTokensDone;
    }

    /**
     * Instance {@code i}'s GPUs' standby time between batches up to {@code atNs} (mean over its
     * pipeline stages): every gap after a batch capped at its standby window, the one still open
     * at {@code atNs} included; allocation-free.
     */
    public long standbyGapNs(int i, long atNs) {
        return instances[i].standbyGapNs(atNs);
    }

    /** Instance {@code i}'s time computing so far (mean over its stages); allocation-free. */
    public long computeNs(int i) {
        return instances[i].computeNs();
    }

    /** Instance {@code i}'s iteration time (compute and memory stalls, mean over its stages) so far; allocation-free. */
    public long busyNs(int i) {
        return instances[i].busyNs();
    }

    /** Sets how long instance {@code i}'s GPUs stay in standby after a batch (set-up only). */
    void setStandbyWindowNs(int i, long windowNs) {
        instances[i].setStandbyWindowNs(windowNs);
    }

    /** The cluster's devices and links (empty in scheduler unit tests). */
    public MemorySystem memory() {
        return memory;
    }
}
