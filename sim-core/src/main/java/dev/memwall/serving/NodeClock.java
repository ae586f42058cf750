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
    private final long epCombineBytesPerToken;
    private final long epDispatchBytesPerRow;
    private final long[] rsEvents;
    private final long[] agEvents;

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
        epCombineBytesPerToken = 0;
        epDispatchBytesPerRow = 0;
        rsEvents = new long[0];
        agEvents = new long[0];
    }

    /**
     * @param ep the expert-parallel degree: above 1, every MoE layer ends with the EP
     *           reduce-scatter and all-gather that {@link dev.memwall.hardware.profile.ProfileTimeModel}
     *           folds into its time
     */
    NodeClock(ModelShape shape, int firstLayer, int endLayer, boolean last, AstraSimAnalytical network, int ep) {
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
        this.rsEvents = new long[AstraSimAnalytical.eventCount(AstraSimAnalytical.Collective.REDUCE_SCATTER, ep)];
        this.agEvents = new long[AstraSimAnalytical.eventCount(AstraSimAnalytical.Collective.ALL_GATHER, ep)];
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
        long rsNs = 0;
        long agNs = 0;
        if (ep > 1) {
            rsNs = network.ringNs(AstraSimAnalytical.Collective.REDUCE_SCATTER, epCombineBytesPerToken * tokens / ep * ep,
                    ep, rsEvents);
            agNs = network.ringNs(AstraSimAnalytical.Collective.ALL_GATHER,
                    Math.max(1, tokens / ep) * epDispatchBytesPerRow * ep, ep, agEvents);
        }
        for (int l = firstLayer; l < endLayer; l++) {
            long end = at + b.layerNs[l];
            long next = Long.MAX_VALUE;
            if (allReduceAfter[l]) {
                next = firstAfter(end - arNs, events, t);
            } else if (epAfter[l]) {
                long computeEnd = end - rsNs - agNs;
                next = Math.min(firstAfter(computeEnd, rsEvents, t), firstAfter(computeEnd + rsNs, agEvents, t));
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
