package dev.memwall.pim;

/**
 * What an instance's PIM device did over a run, summed iteration by iteration by its time model:
 * the device's busy time, the GPU attention time the offload took off the GPU, the KV bytes the
 * device read, and (interleaved) the PIM time hidden behind the other half's GPU work. Mutable;
 * {@link #reset} at the start of every run.
 */
public final class PimTotals {
    long busyNs;
    long gpuAttentionMovedNs;
    double kvBytesRead;
    long hiddenNs;

    public void reset() {
        busyNs = 0;
        gpuAttentionMovedNs = 0;
        kvBytesRead = 0;
        hiddenNs = 0;
    }

    /** The totals so far. */
    public PimUsage snapshot() {
        return new PimUsage(busyNs, gpuAttentionMovedNs, kvBytesRead, hiddenNs);
    }

    /** Time the PIM device computed attention, ns (all attention layers of all iterations). */
    public long busyNs() {
        return busyNs;
    }

    /**
     * Decode attention time the GPU would have spent had it kept the decode sequences' attention:
     * its attention time over the whole batch minus over the prefill part, ns.
     */
    public long gpuAttentionMovedNs() {
        return gpuAttentionMovedNs;
    }

    /** KV bytes the PIM device read. */
    public double kvBytesRead() {
        return kvBytesRead;
    }

    /** Of {@link #busyNs}, the time hidden behind GPU work by sub-batch interleaving, ns. */
    public long hiddenNs() {
        return hiddenNs;
    }
}
