package dev.memwall.pim;

import dev.memwall.hardware.BatchShape;

/** What one attention layer's decode sequences cost on the PIM device. Implementations do not allocate per call. */
public interface PimAttentionCost {
    /** Time of one layer's decode attention for the batch's decode sequences, ns (0 without any). */
    long decodeAttentionNs(BatchShape batch);

    /** Bytes of KV the PIM device reads for one layer of the batch's decode attention. */
    double decodeKvBytes(BatchShape batch);
}
