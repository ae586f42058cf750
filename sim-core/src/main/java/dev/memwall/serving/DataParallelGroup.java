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
 * start. When the members' EP collectives span the group, their parts of a wave meet on every
 * stage ({@link StageRendezvous}); an idle group whose member other than the first retires a real
 * batch waits for the next poll ({@link #holdAfterRetire}).
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
    /** Whether an idle pipelined group may hold its next wave to the next poll ({@code lss} mode). */
    private boolean holdsToPolls;
    /** Whether the last wave found no real work (a pipelined group then idles until a poll). */
    private boolean idle;
    /** A pipelined group starts no wave at or before this time (see {@link #holdAfterRetire}). */
    private long heldUntilNs = Long.MIN_VALUE;
    /** The EP collectives across the members, or null when each member's stay inside it. */
    private ExpertParallelCoupling experts;
    /** A pipelined group's EP collectives across the members, stage by stage, or null. */
    private StageRendezvous rendezvous;
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

    /**
     * Couples the members' expert-parallel collectives (an {@code ep_size} spanning the group): a
     * wave's parts start together and are coupled at its start; a pipelined group's meet stage by
     * stage ({@link StageRendezvous}), {@code cut} giving each stage's layers.
     */
    void coupleExperts(ExpertParallelCoupling coupling, PipelineCut cut) {
        if (pipelined) {
            this.rendezvous = new StageRendezvous(coupling, cut, members.length);
        } else {
            this.experts = coupling;
        }
    }

    /** Lets an idle pipelined group hold its next wave to the next poll ({@link #holdAfterRetire}; set-up only). */
    void holdIdleWavesToPolls() {
        this.holdsToPolls = true;
    }

    /** Where a pipelined group's parts meet on each stage, or null when they do not wait for each other. */
    StageRendezvous rendezvous() {
        return rendezvous;
    }

    void reset() {
        java.util.Arrays.fill(pending, null);
        reported = 0;
        running = false;
        idle = false;
        heldUntilNs = Long.MIN_VALUE;
        if (rendezvous != null) {
            rendezvous.reset();
        }
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

    /**
     * Member {@code k}'s batch retired at {@code nowNs}. If the group is idle (its last wave found
     * no real work), the retired requests may now run, but LLMServingSim visits the members in
     * index order at each event: those before {@code k} were looked at before it retired, found no
     * work in the group and form only at the next poll, the next event of any busy GPU; those after
     * it form now. So the group holds its next wave until then when {@code k} is not the first
     * member ({@code example_moe_dp_pp_run}, request 1's token 25: member 1 retires, the wave starts
     * 8,604 ns later, at member 0's lm_head end; {@code example_moe_dp_tp_pp_run}: member 0
     * retires, the wave starts at once). Returns whether the group holds; never outside {@code lss}
     * mode ({@link #holdIdleWavesToPolls}).
     */
    boolean holdAfterRetire(int k, long nowNs) {
        if (!holdsToPolls || !pipelined || !idle || running || k == 0) {
            return false;
        }
        heldUntilNs = nowNs;
        return true;
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
        if (running || nowNs <= heldUntilNs) {
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
            idle = true;
            return;
        }
        running = true;
        idle = false;
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
