package dev.memwall.serving;

/**
 * The members of one {@code dp_group}, run in waves as vLLM's data parallelism runs them: every
 * member starts its part of a wave together; a member whose part ends retires its batch and forms
 * its next at once (a one-token dummy batch when it has nothing to run); the next wave starts
 * when the last member has ended, every member's batch padded to the wave's largest token count
 * (vLLM's DP padding). When no member has real work the group idles instead of running dummies.
 * Members stay separate instances for routing and reporting.
 */
final class DataParallelGroup {
    final String name;
    /** Instance ids of the members, in instance order. */
    final int[] members;
    private final Batch[] pending;
    private int reported;
    private boolean running;
    /** The EP collectives across the members, or null when each member's stay inside it. */
    private ExpertParallelCoupling experts;
    private final long[] endNs;
    private final long[] delayNs;

    DataParallelGroup(String name, int[] members) {
        this.name = name;
        this.members = members;
        this.pending = new Batch[members.length];
        this.endNs = new long[members.length];
        this.delayNs = new long[members.length];
    }

    /** Couples the members' expert-parallel collectives (an {@code ep_size} spanning the group). */
    void coupleExperts(ExpertParallelCoupling coupling) {
        this.experts = coupling;
    }

    void reset() {
        java.util.Arrays.fill(pending, null);
        reported = 0;
        running = false;
    }

    boolean running() {
        return running;
    }

    /** Where a wave's member parts start: the launcher pushes each one's next event. */
    interface WaveStarter {
        void started(int instance, long nextEventNs);
    }

    /**
     * Member {@code k} (its index in {@link #members}) ended its part at {@code nowNs} and has
     * retired its batch: it forms its next now; when it was the last, the next wave starts.
     */
    void memberEnded(Instance[] instances, int k, long nowNs, long horizonNs, WaveStarter starter) {
        pending[k] = instances[members[k]].formForWave(nowNs);
        reported++;
        if (reported == members.length) {
            running = false;
            reported = 0;
            startWave(instances, nowNs, horizonNs, starter);
        }
    }

    /** Starts a wave if the group is idle and any member has work; forms every member's batch now. */
    void tryStart(Instance[] instances, long nowNs, long horizonNs, WaveStarter starter) {
        if (running) {
            return;
        }
        for (int k = 0; k < members.length; k++) {
            pending[k] = instances[members[k]].formForWave(nowNs);
        }
        startWave(instances, nowNs, horizonNs, starter);
    }

    private void startWave(Instance[] instances, long nowNs, long horizonNs, WaveStarter starter) {
        long pad = 0;
        boolean real = false;
        for (Batch b : pending) {
            pad = Math.max(pad, b.shape.scheduledTokens);
            real |= !b.dummy;
        }
        if (!real) {
            for (int k = 0; k < members.length; k++) {
                instances[members[k]].discard(pending[k]);
                pending[k] = null;
            }
            return;
        }
        running = true;
        for (int k = 0; k < members.length; k++) {
            pending[k].shape.padTo(pad);
            endNs[k] = instances[members[k]].startOn(0, pending[k], nowNs, horizonNs);
        }
        if (experts != null) {
            experts.delays(pending, delayNs);
            for (int k = 0; k < members.length; k++) {
                endNs[k] += delayNs[k];
                instances[members[k]].stages[0].moveEnd(endNs[k]);
            }
        }
        for (int k = 0; k < members.length; k++) {
            pending[k] = null;
            starter.started(members[k], endNs[k]);
        }
    }
}
