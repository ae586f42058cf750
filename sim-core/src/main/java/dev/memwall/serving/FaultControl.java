package dev.memwall.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.memwall.engine.EventLoop;
import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.PrefixVictimCache;

/**
 * What faults do to the running cluster, for the handlers of {@code dev.memwall.faults}: an
 * instance lost (its requests rerouted to the others, which recompute them, or failed when none is
 * left), an instance's KV cache lost (its requests recompute), an instance held (it keeps its
 * requests but starts nothing) and released, a host link degraded. It keeps each fault's account:
 * requests affected, recomputed and failed, and the time until every affected request that did
 * not fail produced a token again.
 *
 * <p>Events are scheduled once, when faults are installed, and pushed at the start of every run.
 * Handling a fault may allocate (it is rare and not part of the steady loop); the loop's token path
 * only reads an array while faults are pending.
 */
public final class FaultControl {
    /** No fault: a request failed because every instance had been lost before it arrived. */
    private static final int NONE = -1;

    /**
     * One fault's account.
     *
     * @param fault            the fault as written
     * @param atSeconds        when it happened (NaN when the run ended first)
     * @param requestsAffected requests whose KV was lost, that were moved, or that waited on a held instance
     * @param recomputed       of those, requests that had computed tokens and compute them again
     * @param failed           requests that failed because of it (no instance left)
     * @param recoverySeconds  until every affected request that did not fail produced a token again;
     *                         NaN when some never did, when every affected request failed, or when
     *                         the fault did not happen in the run
     */
    public record Outcome(String fault, double atSeconds, long requestsAffected, long recomputed, long failed,
            double recoverySeconds) {
    }

    private final Instance[] instances;
    private final RequestTable rt;
    private final Router router;
    private final Launcher launcher;
    private final EventLoop loop;
    private final MemorySystem memory;
    private final List<String> names = new ArrayList<>();
    private long[] eventAtNs = new long[4];
    private int[] eventKind = new int[4];
    private int[] eventArg = new int[4];
    private int events;

    private long[] atNs = new long[0];
    private long[] affected = new long[0];
    private long[] recomputed = new long[0];
    private long[] failed = new long[0];
    private long[] pending = new long[0];
    private long[] recoveredNs = new long[0];
    /** Affected requests that failed (no instance left): when all did, nothing recovers. */
    private long[] lostAffected = new long[0];
    /** Per request: 1 + the fault whose recovery waits for its next token, or 0. */
    private int[] mark = new int[0];
    private long failedTotal;
    private int lastLoss = NONE;
    /** Whether any fault happened this run (the token path looks only then). */
    boolean tracking;
    /** Per instance, whether a fault moved its weight streams to its fallback (undone by {@link #reset}). */
    private final boolean[] rerouted;

    FaultControl(Instance[] instances, RequestTable rt, Router router, Launcher launcher, EventLoop loop,
            MemorySystem memory) {
        this.instances = instances;
        this.rerouted = new boolean[instances.length];
        this.rt = rt;
        this.router = router;
        this.launcher = launcher;
        this.loop = loop;
        this.memory = memory;
    }

    /** Declares a fault (set-up) and returns its index. */
    public int declare(String name) {
        names.add(name);
        int n = names.size();
        atNs = Arrays.copyOf(atNs, n);
        affected = Arrays.copyOf(affected, n);
        recomputed = Arrays.copyOf(recomputed, n);
        failed = Arrays.copyOf(failed, n);
        pending = Arrays.copyOf(pending, n);
        recoveredNs = Arrays.copyOf(recoveredNs, n);
        lostAffected = Arrays.copyOf(lostAffected, n);
        return n - 1;
    }

    /** Pushes an event of {@code kind} with {@code arg} at {@code atNs} at the start of every run (set-up). */
    public void schedule(long atNs, int kind, int arg) {
        if (events == eventAtNs.length) {
            eventAtNs = Arrays.copyOf(eventAtNs, events * 2);
            eventKind = Arrays.copyOf(eventKind, events * 2);
            eventArg = Arrays.copyOf(eventArg, events * 2);
        }
        eventAtNs[events] = atNs;
        eventKind[events] = kind;
        eventArg[events] = arg;
        events++;
    }

    /** Clears the accounts and pushes the scheduled events; the loop has just been reset. */
    void reset() {
        for (int i = 0; i < instances.length; i++) {
            if (rerouted[i]) {
                for (Stage s : instances[i].stages) {
                    if (s.timing() instanceof OffloadedIteration o) {
                        o.timeline().restorePaths();
                    }
                }
                rerouted[i] = false;
            }
        }
        Arrays.fill(atNs, -1L);
        Arrays.fill(affected, 0L);
        Arrays.fill(recomputed, 0L);
        Arrays.fill(failed, 0L);
        Arrays.fill(pending, 0L);
        Arrays.fill(recoveredNs, -1L);
        Arrays.fill(lostAffected, 0L);
        Arrays.fill(mark, 0);
        failedTotal = 0;
        lastLoss = NONE;
        tracking = false;
        for (int k = 0; k < events; k++) {
            loop.push(eventAtNs[k], eventKind[k], eventArg[k]);
        }
    }

    /** Whether any fault is scheduled for the runs to come. */
    boolean anyScheduled() {
        return events > 0;
    }

    /** Fault {@code f} happens now. */
    public void begin(int f, long nowNs) {
        atNs[f] = nowNs;
        tracking = true;
    }

    public int instanceCount() {
        return instances.length;
    }

    /** Instance {@code i}'s GPUs are lost: its requests go to the other instances, or fail. */
    public void loseInstance(int f, int i, long nowNs) {
        Instance in = instances[i];
        in.down = true;
        lastLoss = f;
        int[] moved = takeAll(in);
        for (int r : moved) {
            loseKvOf(f, in, r);
            int j = router.route();
            if (j == Router.NO_INSTANCE) {
                lostAffected[f]++;
                fail(f, r);
            } else {
                rt.instance[r] = j;
                instances[j].scheduler.waiting.addLast(r);
                await(f, r);
            }
        }
        in.kv.syncResidency();
        launcher.startIdle(nowNs, nowNs + 1);
    }

    /** Instance {@code i} is back (its GPUs, or what it needs, returned): it takes work again. */
    public void restoreInstance(int i, long nowNs) {
        instances[i].down = false;
        launcher.startIdle(nowNs, nowNs + 1);
    }

    /**
     * Instance {@code i}'s KV cache is lost (the memory holding it is gone): every request with KV
     * there recomputes it, back at the head of the waiting queue in its order.
     */
    public void loseKv(int f, int i, long nowNs, int device) {
        Instance in = instances[i];
        Scheduler s = in.scheduler;
        for (int k = s.running.size() - 1; k >= 0; k--) {
            int r = s.running.get(k);
            loseKvOf(f, in, r);
            s.waiting.addFirst(r);
            await(f, r);
        }
        s.running.clear();
        for (int k = 0; k < s.waiting.size(); k++) {
            int r = s.waiting.get(k);
            if (rt.swappedTokens[r] != RequestTable.NOT_SWAPPED && contains(in.kv.memory().swapDevices(), device)) {
                loseKvOf(f, in, r);
                await(f, r);
            }
        }
        in.kv.syncResidency();
        in.kv.pool.forgetContents();
        PrefixVictimCache tier = in.kv.pool.victimCache();
        if (tier != null && contains(in.kv.memory().prefixDevices(), device)) {
            tier.reset();
        }
        launcher.startIdle(nowNs, nowNs + 1);
    }

    /**
     * Holds instance {@code i}: it keeps its requests but starts no batch until {@link #release};
     * new requests go elsewhere while another instance can take them.
     */
    public void hold(int f, int i) {
        instances[i].held = true;
    }

    /**
     * Releases instance {@code i}: every request it holds now waited for fault {@code f}, and counts
     * towards its recovery.
     */
    public void release(int f, int i, long nowNs) {
        Instance in = instances[i];
        in.held = false;
        for (int k = 0; k < in.scheduler.running.size(); k++) {
            waited(f, in.scheduler.running.get(k));
        }
        for (int k = 0; k < in.scheduler.waiting.size(); k++) {
            waited(f, in.scheduler.waiting.get(k));
        }
        finishIfRecovered(f, nowNs);
        launcher.startIdle(nowNs, nowNs + 1);
    }

    /** Holds or releases instance {@code i} outside any fault's account (a cold start). */
    public void setHeld(int i, boolean held, long nowNs) {
        instances[i].held = held;
        if (!held) {
            launcher.startIdle(nowNs, nowNs + 1);
        }
    }

    /** Counts instance {@code i}'s requests now as affected by fault {@code f} (a degraded link slows them). */
    public void countAffected(int f, int i) {
        affected[f] += instances[i].scheduler.running.size() + instances[i].scheduler.waiting.size();
    }

    /** Sets link {@code device} to {@code fraction} of its bandwidth (1 restores it). */
    public void degradeLink(int device, double fraction) {
        memory.degradeLink(device, fraction);
    }

    /** Whether instance {@code i} keeps KV (its pool, swapped KV or second prefix tier) on {@code device}. */
    public boolean keepsKvOn(int i, int device) {
        InstanceMemory m = instances[i].kv.memory();
        return contains(m.kvDevices(), device) || contains(m.swapDevices(), device)
                || contains(m.prefixDevices(), device);
    }

    /** Whether instance {@code i}'s pool itself lives on {@code device}. */
    public boolean poolOn(int i, int device) {
        return contains(instances[i].kv.memory().kvDevices(), device);
    }

    /**
     * Device {@code device} is lost for good and instance {@code i} keeps no KV there: its weights
     * stream from its placement's fallback from now on, its requests carry on (slower). Whether
     * it had a fallback for every weight it streamed from the device.
     */
    public boolean fallBack(int i, int device) {
        boolean moved = false;
        for (Stage s : instances[i].stages) {
            if (s.timing() instanceof OffloadedIteration o) {
                moved |= o.timeline().rerouteFrom(device);
            }
        }
        if (moved) {
            rerouted[i] = true;
        }
        return moved && !streamsFrom(i, device);
    }

    /** Whether instance {@code i} streams weights or KV from {@code device} every iteration. */
    public boolean streamsFrom(int i, int device) {
        for (Stage s : instances[i].stages) {
            if (s.timing() instanceof OffloadedIteration o && contains(o.timeline().resources(), device)) {
                return true;
            }
        }
        return false;
    }

    /** A request no instance can take (all lost) fails. */
    void failArrival(int r) {
        fail(lastLoss, r);
    }

    /** Request {@code r} just produced a token: it no longer holds up a fault's recovery. */
    void onToken(int r, long nowNs) {
        if (r < mark.length && mark[r] != 0) {
            int f = mark[r] - 1;
            mark[r] = 0;
            if (--pending[f] == 0) {
                finishIfRecovered(f, nowNs);
            }
        }
    }

    /** Requests that failed this run, every fault together. */
    public long failedRequests() {
        return failedTotal;
    }

    /** Each declared fault's account of the last run, in declaration order. */
    public List<Outcome> outcomes() {
        List<Outcome> out = new ArrayList<>();
        for (int f = 0; f < names.size(); f++) {
            boolean happened = atNs[f] >= 0;
            boolean allLost = affected[f] > 0 && lostAffected[f] == affected[f];
            double recovery = !happened || allLost || pending[f] > 0 || recoveredNs[f] < 0 ? Double.NaN
                    : (recoveredNs[f] - atNs[f]) / 1e9;
            out.add(new Outcome(names.get(f), happened ? atNs[f] / 1e9 : Double.NaN, affected[f], recomputed[f],
                    failed[f], recovery));
        }
        return out;
    }

    /** Marks fault {@code f} recovered at {@code nowNs} when nothing is left to wait for. */
    public void finishIfRecovered(int f, long nowNs) {
        if (pending[f] == 0 && recoveredNs[f] < 0 && atNs[f] >= 0) {
            recoveredNs[f] = nowNs;
        }
    }

    /** Marks that fault {@code f} will not recover (a link that stays degraded). */
    public void neverRecovers(int f) {
        recoveredNs[f] = -1;
        pending[f] = Math.max(pending[f], 1);
    }

    private int[] takeAll(Instance in) {
        Scheduler s = in.scheduler;
        int[] all = new int[s.running.size() + s.waiting.size()];
        int n = 0;
        for (int k = 0; k < s.running.size(); k++) {
            all[n++] = s.running.get(k);
        }
        for (int k = 0; k < s.waiting.size(); k++) {
            all[n++] = s.waiting.get(k);
        }
        s.running.clear();
        s.waiting.clear();
        return all;
    }

    /** Request {@code r}'s KV on instance {@code in} is gone: it starts over from its known tokens. */
    private void loseKvOf(int f, Instance in, int r) {
        affected[f]++;
        if (rt.numComputed[r] > 0 || rt.generated[r] > 0 || rt.swappedTokens[r] != RequestTable.NOT_SWAPPED) {
            recomputed[f]++;
            rt.preemptions[r]++;
        }
        in.kv.lose(r);
        rt.numComputed[r] = 0;
    }

    /** Request {@code r} waited on a held instance: affected, unless already counted (its KV was lost). */
    private void waited(int f, int r) {
        if (r >= mark.length || mark[r] == 0) {
            affected[f]++;
            mark(f, r);
        }
    }

    /** Request {@code r} counts towards fault {@code f}'s recovery once it produces a token. */
    private void await(int f, int r) {
        mark(f, r);
    }

    private void mark(int f, int r) {
        if (mark.length < rt.size) {
            mark = Arrays.copyOf(mark, Math.max(rt.size, mark.length * 2 + 16));
        }
        if (mark[r] == 0) {
            mark[r] = f + 1;
            pending[f]++;
        }
    }

    /** Request {@code r} fails, and with it the rest of its session (never released). */
    private void fail(int f, int r) {
        for (int x = r; x != RequestTable.NO_REQUEST; x = rt.nextInSession[x]) {
            failedTotal++;
            if (f != NONE) {
                failed[f]++;
            }
            if (x < mark.length && mark[x] != 0) {
                int g = mark[x] - 1;
                mark[x] = 0;
                pending[g]--;
            }
        }
    }

    private static boolean contains(int[] ids, int id) {
        for (int x : ids) {
            if (x == id) {
                return true;
            }
        }
        return false;
    }
}
