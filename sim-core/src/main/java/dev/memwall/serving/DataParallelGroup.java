package dev.memwall.serving;

/**
 * The members of one {@code dp_group}, run in waves as vLLM's data parallelism runs them: every
 * member starts its part of a wave together; a member whose part ends retires its batch and forms
 * its next at once (a one-token dummy batch when it has nothing to run); the next wave starts
 * when the last member has ended, every member's batch padded to the wave's largest token count
 * (vLLM's DP padding). When no member has real work the group idles instead of running dummies.
 * Members stay separate instances for routing and reporting.
 *
 * <p>With pipeline parallelism ({@code pp_size > 1}) a wave is the members' stage-0 parts: the
 * next wave enters every member's first stage when the last member's first stage is free and every
 * member has a batch slot (at most {@code pp_size} batches in flight); the batches then flow
 * through each member's pipeline on their own, and every member's batch is formed at the wave's
 * start.
 */
final class DataParallelGroup {
    final String name;
    /** Instance ids of the members, in instance order. */
    final int[] members;
    private final boolean pipelined;
    /** Whether the first member to report forms every member's next batch (see {@link #formAllAtFirstReport}). */
    private boolean formsAtFirstReport;
    private final Batch[] pending;
    private int reported;
    private boolean running;
    /** The EP collectives across the members, or null when each member's stay inside it. */
    private ExpertParallelCoupling experts;
    private final long[] endNs;
    private final long[] delayNs;

    DataParallelGroup(String name, int[] members, boolean pipelined) {
        this.name = name;
        this.members = members;
        this.pipelined = pipelined;
        this.pending = new Batch[members.length];
        this.endNs = new long[members.length];
        this.delayNs = new long[members.length];
    }

    /**
     * Makes the first member to report form the next wave's batches at once: its own and those of
     * members with nothing in flight from their schedulers, a dummy for every member whose batch is
     * still in flight (its waiting requests wait a wave more). This is how LLMServingSim's MoE groups
     * of tensor-parallel members behave ({@code lss} mode only; lss-parity §14,
     * {@code example_moe_dp_tp_run} reproduced exactly): once two members have work, they take
     * turns, each running its real batch every other wave. Each member gets the spare batch slot
     * the dummy needs (set-up only).
     */
    void formAllAtFirstReport(Instance[] instances) {
        formsAtFirstReport = true;
        for (int m : members) {
            instances[m].addSpareBatch();
        }
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
     * Member {@code k} (its index in {@link #members}) ended its part at {@code nowNs}: its first
     * stage is free (with one stage, it has also retired its batch). A one-stage member forms its
     * next batch now, LLMServingSim's way (or, in a group that {@link #formAllAtFirstReport forms
     * all at the first report}, the first to report forms every member's), and the last one to
     * report starts the next wave. A pipelined member's batch is formed when the wave starts
     * ({@link #tryStart}, which the launcher calls once the events of this instant have run), so
     * that a batch retiring at this same instant is back in its scheduler.
     */
    void memberEnded(Instance[] instances, int k, long nowNs, long horizonNs, WaveStarter starter) {
        if (formsAtFirstReport) {
            if (reported == 0) {
                for (int j = 0; j < members.length; j++) {
                    Instance member = instances[members[j]];
                    pending[j] = j == k || member.idle() ? member.formForWave(nowNs) : member.dummyForWave();
                }
            }
        } else if (!pipelined) {
            pending[k] = instances[members[k]].formForWave(nowNs);
        }
        reported++;
        if (reported == members.length) {
            running = false;
            reported = 0;
            if (!pipelined) {
                startWhenSlotsFree(instances, nowNs, horizonNs, starter);
            }
        }
    }

    /** Whether the members are pipelines ({@code pp_size > 1}): waves form at their start. */
    boolean pipelined() {
        return pipelined;
    }

    /**
     * Starts a wave if the group is idle, every member has a batch slot and any member has work;
     * forms the batches not formed yet now.
     */
    void tryStart(Instance[] instances, long nowNs, long horizonNs, WaveStarter starter) {
        if (running) {
            return;
        }
        startWhenSlotsFree(instances, nowNs, horizonNs, starter);
    }

    private void startWhenSlotsFree(Instance[] instances, long nowNs, long horizonNs, WaveStarter starter) {
        for (int k = 0; k < members.length; k++) {
            if (pending[k] == null && !instances[members[k]].hasFreeSlot()) {
                return; // a member's pipeline is full: the wave starts when one of its batches retires
            }
        }
        for (int k = 0; k < members.length; k++) {
            if (pending[k] == null) {
                pending[k] = instances[members[k]].formForWave(nowNs);
            }
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
