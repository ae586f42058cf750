package dev.memwall.pim;

import dev.memwall.hardware.BatchShape;
import dev.memwall.model.ModelShape;

/**
 * Decode attention as memory-side compute (the physical memory model): the PIM units read each
 * decode sequence's KV inside the memory, at the node's whole channel bandwidth
 * ({@code channels x channel bandwidth}), instead of the GPU reading it from HBM or over a link.
 * One layer takes {@code read latency + KV bytes / node bandwidth}, the KV bytes being every
 * decode sequence's prior tokens plus its new one, times the layer's K and V bytes per token
 * (all TP ranks: the node's memory holds the instance's whole KV). Compute inside the memory is
 * taken as never the bottleneck, the premise of PIM for attention (one multiply-add per byte read).
 */
public final class BandwidthPimAttention implements PimAttentionCost {
    private final double readLatencyNs;
    private final double bytesPerNs;
    private final double kvBytesPerTokenPerLayer;

    public BandwidthPimAttention(PimSpec spec, double memSizeGb, ModelShape shape) {
        readLatencyNs = spec.readLatencyNs();
        bytesPerNs = spec.nodeBandwidthGBps(memSizeGb);
        kvBytesPerTokenPerLayer = (double) shape.kvBytesPerTokenPerLayer() * shape.tpSize();
    }

    @Override
    public long decodeAttentionNs(BatchShape b) {
        if (b.decodeSequences == 0) {
            return 0;
        }
        return (long) Math.ceil(readLatencyNs + decodeKvBytes(b) / bytesPerNs);
    }

    @Override
    public double decodeKvBytes(BatchShape b) {
        return (b.decodeKvTokens + b.decodeSequences) * kvBytesPerTokenPerLayer;
    }
}
