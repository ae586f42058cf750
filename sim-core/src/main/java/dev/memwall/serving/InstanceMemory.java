package dev.memwall.serving;

import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.OffloadTimeline;
import dev.memwall.memory.TransferPath;

/**
 * How one instance is wired into the cluster's memory system.
 *
 * @param hbmDevice             its HBM's id in {@code memory}
 * @param hbmBytesPerSec        achievable HBM bandwidth, for HBM busy time
 * @param kvDevices             the devices its KV block pool lives on (its HBM, or off-GPU devices)
 * @param kvBytesPerBlockPerDevice bytes one KV block (all ranks) occupies on each of them
 * @param timeline              times iterations with off-GPU weights or KV; null when all is in HBM
 * @param stepwise              whether its transfers share a device or link with another instance's,
 *                              so that its iterations must issue them one event at a time
 * @param layerCount            layers of its model shape
 * @param swapPath              where preempted KV goes in swap mode ({@code kv_evict_loc}); null
 *                              when preemption recomputes
 * @param swapDevices           the devices of {@code swapPath}, whose resident bytes swapped KV adds to
 * @param kvBytesPerTokenPerRank one rank's KV bytes per token
 * @param ranks                 tensor-parallel ranks
 * @param prefixPath            the second prefix tier's path, or null without one
 * @param prefixDevices         its devices
 */
record InstanceMemory(MemorySystem memory, int hbmDevice, double hbmBytesPerSec, int[] kvDevices,
        double kvBytesPerBlockPerDevice, OffloadTimeline timeline, boolean stepwise, int layerCount,
        TransferPath swapPath, int[] swapDevices, long kvBytesPerTokenPerRank, int ranks, TransferPath prefixPath,
        int[] prefixDevices) {

    /** The same wiring, stepping its transfers one event at a time. */
    InstanceMemory stepping() {
        return new InstanceMemory(memory, hbmDevice, hbmBytesPerSec, kvDevices, kvBytesPerBlockPerDevice, timeline,
                true, layerCount, swapPath, swapDevices, kvBytesPerTokenPerRank, ranks, prefixPath, prefixDevices);
    }
}
