package dev.memwall.serving;

import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.TransferPath;
import dev.memwall.network.AstraSimAnalytical;

/**
 * How a pipelined instance's activations cross from one stage to the next: over the GPUs' own
 * links, queued on the memory system's accumulators ({@link #physical}), or as LLMServingSim's
 * ASTRA-Sim SEND/RECV over {@code link_bw}, the sending stage busy until the receiving one has
 * them ({@link #lss}).
 */
abstract class StageHops {
    /** Activation bytes per scheduled token crossing a boundary: the hidden state. */
    private final double bytesPerToken;

    StageHops(double bytesPerToken) {
        this.bytesPerToken = bytesPerToken;
    }

    final double bytes(Batch b) {
        return bytesPerToken * b.shape.scheduledTokens;
    }

    /** How long stage {@code s} stays busy after its compute, sending batch {@code b} on. */
    abstract long sendingNs(int s, Batch b);

    /** When {@code b}'s activations, sent by stage {@code s} finishing at {@code doneNs}, reach stage s + 1. */
    abstract long arrivalNs(int s, Batch b, long doneNs);

    /** No hops: an unpipelined instance. */
    static StageHops none() {
        return new StageHops(0) {
            @Override
            long sendingNs(int s, Batch b) {
                return 0;
            }

            @Override
            long arrivalNs(int s, Batch b, long doneNs) {
                throw new IllegalStateException("an unpipelined instance sends nothing on");
            }
        };
    }

    /** Over {@code paths[s]} (scale-up ports or PCIe through the host), queued as any transfer. */
    static StageHops physical(MemorySystem memory, TransferPath[] paths, double bytesPerToken) {
        return new StageHops(bytesPerToken) {
            @Override
            long sendingNs(int s, Batch b) {
                return 0;
            }

            @Override
            long arrivalNs(int s, Batch b, long doneNs) {
                double bytes = bytes(b);
                return bytes > 0 ? memory.transfer(paths[s], bytes, 1, doneNs) : doneNs;
            }
        };
    }

    /**
     * LLMServingSim's: {@code link_latency + bytes / link_bw}, the sender busy until the bytes are
     * delivered (ASTRA-Sim ends a SEND node at delivery: the next batch cannot start on the
     * sending stage before then; example_moe_pp_run, where stage 0 is on the critical path, shows
     * it to the ns).
     */
    static StageHops lss(AstraSimAnalytical network, double bytesPerToken) {
        return new StageHops(bytesPerToken) {
            @Override
            long sendingNs(int s, Batch b) {
                return network.messageNs((long) bytes(b));
            }

            @Override
            long arrivalNs(int s, Batch b, long doneNs) {
                return doneNs;
            }
        };
    }
}
