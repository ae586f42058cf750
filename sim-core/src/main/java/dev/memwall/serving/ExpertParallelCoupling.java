package dev.memwall.serving;

import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;
import dev.memwall.network.AstraSimAnalytical;

/**
 * The expert-parallel collectives of a {@code dp_group} whose {@code ep_size} spans its members
 * ({@code ep > tp}), as LLMServingSim runs them in {@code lss} mode: every MoE layer's
 * reduce-scatter and all-gather is one ring across the members, so a member cannot finish a step
 * before the others' messages reach it. Each member's part is first timed alone (its layer times
 * hold each collective as if the others were in step); this walks the members' layers side by
 * side and, at each ring step, lets a member's receive complete no earlier than
 * {@code max(its own send, the latest other send + one message)} (lss-parity §6: a 2-NPU ring
 * between the members reproduces the DP+EP bench's steady state to the ns). Only the collectives'
 * part across the members (the network's second dimension) is coupled; a member's part among its
 * own EP ranks (the first) stays in its layer times. The difference between that coupled timeline
 * and the member's own is added to its part's end.
 *
 * <p>Built once per group; {@link #delays} does not allocate.
 */
final class ExpertParallelCoupling {
    private final boolean[] moeLayer;
    private final AstraSimAnalytical across;
    /** Ring size across the members: the EP degree over each member's own EP ranks. */
    private final int between;
    private final int ep;
    private final long combineBytesPerToken;
    private final long dispatchBytesPerRow;
    private final double localBytesPerNs;
    private final long[] coupled;
    private final long[] alone;
    private final long[] send;
    /** All zeros: the members of an unpipelined wave start together. */
    private final long[] sameStart;

    /**
     * @param shape           a member's layer table (all members run the same model shape)
     * @param across          LLMServingSim's network dimension across the members
     * @param ep              the EP degree over the whole group
     * @param localMemoryGBps the NPUs' {@code npu_mem.mem_bw}, for the reductions
     * @param members         how many members the group has
     */
    ExpertParallelCoupling(ModelShape shape, AstraSimAnalytical across, int ep, double localMemoryGBps, int members) {
        this.moeLayer = new boolean[shape.layerCount()];
        for (int l = 0; l < moeLayer.length; l++) {
            moeLayer[l] = shape.kind(l) == LayerKind.MOE;
        }
        this.across = across;
        this.ep = ep;
        this.between = ep / Math.max(1, ep / members);
        long element = shape.weightDtype().bytesPerElement();
        this.combineBytesPerToken = shape.config().hiddenSize() * element;
        this.dispatchBytesPerRow = (shape.config().hiddenSize() + (long) shape.experts()) * element;
        this.localBytesPerNs = localMemoryGBps;
        this.coupled = new long[members];
        this.alone = new long[members];
        this.send = new long[members];
        this.sameStart = new long[members];
    }

    /**
     * Fills {@code delayNs[k]} with how much later member {@code k}'s part ends when its EP
     * collectives wait for the other members': positive for a member that waits; negative, down
     * to one message per step, for the last one to arrive, whose partners' messages are already
     * there when it sends.
     *
     * @param batches the members' batches of one wave, padded to the same token count, layer times filled
     */
    void delays(Batch[] batches, long[] delayNs) {
        delays(batches, sameStart, 0, moeLayer.length, delayNs);
    }

    /**
     * As {@link #delays(Batch[], long[])} for the members' parts of one wave on one pipeline stage,
     * which may start at different times: member {@code k}'s layers {@code [firstLayer, endLayer)}
     * start at {@code startNs[k]}. A member that starts early waits at its first EP collective for
     * the others' messages; in a two-member ring with equal compute it ends
     * {@code max(0, lag - one message)} later, the late one on time.
     */
    void delays(Batch[] batches, long[] startNs, int firstLayer, int endLayer, long[] delayNs) {
        int n = batches.length;
        long tokens = batches[0].shape.scheduledTokens;
        long combineMsg = combineBytesPerToken * tokens / ep;
        long dispatchMsg = Math.max(1, tokens / ep) * dispatchBytesPerRow;
        long rsNs = across.ringNs(AstraSimAnalytical.Collective.REDUCE_SCATTER, combineMsg * between, between, null);
        long agNs = across.ringNs(AstraSimAnalytical.Collective.ALL_GATHER, dispatchMsg * between, between, null);
        long reduceNs = 3 * (long) (combineMsg / localBytesPerNs);
        for (int k = 0; k < n; k++) {
            alone[k] = startNs[k];
            coupled[k] = startNs[k];
        }
        for (int l = firstLayer; l < endLayer; l++) {
            for (int k = 0; k < n; k++) {
                long ns = batches[k].layerNs[l];
                alone[k] += ns;
                coupled[k] += moeLayer[l] ? ns - rsNs - agNs : ns;
            }
            if (moeLayer[l]) {
                ring(n, between, across.messageNs(combineMsg), reduceNs);
                ring(n, between, across.messageNs(dispatchMsg), 0);
            }
        }
        for (int k = 0; k < n; k++) {
            delayNs[k] = coupled[k] - alone[k];
        }
    }

    /** Whether any of layers {@code [firstLayer, endLayer)} is an MoE layer, whose EP collectives span the members. */
    boolean anyMoeLayer(int firstLayer, int endLayer) {
        for (int l = firstLayer; l < endLayer; l++) {
            if (moeLayer[l]) {
                return true;
            }
        }
        return false;
    }

    /** One coupled ring collective of {@code ranks - 1} steps from each member's {@link #coupled} time. */
    private void ring(int n, int ranks, long messageNs, long reduceNs) {
        long e = AstraSimAnalytical.ENDPOINT_DELAY_NS;
        for (int k = 0; k < n; k++) {
            coupled[k] += e;
        }
        for (int step = 0; step < ranks - 1; step++) {
            for (int k = 0; k < n; k++) {
                send[k] = coupled[k];
            }
            for (int k = 0; k < n; k++) {
                long latestOther = Long.MIN_VALUE;
                for (int j = 0; j < n; j++) {
                    if (j != k) {
                        latestOther = Math.max(latestOther, send[j]);
                    }
                }
                long receive = n > 1 ? Math.max(send[k], latestOther + messageNs) : send[k] + messageNs;
                coupled[k] = receive + e + reduceNs;
            }
        }
    }
}
