package dev.memwall.serving;

/**
 * Where the pipelined members of a {@code dp_group} whose {@code ep_size} spans them meet: on each
 * pipeline stage, the members' parts of one wave run their EP collectives as one ring across the
 * members (LLMServingSim's EP group pins the stage: stage {@code s} of one member pairs with stage
 * {@code s} of the others, wave by wave). The parts of a wave start on a stage at different times
 * (each when its batch's activations arrive and the stage is free), so a part's end is known only
 * once the last member's part of that wave has started there; until then the part stays busy (it
 * cannot end earlier: its last collective needs the late member's message). A member's parts
 * reach a stage in wave order and none can end before its wave is complete, so each stage has at
 * most one wave gathering at a time. {@code example_moe_dp_pp_run}: the member whose real batch
 * starts stage 1 more than one message ahead of the other's dummy ends the lag less one message
 * later (lss-parity §15).
 *
 * <p>Built once per group; does not allocate while running.
 */
final class StageRendezvous {
    private final ExpertParallelCoupling experts;
    private final int[] firstLayer;
    private final int[] endLayer;
    private final boolean[] coupledStage;
    /** Per stage and member, the part of the gathering wave that has started, or null. */
    private final Batch[][] parts;
    /** Per stage and member, when that part's layers start and when it would end alone. */
    private final long[][] modelStartNs;
    private final long[][] endNs;
    private final int[] started;
    private final long[] delayNs;

    StageRendezvous(ExpertParallelCoupling experts, PipelineCut cut, int members) {
        this.experts = experts;
        int stages = cut.stages();
        this.firstLayer = new int[stages];
        this.endLayer = new int[stages];
        this.coupledStage = new boolean[stages];
        for (int s = 0; s < stages; s++) {
            firstLayer[s] = cut.firstLayer(s);
            endLayer[s] = cut.endLayer(s);
            coupledStage[s] = experts.anyMoeLayer(firstLayer[s], endLayer[s]);
        }
        this.parts = new Batch[stages][members];
        this.modelStartNs = new long[stages][members];
        this.endNs = new long[stages][members];
        this.started = new int[stages];
        this.delayNs = new long[members];
    }

    void reset() {
        for (Batch[] p : parts) {
            java.util.Arrays.fill(p, null);
        }
        java.util.Arrays.fill(started, 0);
    }

    /** Whether stage {@code s} holds EP collectives, so that its parts wait for each other. */
    boolean couples(int s) {
        return coupledStage[s];
    }

    /**
     * Member {@code k}'s part of the gathering wave started on stage {@code s}: its layers start at
     * {@code startNs}, and alone it would end at {@code aloneEndNs}. Returns whether it was the last
     * member to start; then {@link #endNs} gives every member's part's end, and the next wave may
     * gather.
     */
    boolean started(int s, int k, Batch b, long startNs, long aloneEndNs) {
        if (parts[s][k] != null) {
            throw new IllegalStateException("member " + k + " started stage " + s + " twice in one wave");
        }
        parts[s][k] = b;
        modelStartNs[s][k] = startNs;
        endNs[s][k] = aloneEndNs;
        if (++started[s] < parts[s].length) {
            return false;
        }
        experts.delays(parts[s], modelStartNs[s], firstLayer[s], endLayer[s], delayNs);
        for (int m = 0; m < delayNs.length; m++) {
            endNs[s][m] += delayNs[m];
            parts[s][m] = null;
        }
        started[s] = 0;
        return true;
    }

    /** When member {@code k}'s part on stage {@code s} ends, once its wave has gathered there. */
    long endNs(int s, int k) {
        return endNs[s][k];
    }
}
