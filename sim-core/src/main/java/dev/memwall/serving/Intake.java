package dev.memwall.serving;

import dev.memwall.engine.EventLoop;
import dev.memwall.engine.IntRing;
import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.WorkloadReader;

/**
 * How requests come in: the trace streamed one entry at a time ({@code arrival} events), the next
 * sub-request of an agentic session released after its predecessor's tool time
 * ({@code session-release}), each routed to an instance.
 *
 * <p>memwall routes a request when it arrives and starts an idle instance at once.
 * LLMServingSim (in {@code --memory-model lss}) only looks at arrivals when ASTRA-Sim reports an
 * event: while any NPU is busy, an arrival waits for the next event inside a busy stage (a layer
 * ending, a collective step: a {@code poll}), and is routed then; only a fully idle cluster jumps
 * to the arrival. {@link #polled} selects that behaviour.
 */
final class Intake {
    /** {@link #pollAtNs} when no poll is pending. */
    private static final long NO_POLL = Long.MIN_VALUE;

    private final EventLoop loop;
    private final RequestTable requests;
    private final Router router;
    private final Instance[] instances;
    private final Launcher launcher;
    private final ConcurrencyProbe probe;
    private final boolean keepTokenTimes;
    private final boolean polled;
    private final boolean skipPrefill;
    private final int smallestBlockSize;
    private final TraceEntry entry = new TraceEntry();
    /** Requests that arrived while LLMServingSim would not yet have looked (lss), in arrival order. */
    private final IntRing pending = new IntRing(64);
    private long pollAtNs = NO_POLL;
    private java.util.function.IntConsumer noInstance = r -> {
        throw new IllegalStateException("request " + r + " has no instance to run on");
    };
    /** Requests refused: prompts longer than the model's context, and requests larger than the KV pool. */
    long rejectedLongerThanContext;
    long rejectedLargerThanPool;
    /** Per instance, the fewest KV blocks a request routed there may need (its pool, or its decode side's). */
    private final int[] maxBlocks;
    private WorkloadReader reader;

    private final int arrivalKind;
    private final int releaseKind;
    private final int pollKind;

    Intake(EventLoop loop, RequestTable requests, Router router, Instance[] instances, Launcher launcher,
            ConcurrencyProbe probe, boolean keepTokenTimes, boolean polled, boolean skipPrefill) {
        this.loop = loop;
        this.requests = requests;
        this.router = router;
        this.instances = instances;
        this.launcher = launcher;
        this.probe = probe;
        this.keepTokenTimes = keepTokenTimes;
        this.polled = polled;
        this.skipPrefill = skipPrefill;
        int smallest = Integer.MAX_VALUE;
        for (Instance in : instances) {
            smallest = Math.min(smallest, in.kv.blockSizeTokens());
        }
        this.smallestBlockSize = smallest;
        this.maxBlocks = maxBlocksPerRequest(instances);
        arrivalKind = loop.register("arrival", true, (now, arg) -> onArrival(now));
        releaseKind = loop.register("session-release", true, this::onRelease);
        pollKind = loop.register("poll", true, (now, arg) -> onPoll(now));
        if (polled) {
            launcher.pollOnEveryEvent(() -> routePending());
        }
    }

    /**
     * The most blocks a request routed to each instance may need: its own pool's, and for a
     * prefill instance also every decode instance's, which the request must fit after its prompt.
     */
    private static int[] maxBlocksPerRequest(Instance[] instances) {
        int decodeMin = Integer.MAX_VALUE;
        for (Instance in : instances) {
            if (in.scheduler.role == InstanceRole.DECODE) {
                decodeMin = Math.min(decodeMin, in.kv.pool.numBlocks());
            }
        }
        int[] max = new int[instances.length];
        for (int i = 0; i < instances.length; i++) {
            max[i] = instances[i].kv.pool.numBlocks();
            if (instances[i].scheduler.role == InstanceRole.PREFILL) {
                max[i] = Math.min(max[i], decodeMin);
            }
        }
        return max;
    }

    /** Starts reading {@code workload}: its first arrival is scheduled. */
    void start(WorkloadReader workload) {
        this.reader = workload;
        pending.clear();
        pollAtNs = NO_POLL;
        rejectedLongerThanContext = 0;
        rejectedLargerThanPool = 0;
        if (readNext()) {
            loop.push(entry.arrivalNs, arrivalKind, 0);
        }
    }

    void finish() {
        reader = null;
    }

    /** Releases session sub-request {@code r} at {@code atNs}. */
    void release(int r, long atNs) {
        loop.push(atNs, releaseKind, r);
    }

    private boolean readNext() {
        entry.clear();
        return reader.next(entry);
    }

    /** Materialises every entry arriving now, then starts idle instances. */
    private void onArrival(long nowNs) {
        probe.observe(nowNs);
        boolean more;
        do {
            materialize(nowNs);
            more = readNext();
        } while (more && entry.arrivalNs <= nowNs);
        if (more) {
            loop.push(entry.arrivalNs, arrivalKind, 0);
        }
        afterIntake(nowNs);
    }

    private void onRelease(long nowNs, int r) {
        probe.observe(nowNs);
        take(r, nowNs);
        afterIntake(nowNs);
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
                take(r, nowNs);
            }
            previous = r;
        }
    }

    /** Request {@code r} arrived at {@code nowNs}: routed now, or (lss, cluster busy) at the next poll. */
    private void take(int r, long nowNs) {
        requests.arrivalNs[r] = nowNs;
        if (polled && launcher.anyBusy()) {
            pending.addLast(r);
        } else {
            admit(r);
        }
    }

    /** Starts idle instances now, or, with arrivals waiting for LLMServingSim to look, at the next poll. */
    private void afterIntake(long nowNs) {
        if (!pending.isEmpty()) {
            long at = launcher.nextNodeEventAfter(nowNs - 1);
            if (at == nowNs) {
                routePending();
            } else {
                if (pollAtNs == NO_POLL || pollAtNs < nowNs || at < pollAtNs) {
                    loop.push(at, pollKind, 0);
                    pollAtNs = at;
                }
                return;
            }
        }
        // Several instances act at this moment: none may issue a transfer ahead of it.
        launcher.startIdle(nowNs, nowNs + 1);
    }

    private void onPoll(long nowNs) {
        if (nowNs != pollAtNs) {
            return; // superseded by an earlier poll
        }
        pollAtNs = NO_POLL;
        routePending();
        launcher.startIdle(nowNs, nowNs + 1);
    }

    /** Refuses request {@code r}; the next sub-request of its session, if any, comes at once. */
    private void reject(int r) {
        requests.rejected[r] = true;
        int next = requests.nextInSession[r];
        if (next != RequestTable.NO_REQUEST) {
            release(next, requests.arrivalNs[r]);
        }
        if (requests.recycles) {
            requests.free(r); // never scheduled, never written: nothing reads it again
        }
    }

    /** Routes every request waiting for LLMServingSim to look (lss). */
    void routePending() {
        while (!pending.isEmpty()) {
            admit(pending.removeFirst());
        }
    }

    /** What happens to a request no instance can take (every one lost): it fails. */
    void onNoInstance(java.util.function.IntConsumer failed) {
        this.noInstance = failed;
    }

    /**
     * Routes request {@code r}, or rejects it, as vLLM would, when its prompt is longer than the
     * chosen instance's context (or {@code --max-model-len}) or it needs more KV blocks than the
     * instance's whole pool: the run goes on, the rejection is counted.
     */
    private void admit(int r) {
        int i = router.route();
        if (i == Router.NO_INSTANCE) {
            noInstance.accept(r);
            return;
        }
        Instance in = instances[i];
        requests.instance[r] = i;
        if (requests.promptTokens[r] > in.scheduler.settings.maxModelLen()) {
            rejectedLongerThanContext++;
            reject(r);
            return;
        }
        int needed = in.kv.pool.blocksFor((long) requests.promptTokens[r] + requests.outputTokens[r]);
        if (needed > maxBlocks[i]) {
            rejectedLargerThanPool++;
            reject(r);
            return;
        }
        if (skipPrefill) {
            // Its prompt's KV is in place but for the last token, whose step yields the first output.
            requests.kvReadyTokens[r] = requests.promptTokens[r] - 1;
        }
        in.scheduler.waiting.addLast(r);
    }
}
