package dev.memwall.serving;

import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.TransferPath;

/**
 * How one instance is wired into the cluster's memory system: where its KV pool, swapped KV and
 * second prefix tier live, and the paths to them.
 *
 * @param hbmDevice                its HBM's id in {@code memory}
 * @param hbmBytesPerSec           achievable HBM bandwidth, for HBM busy time
 * @param kvDevices                the devices its KV block pool lives on (its stages' HBM, or
 *                                 off-GPU devices)
 * @param kvBytesPerBlockOnDevice  per KV device, the bytes one KV block (all ranks) occupies there
 * @param swapPath                 where preempted KV goes in swap mode ({@code kv_evict_loc}); null
 *                                 when preemption recomputes
 * @param swapDevices              the devices of {@code swapPath}, whose resident bytes swapped KV adds to
 * @param kvBytesPerTokenPerRank   one rank's KV bytes per token
 * @param kvBytesPerBlockPerRank   one rank's bytes of one KV block
 * @param ranks                    tensor-parallel ranks
 * @param prefixPath               the second prefix tier's path, or null without one
 * @param prefixDevices            its devices
 */
record InstanceMemory(MemorySystem memory, int hbmDevice, double hbmBytesPerSec, int[] kvDevices,
        double[] kvBytesPerBlockOnDevice, TransferPath swapPath, int[] swapDevices, long kvBytesPerTokenPerRank,
        long kvBytesPerBlockPerRank, int ranks, TransferPath prefixPath, int[] prefixDevices) {

    /**
     * Wiring for an instance outside any cluster (scheduler tests): a private memory system with
     * one HBM device of unbounded bandwidth, no KV residency to track, no swap path, no second tier.
     */
    static InstanceMemory detached() {
        MemorySystem memory = new MemorySystem();
        int hbm = memory.addDevice("detached.hbm", MemorySystem.Kind.HBM, 0, 0, 0);
        return new InstanceMemory(memory, hbm, Double.POSITIVE_INFINITY, new int[0], new double[0], null, new int[0],
                0, 0, 1, null, new int[0]);
    }

    /** Bytes of one KV block over all ranks. */
    double kvBytesPerBlockAllRanks() {
        return (double) kvBytesPerBlockPerRank * ranks;
    }
}
