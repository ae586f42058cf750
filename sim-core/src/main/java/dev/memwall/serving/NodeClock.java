package dev.memwall.serving;

import dev.memwall.model.ModelShape;
import dev.memwall.network.AstraSimAnalytical;

/**
 * The event times inside one stage's part of an iteration as LLMServingSim's ASTRA-Sim sees them:
 * every layer's compute node ending, every internal event of a tensor-parallel all-reduce, the
 * sampler, the end of a send. LLMServingSim polls an idle instance at every such event of any
 * busy NPU (not when a request arrives), so {@code --memory-model lss} needs the next one after a
 * given time ({@link #nextEventAfter}); computed on demand from the batch's layer times, never
 * stored per event.
 */
final class NodeClock {
    private final int firstLayer;
    private final int endLayer;
    private final boolean last;
    /** Per layer of the model, whether an all-reduce follows it (folded into its layer time). */
    private final boolean[] allReduceAfter;
    private final AstraSimAnalytical network;
    private final int tp;
    private final long allReduceBytesPerToken;
    private final long[] events;
    /** Per layer of the model, whether it is an MoE layer followed by EP reduce-scatter and all-gather. */
    private final boolean[] epAfter;
    private final int ep;
    /** EP ranks per instance (the first network dimension) and instances the EP group spans (the second). */
    private final int epInside;
    private final int epBetween;
    private final AstraSimAnalytical across;
    private final long epCombineBytesPerToken;
    private final long epDispatchBytesPerRow;
    private final long[] rsInsideEvents;
    private final long[] rsBetweenEvents;
    private final long[] agInsideEvents;
    private final long[] agBetweenEvents;

    /**
     * A clock for stages that LLMServingSim's polling never looks into (the physical model):
     * asked anyway, it knows no event.
     */
    static NodeClock endOnly() {
        return new NodeClock();
    }

    private NodeClock() {
        firstLayer = 0;
        endLayer = 0;
        last = false;
        allReduceAfter = new boolean[0];
        network = null;
        tp = 1;
        allReduceBytesPerToken = 0;
        events = new long[0];
        epAfter = new boolean[0];
        ep = 1;
        epInside = 1;
        epBetween = 1;
        across = null;
        epCombineBytesPerToken = 0;
        epDispatchBytesPerRow = 0;
        rsInsideEvents = new long[0];
        rsBetweenEvents = new long[0];
        agInsideEvents = new long[0];
        agBetweenEvents = new long[0];
    }

    /**
     * @param ep      the expert-parallel degree: above 1, every MoE layer holds the EP all-gather
     *                (dispatch) before its experts and the reduce-scatter (combine) after them, which
     *                {@link dev.memwall.hardware.profile.ProfileTimeModel} folds into its time
     * @param across  the network dimension across a data-parallel group's members
     * @param members how many instances share the {@code dp_group} (1 outside one): an EP degree
     *                above an instance's share spans them, ASTRA-Sim's hierarchical ring (the
     *                reduce-scatter over the instance's ranks, then across; the all-gather the other
     *                way round)
     */
    NodeClock(ModelShape shape, int firstLayer, int endLayer, boolean last, AstraSimAnalytical network, int ep,
            AstraSimAnalytical across, int members) {
        this.firstLayer = firstLayer;
        this.endLayer = endLayer;
        this.last = last;
        this.network = network;
        this.tp = shape.tpSize();
        this.allReduceBytesPerToken = (long) shape.config().hiddenSize() * shape.weightDtype().bytesPerElement();
        this.allReduceAfter = new boolean[shape.layerCount()];
        for (int l = 0; l < shape.layerCount(); l++) {
            String name = shape.layerName(l);
            allReduceAfter[l] = tp > 1 && ("o_proj".equals(name) || "down_proj".equals(name));
        }
        this.events = new long[AstraSimAnalytical.eventCount(AstraSimAnalytical.Collective.ALL_REDUCE, tp)];
        this.ep = ep;
        this.epAfter = new boolean[shape.layerCount()];
        for (int l = 0; l < shape.layerCount(); l++) {
            epAfter[l] = ep > 1 && shape.kind(l) == dev.memwall.model.LayerKind.MOE;
        }
        long element = shape.weightDtype().bytesPerElement();
        this.epCombineBytesPerToken = shape.config().hiddenSize() * element;
        this.epDispatchBytesPerRow = (shape.config().hiddenSize() + (long) shape.experts()) * element;
        this.epInside = Math.max(1, ep / Math.max(1, members));
        this.epBetween = ep / epInside;
        this.across = across;
        this.rsInsideEvents = new long[AstraSimAnalytical.eventCount(AstraSimAnalytical.Collective.REDUCE_SCATTER, epInside)];
        this.rsBetweenEvents = new long[AstraSimAnalytical.eventCount(AstraSimAnalytical.Collective.REDUCE_SCATTER, epBetween)];
        this.agInsideEvents = new long[AstraSimAnalytical.eventCount(AstraSimAnalytical.Collective.ALL_GATHER, epInside)];
        this.agBetweenEvents = new long[AstraSimAnalytical.eventCount(AstraSimAnalytical.Collective.ALL_GATHER, epBetween)];
    }

    /**
     * The first event after {@code t} of batch {@code b}'s part on this stage, its layers starting
     * at {@code startNs}, or {@link Long#MAX_VALUE} when it has none left.
     *
     * @param sendingNs how long the stage then stays busy sending the batch on
     */
    long nextEventAfter(Batch b, long startNs, long sendingNs, long t) {
        long at = startNs;
        long arNs = 0;
        long tokens = b.shape.scheduledTokens;
        if (tp > 1) {
            arNs = network.ringNs(AstraSimAnalytical.Collective.ALL_REDUCE, allReduceBytesPerToken * tokens, tp, events);
        }
        long rsInNs = 0;
        long rsAcrossNs = 0;
        long agInNs = 0;
        long agAcrossNs = 0;
        if (ep > 1) {
            long combine = epCombineBytesPerToken * tokens / ep;
            long dispatch = Math.max(1, tokens / ep) * epDispatchBytesPerRow;
            rsInNs = network.ringNs(AstraSimAnalytical.Collective.REDUCE_SCATTER, combine * ep, epInside, rsInsideEvents);
            rsAcrossNs = across.ringNs(AstraSimAnalytical.Collective.REDUCE_SCATTER, combine * epBetween, epBetween,
                    rsBetweenEvents);
            agAcrossNs = across.ringNs(AstraSimAnalytical.Collective.ALL_GATHER, dispatch * epBetween, epBetween,
                    agBetweenEvents);
            agInNs = network.ringNs(AstraSimAnalytical.Collective.ALL_GATHER, dispatch * ep, epInside, agInsideEvents);
        }
        for (int l = firstLayer; l < endLayer; l++) {
            long end = at + b.layerNs[l];
            long next = Long.MAX_VALUE;
            if (allReduceAfter[l]) {
                next = firstAfter(end - arNs, events, t);
            } else if (epAfter[l]) {
                next = epBetween > 1 ? dispatchFirst(at, end, agAcrossNs, agInNs, rsInNs, rsAcrossNs, t)
                        : combineThenDispatch(at, end, agInNs, rsInNs, t);
            } else if (end > t) {
                next = end;
            }
            if (next != Long.MAX_VALUE) {
                return next;
            }
            at = end;
        }
        if (last) {
            at += b.fixedNs;
            if (at > t) {
                return at;
            }
        }
        at += sendingNs;
        return at > t ? at : Long.MAX_VALUE;
    }

    private static final long[] EMPTY = new long[0];

    /**
     * An MoE layer whose EP group spans data-parallel members, from {@code at} to {@code end}: the
     * dispatch all-gather (across the members, then over the instance's own ranks) before the
     * experts, the combine reduce-scatter (own ranks, then across) after them. Its first event after
     * {@code t}, or {@link Long#MAX_VALUE}. ({@code example_moe_dp_tp_pp_run}: request 1 is picked up
     * at the end of the dispatch's second ring step after a layernorm, 40,789 ns.)
     */
    private long dispatchFirst(long at, long end, long agAcrossNs, long agInNs, long rsInNs, long rsAcrossNs,
            long t) {
        long computeStart = at + agAcrossNs + agInNs;
        long computeEnd = end - rsInNs - rsAcrossNs;
        long next = Math.min(firstAfter(at, agBetweenEvents, t), firstAfter(at + agAcrossNs, agInsideEvents, t));
        next = Math.min(next, firstAfter(computeStart, EMPTY, t));
        next = Math.min(next, firstAfter(computeEnd, rsInsideEvents, t));
        return Math.min(next, firstAfter(computeEnd + rsInNs, rsBetweenEvents, t));
    }

    /**
     * An MoE layer whose EP group is the instance's own ranks: the experts, then the combine
     * reduce-scatter, then the dispatch all-gather ({@code example_moe_pp_run}: a pickup at the
     * experts' end plus one endpoint delay and one reduce-scatter message, 15,894 ns, pins it).
     */
    private long combineThenDispatch(long at, long end, long agInNs, long rsInNs, long t) {
        long computeEnd = end - rsInNs - agInNs;
        return Math.min(firstAfter(computeEnd, rsInsideEvents, t), firstAfter(computeEnd + rsInNs, agInsideEvents, t));
    }

    /** The first of {@code base} and {@code base + offsets[i]} after {@code t}, or {@link Long#MAX_VALUE}. */
    private static long firstAfter(long base, long[] offsets, long t) {
        if (base > t) {
            return base;
        }
        for (long e : offsets) {
            if (base + e > t) {
                return base + e;
            }
        }
        return Long.MAX_VALUE;
    }
}
