package dev.memwall.serving;

import dev.memwall.engine.EventLoop;
import dev.memwall.engine.IntRing;
import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.ConcurrencyRecorder;
import dev.memwall.metrics.FinishedRequests;
import dev.memwall.metrics.LatencyRecorder;
import dev.memwall.metrics.Slo;
import dev.memwall.workload.WorkloadReader;

/**
 * The serving cluster on an {@link EventLoop}: the {@link Intake} routes arrivals and session
 * releases to instances, the {@link Launcher} runs their iterations stage by stage (data-parallel
 * groups in waves), and a heartbeat fires every log interval of simulated time. Each is an event
 * kind with its own handler, registered when the cluster is built.
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
    private final ConcurrencyProbe concurrency;
    private final long heartbeatIntervalNs;
    private final Heartbeat heartbeat;
    private final Sink sink = new Sink();
    private final Launcher launcher;
    private final Intake intake;
    private final FaultControl faults;
    private final KvHandoff handoff;
    private final int heartbeatKind;

    private long completedCount;
    /** Completed requests that met every per-request term of {@link #slo}. */
    private long goodCount;
    /** Whether runs may advance steady decodes a batch at a time ({@link #useDecodeCohorts}). */
    private boolean decodeCohorts = true;
    private Slo slo = Slo.NONE;
    /** Takes each finished request, after which its slot is recycled; null keeps every request. */
    private FinishedRequests finished;
    /** Per instance, its completed requests in completion order (kept only without {@link #finished}). */
    private IntRing[] completionOrder;
    /** Per instance, the TTFT (ns) summed over completed requests whose prompt it computed, and their count. */
    private long[] prefillTtftSumNs;
    private long[] prefillTtftCount;
    /** Per instance, the TPOT (ns) summed over completed requests whose tokens it generated, and their count. */
    private long[] decodeTpotSumNs;
    private long[] decodeTpotCount;

    /** Called every heartbeat interval of simulated time while work remains. */
    public interface Heartbeat {
        void beat(ClusterSimulation sim, long nowNs);
    }

    /** Told of every iteration an instance finishes (LLMServingSim's INFO log level). */
    public interface IterationLog {
        void iteration(int instance, long endNs, int requests, long scheduledTokens);
    }

    /** Logs nothing. */
    static final IterationLog NO_ITERATION_LOG = (instance, endNs, requests, tokens) -> { };

    /** Tells {@code log} of every iteration of the runs to come (set-up only; it may allocate). */
    public void iterationLog(IterationLog log) {
        launcher.iterationLog(log);
    }

    /** A heartbeat that does nothing, for runs without one. */
    static final Heartbeat NO_HEARTBEAT = (sim, nowNs) -> { };

    ClusterSimulation(Instance[] instances, RequestTable requests, RoutingPolicy policy, long seed,
            boolean keepTokenTimes, long heartbeatIntervalNs, Heartbeat heartbeat, MemorySystem memory) {
        this(instances, new DataParallelGroup[0], HandoffPaths.none(memory), requests, policy, seed, keepTokenTimes,
                heartbeatIntervalNs, heartbeat, memory, false, false);
    }

    /**
     * @param groups        the data-parallel groups over {@code instances}
     * @param handoffPaths  the paths of P/D hand-offs between instances
     * @param pollsLikeLss  LLMServingSim's model: arrivals looked at only at ASTRA-Sim's events,
     *                      P/D hand-offs timed inside the prefill iteration
     * @param skipPrefill   requests arrive with their prompt's KV in place
     */
    ClusterSimulation(Instance[] instances, DataParallelGroup[] groups, HandoffPaths handoffPaths,
            RequestTable requests, RoutingPolicy policy, long seed, boolean keepTokenTimes, long heartbeatIntervalNs,
            Heartbeat heartbeat, MemorySystem memory, boolean pollsLikeLss, boolean skipPrefill) {
        this.memory = memory;
        this.instances = instances;
        this.requests = requests;
        this.router = new Router(policy, instances, seed, pollsLikeLss);
        this.heartbeat = heartbeat == null ? NO_HEARTBEAT : heartbeat;
        this.heartbeatIntervalNs = heartbeat == null ? 0 : heartbeatIntervalNs;
        this.concurrency = new ConcurrencyProbe(instances);
        this.launcher = new Launcher(loop, instances, groups, sink, concurrency);
        this.intake = new Intake(loop, requests, router, instances, launcher, concurrency, keepTokenTimes,
                pollsLikeLss, skipPrefill);
        this.handoff = new KvHandoff(loop, instances, requests, router, handoffPaths, !pollsLikeLss, sink);
        handoff.afterArrival(() -> launcher.startIdle(loop.nowNs(), loop.horizonNs()));
        launcher.afterRetire(handoff::retryWaiting);
        heartbeatKind = loop.register("heartbeat", false, (now, arg) -> onHeartbeat(now));
        this.faults = new FaultControl(instances, requests, router, launcher, loop, memory);
        intake.onNoInstance(faults::failArrival);
        int n = instances.length;
        completionOrder = new IntRing[n];
        for (int i = 0; i < n; i++) {
            completionOrder[i] = new IntRing(256);
        }
        prefillTtftSumNs = new long[n];
        prefillTtftCount = new long[n];
        decodeTpotSumNs = new long[n];
        decodeTpotCount = new long[n];
    }

    /**
     * Hands every request of the runs to come to {@code sink} as it finishes, then recycles its
     * slot, so that the request table holds the requests in flight rather than the whole trace:
     * {@link #requests()} then no longer has the finished ones, nor {@link #completionOrder} their
     * order. Null keeps every request, as by default. Set-up only.
     */
    public void streamFinished(FinishedRequests sink) {
        this.finished = sink;
        requests.recycles = sink != null;
    }

    /**
     * The service-level objective the runs to come count good requests against, as each
     * completes (a streamed request is gone by the end of the run). Set-up only.
     */
    public void countGoodAgainst(Slo objective) {
        this.slo = objective;
    }

    /**
     * Runs the whole workload to completion from a clean state.
     *
     * @param workload     the trace, read one entry at a time
     * @param workloadName names the trace in errors
     */
    public void run(WorkloadReader workload, String workloadName) {
        reset();
        enableDecodeCohorts();
        intake.start(workload);
        if (heartbeatIntervalNs > 0 && !loop.isIdle()) {
            loop.push(heartbeatIntervalNs, heartbeatKind, 0);
        }
        loop.run();
        for (Instance in : instances) {
            in.scheduler.cohort.dissolve();
        }
        intake.finish();
    }

    /**
     * Lets each instance advance its steady decodes a batch at a time where the batch is all that
     * matters: one pipeline stage, no data-parallel group, no PIM (which costs sequences one by
     * one), not a prefill instance, and no fault to come (a fault reads requests mid-flight).
     */
    private void enableDecodeCohorts() {
        for (int i = 0; i < instances.length; i++) {
            Instance in = instances[i];
            in.scheduler.cohort.enabled = decodeCohorts && in.stages.length == 1 && in.pim == null
                    && in.scheduler.role != InstanceRole.PREFILL && !launcher.inGroup(i) && !faults.anyScheduled();
        }
    }

    /**
     * Whether runs may advance steady decodes a batch at a time (the default); off, every token is
     * handled one by one. The results are the same either way: tests compare them.
     */
    void useDecodeCohorts(boolean on) {
        decodeCohorts = on;
    }

    /** Output tokens of the last run that decode cohorts emitted a batch at a time. */
    long tokensAdvancedByCohorts() {
        long sum = 0;
        for (Instance in : instances) {
            sum += in.scheduler.cohort.tokensAdvanced;
        }
        return sum;
    }

    /** What instance {@code i} fetched of its off-GPU experts, or null when it places none off the GPU. */
    public ExpertFetchStats expertFetches(int i) {
        ExpertStreaming s = expertStreaming(i);
        return s == null ? null : new ExpertFetchStats(s.steps, s.bytesFetched, s.lookups, s.hits);
    }

    /** Instance {@code i}'s expert fetches (its first stage that streams experts), or null. */
    ExpertStreaming expertStreaming(int i) {
        for (Stage st : instances[i].stages) {
            if (st.timing() instanceof OffloadedIteration o && o.experts() != null) {
                return o.experts();
            }
        }
        return null;
    }

    private void reset() {
        loop.reset();
        requests.reset();
        latency.reset();
        concurrency.recorder.reset();
        router.reset();
        memory.reset();
        launcher.reset();
        handoff.reset();
        for (Instance in : instances) {
            in.reset();
        }
        completedCount = 0;
        goodCount = 0;
        faults.reset();
        for (int i = 0; i < instances.length; i++) {
            completionOrder[i].clear();
            prefillTtftSumNs[i] = 0;
            prefillTtftCount[i] = 0;
            decodeTpotSumNs[i] = 0;
            decodeTpotCount[i] = 0;
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
        public void steadyTokens(long interTokenNs, int count) {
            latency.itl.recordCount(interTokenNs, count);
        }

        @Override
        public void token(int r, int tokenIndex, long now) {
            if (tokenIndex > 0) {
                latency.itl.record(now - requests.lastTokenNs[r]);
            }
            requests.lastTokenNs[r] = now;
            if (faults.tracking) {
                faults.onToken(r, now);
            }
        }

        @Override
        public void completed(int r, long now) {
            completedCount++;
            RequestTable t = requests;
            latency.recordCompletion(t.arrivalNs[r], t.firstScheduledNs[r], t.firstTokenNs[r], now, t.outputTokens[r]);
            addRoleShares(r, now);
            if (slo.good(t, r)) {
                goodCount++;
            }
            int next = t.nextInSession[r];
            if (next != RequestTable.NO_REQUEST) {
                intake.release(next, now + t.toolDurationNs[r]);
            }
            if (finished == null) {
                completionOrder[t.instance[r]].addLast(r);
            } else {
                finished.finished(t, r);
                t.free(r);
            }
        }

        @Override
        public void prefilled(int r, long now) {
            handoff.start(r, now);
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

    /** Completed requests that met every per-request term of the objective set by {@link #countGoodAgainst}. */
    public long goodRequests() {
        return goodCount;
    }

    /** Requests refused because their prompt was longer than the context (or --max-model-len). */
    public long rejectedLongerThanContext() {
        return intake.rejectedLongerThanContext;
    }

    /** Requests refused because they needed more KV blocks than their instance's whole pool. */
    public long rejectedLargerThanKvPool() {
        return intake.rejectedLargerThanPool;
    }

    public RequestTable requests() {
        return requests;
    }

    public LatencyRecorder latency() {
        return latency;
    }

    /** Requests running and waiting over simulated time. */
    public ConcurrencyRecorder concurrency() {
        return concurrency.recorder;
    }

    /**
     * What faults do to this cluster, and their accounts: {@code dev.memwall.faults} registers its
     * event kinds on {@link #loop()} and schedules them here, at build time.
     */
    public FaultControl faults() {
        return faults;
    }

    /** P/D hand-offs: their times, bytes moved and waits for room. */
    public HandoffStats handoffStats() {
        return new HandoffStats(handoff.handoff, handoff.bytesMoved, handoff.waitedForRoom);
    }

    /**
     * What P/D hand-offs did over the run.
     *
     * @param latency       per hand-off, prompt done to KV in place on the decode instance
     * @param bytesMoved    KV bytes moved, all ranks
     * @param waitedForRoom hand-offs whose decode instance had no room at first
     */
    public record HandoffStats(dev.memwall.metrics.LatencyStat latency, double bytesMoved, long waitedForRoom) {
    }

    /** The loop, for its work counters (events dispatched, by kind). */
    public EventLoop loop() {
        return loop;
    }

    /** Instance {@code i}, for tests of this package. */
    Instance instance(int i) {
        return instances[i];
    }

    public int instanceCount() {
        return instances.length;
    }

    /** A read-only view of instance {@code i}'s counters. */
    public InstanceStats instanceStats(int i) {
        return InstanceStats.of(instances[i]);
    }

    /** Completed request ids of instance {@code i}, in completion order (none when {@link #streamFinished streamed}). */
    public int[] completionOrder(int i) {
        IntRing order = completionOrder[i];
        int[] ids = new int[order.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = order.get(k);
        }
        return ids;
    }

    /** Adds completed request {@code r}'s TTFT to its prefill instance's share, its TPOT to its decode instance's. */
    private void addRoleShares(int r, long endNs) {
        RequestTable t = requests;
        int prefill = t.prefilledOn[r] == RequestTable.NOT_ROUTED ? t.instance[r] : t.prefilledOn[r];
        long ttft = t.firstTokenNs[r] - t.arrivalNs[r];
        prefillTtftSumNs[prefill] += ttft;
        prefillTtftCount[prefill]++;
        if (t.outputTokens[r] > 1) {
            decodeTpotSumNs[t.instance[r]] += dev.memwall.metrics.LatencyRecorder.tpotNs(endNs - t.arrivalNs[r], ttft,
                    t.outputTokens[r]);
            decodeTpotCount[t.instance[r]]++;
        }
    }

    /**
     * Instance {@code i}'s mean TTFT (ms) over the completed requests whose prompt it computed, and
     * mean TPOT over those whose tokens it generated: under P/D, the prefill and decode sides' shares.
     */
    public double[] roleMeansMs(int i) {
        return new double[] {
            prefillTtftCount[i] == 0 ? 0 : (double) prefillTtftSumNs[i] / prefillTtftCount[i] / 1e6,
            decodeTpotCount[i] == 0 ? 0 : (double) decodeTpotSumNs[i] / decodeTpotCount[i] / 1e6};
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
