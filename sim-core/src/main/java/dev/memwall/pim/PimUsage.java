package dev.memwall.pim;

/**
 * A snapshot of {@link PimTotals}.
 *
 * @param busyNs              time the PIM device computed attention
 * @param gpuAttentionMovedNs GPU attention time the offload took off the GPU
 * @param kvBytesRead         KV bytes the PIM device read
 * @param hiddenNs            of {@code busyNs}, the time hidden behind GPU work (sub-batch interleaving)
 */
public record PimUsage(long busyNs, long gpuAttentionMovedNs, double kvBytesRead, long hiddenNs) {
}
