package dev.memwall.serving;

import dev.memwall.engine.EventLoop;

/**
 * Starts iterations and carries batches through their stages: the handlers of the
 * {@code stage-done}, {@code activations-arrived} and {@code transfer-issue} events. Instances run
 * on their own, or as members of a {@link DataParallelGroup} that starts them in waves.
 */
final class Launcher {
    /** {@link #groupOf} of an instance in no data-parallel group. */
    static final int NO_GROUP = -1;

    private final EventLoop loop;
    private final Instance[] instances;
    private final DataParallelGroup[] groups;
    /** Per instance, its group's index in {@link #groups}, or {@link #NO_GROUP}. */
    private final int[] groupOf;
    /** Per instance, its index among its group's members. */
    private final int[] memberIndex;
    /** Per group, whether its {@code wave-start} event is queued (pipelined groups only). */
    private final boolean[] waveQueued;
    private final Scheduler.CompletionSink sink;
    private final ConcurrencyProbe probe;
    private final DataParallelGroup.WaveStarter waveStarter = (i, next) -> partStarted(i, 0, next);
    private Runnable beforeWork = () -> { };
    /** Told after every retire (a P/D hand-off waiting for room may now fit). */
    private java.util.function.LongConsumer afterRetire = now -> { };
    private ClusterSimulation.IterationLog iterationLog = ClusterSimulation.NO_ITERATION_LOG;
    private boolean everyEventPolls;

    private final int stageDoneKind;
    private final int activationsKind;
    private final int transferKind;
    private final int waveKind;

    Launcher(EventLoop loop, Instance[] instances, DataParallelGroup[] groups, Scheduler.CompletionSink sink,
            ConcurrencyProbe probe) {
        this.loop = loop;
        this.instances = instances;
        this.groups = groups;
        this.sink = sink;
        this.probe = probe;
        this.groupOf = new int[instances.length];
        this.memberIndex = new int[instances.length];
        this.waveQueued = new boolean[groups.length];
        java.util.Arrays.fill(groupOf, NO_GROUP);
        for (int g = 0; g < groups.length; g++) {
            for (int k = 0; k < groups[g].members.length; k++) {
                groupOf[groups[g].members[k]] = g;
                memberIndex[groups[g].members[k]] = k;
            }
        }
        stageDoneKind = loop.register("stage-done", true, this::onStageDone);
        activationsKind = loop.register("activations-arrived", true, this::onActivationsArrived);
        transferKind = loop.register("transfer-issue", true, this::onTransferIssue);
        waveKind = loop.register("wave-start", true, this::onWaveStart);
    }

    /**
     * Makes every stage event a poll of every instance, LLMServingSim's way: {@code beforeWork}
     * (routing the arrivals due) runs first, then the event, then every idle instance is started.
     */
    void pollOnEveryEvent(Runnable beforeWorkHook) {
        this.beforeWork = beforeWorkHook;
        this.everyEventPolls = true;
    }

    /** Calls {@code hook} with the time after every batch retired. */
    void afterRetire(java.util.function.LongConsumer hook) {
        this.afterRetire = hook;
    }

    void iterationLog(ClusterSimulation.IterationLog log) {
        this.iterationLog = log;
    }

    void reset() {
        for (DataParallelGroup g : groups) {
            g.reset();
        }
        java.util.Arrays.fill(waveQueued, false);
    }

    /** Starts every instance (or group) that is idle and has work. */
    void startIdle(long nowNs, long horizonNs) {
        for (int i = 0; i < instances.length; i++) {
            if (groupOf[i] == NO_GROUP && instances[i].canStart()) {
                startIteration(i, nowNs, horizonNs);
            }
        }
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].pipelined()) {
                queueWave(g, nowNs);
            } else {
                groups[g].tryStart(instances, nowNs, horizonNs, waveStarter);
            }
        }
    }

    /** Whether any stage of any instance is busy or any activations are in transit. */
    boolean anyBusy() {
        for (Instance in : instances) {
            if (!in.idle()) {
                return true;
            }
        }
        return false;
    }

    /** The next event after {@code t} inside any busy stage's part (LLMServingSim's poll points). */
    long nextNodeEventAfter(long t) {
        long next = Long.MAX_VALUE;
        for (Instance in : instances) {
            for (Stage s : in.stages) {
                if (s.busy) {
                    next = Math.min(next, s.nextEventAfter(t));
                }
            }
        }
        return next;
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

    /**
     * Stage {@code s} of instance {@code i} started a part whose next event is at {@code nextNs}:
     * queue it, unless the part is a pipelined data-parallel member's whose end waits for the
     * other members' parts of its wave to start on that stage ({@link StageRendezvous}); the last
     * of them queues every member's end.
     */
    private void partStarted(int i, int s, long nextNs) {
        StageRendezvous r = groupOf[i] == NO_GROUP ? null : groups[groupOf[i]].rendezvous();
        if (r == null || !r.couples(s)) {
            pushNext(i, s, nextNs);
            return;
        }
        Stage stage = instances[i].stages[s];
        if (!stage.ended()) {
            throw new IllegalStateException("a stepwise stage cannot wait for data-parallel partners");
        }
        if (!r.started(s, memberIndex[i], stage.current, stage.modelStartNs(), nextNs)) {
            stage.awaitPartners();
            return;
        }
        for (int m : groups[groupOf[i]].members) {
            long endNs = r.endNs(s, memberIndex[m]);
            instances[m].stages[s].moveEnd(endNs);
            pushNext(m, s, endNs);
        }
    }

    private void onTransferIssue(long nowNs, int address) {
        int i = StageAddress.instance(address);
        int s = StageAddress.stage(address);
        pushNext(i, s, instances[i].stages[s].advance(nowNs, loop.horizonNs()));
    }

    /** Whether instance {@code i} belongs to a data-parallel group. */
    boolean inGroup(int i) {
        return groupOf[i] != NO_GROUP;
    }

    /**
     * Stage {@code s} of instance {@code i} finished its part of a batch: the last stage retires
     * it, any other sends it on; the stage then takes the next batch waiting for it (stage 0 forms
     * a new one; a data-parallel member forms its part of the next wave).
     */
    private void onStageDone(long nowNs, int address) {
        beforeWork.run();
        probe.observe(nowNs);
        int i = StageAddress.instance(address);
        int s = StageAddress.stage(address);
        Instance in = instances[i];
        Batch b = in.stages[s].finish(nowNs);
        if (in.isLast(s)) {
            iterationLog.iteration(i, nowNs, b.sequenceCount(), b.shape.scheduledTokens);
            in.retire(b, nowNs, sink);
            afterRetire.accept(nowNs);
        } else {
            loop.push(in.sendOn(s, b, nowNs), activationsKind, StageAddress.of(i, s + 1));
        }
        if (groupOf[i] != NO_GROUP) {
            nextInGroup(i, s, nowNs, b.dummy);
        } else {
            startNextOn(i, s, nowNs);
            if (s != 0 && in.isLast(s)) {
                // A retired batch frees a slot: stage 0 may be able to start another.
                startNextOn(i, 0, nowNs);
            }
        }
        afterWork(nowNs);
    }

    /**
     * A data-parallel member's stage {@code s} is free: its first stage reports to the group (the
     * next wave); a later stage takes the next batch waiting for it. A pipelined group's next wave
     * is tried once this instant's other events have run (a {@code wave-start} event): members
     * whose batches retire at this same instant then form from their full schedulers.
     *
     * @param retiredDummy whether the batch stage {@code s} finished was a dummy
     */
    private void nextInGroup(int i, int s, long nowNs, boolean retiredDummy) {
        DataParallelGroup g = groups[groupOf[i]];
        if (s == 0) {
            g.memberEnded(instances, memberIndex[i], nowNs, loop.horizonNs(), waveStarter);
        } else {
            startNextOn(i, s, nowNs);
        }
        if (!g.pipelined() || s != 0 && !instances[i].isLast(s)) {
            return;
        }
        boolean retiredReal = instances[i].isLast(s) && !retiredDummy;
        if (!retiredReal || !heldAfterRetire(i, nowNs)) {
            queueWave(groupOf[i], nowNs);
        }
    }

    /**
     * Whether member {@code i}'s pipelined group, idle, holds its next wave after {@code i} retired
     * a real batch at {@code nowNs} ({@link DataParallelGroup#holdAfterRetire}); if so the wave is
     * tried again at the next event of any busy GPU.
     */
    private boolean heldAfterRetire(int i, long nowNs) {
        long pollNs = nextNodeEventAfter(nowNs);
        if (pollNs == Long.MAX_VALUE || !groups[groupOf[i]].holdAfterRetire(memberIndex[i], nowNs)) {
            return false;
        }
        loop.push(pollNs, waveKind, groupOf[i]);
        return true;
    }

    /** Posts pipelined group {@code g}'s {@code wave-start} at {@code nowNs}, once, if it is idle. */
    private void queueWave(int g, long nowNs) {
        if (!waveQueued[g] && !groups[g].running()) {
            waveQueued[g] = true;
            loop.push(nowNs, waveKind, g);
        }
    }

    private void onWaveStart(long nowNs, int group) {
        waveQueued[group] = false;
        groups[group].tryStart(instances, nowNs, loop.horizonNs(), waveStarter);
    }

    /** A batch's activations reached stage {@code s}: it runs there now, or waits its turn. */
    private void onActivationsArrived(long nowNs, int address) {
        beforeWork.run();
        int i = StageAddress.instance(address);
        int s = StageAddress.stage(address);
        Stage stage = instances[i].stages[s];
        stage.enqueue(instances[i].takeInTransit(s));
        if (!stage.busy) {
            startNextOn(i, s, nowNs);
        }
        afterWork(nowNs);
    }

    private void afterWork(long nowNs) {
        if (everyEventPolls) {
            startIdle(nowNs, loop.horizonNs());
        }
    }

    private void startNextOn(int i, int s, long nowNs) {
        if (s == 0) {
            startIteration(i, nowNs, loop.horizonNs());
            return;
        }
        Stage stage = instances[i].stages[s];
        if (!stage.busy && stage.hasQueued()) {
            partStarted(i, s, instances[i].startOn(s, stage.dequeue(), nowNs, loop.horizonNs()));
        }
    }
}
