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
    }

    NodeClock(ModelShape shape, int firstLayer, int endLayer, boolean last, AstraSimAnalytical network) {
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
        if (tp > 1) {
            long bytes = allReduceBytesPerToken * b.shape.scheduledTokens;
            arNs = network.ringNs(AstraSimAnalytical.Collective.ALL_REDUCE, bytes, tp, events);
        }
        for (int l = firstLayer; l < endLayer; l++) {
            if (allReduceAfter[l]) {
                long computeEnd = at + b.layerNs[l] - arNs;
                if (computeEnd > t) {
                    return computeEnd;
                }
                for (long e : events) {
                    if (computeEnd + e > t) {
                        return computeEnd + e;
                    }
                }
            } else if (at + b.layerNs[l] > t) {
                return at + b.layerNs[l];
            }
            at += b.layerNs[l];
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
}
