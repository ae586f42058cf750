package dev.memwall.serving;

import java.util.List;

import dev.memwall.config.CxlMemConfig;
import dev.memwall.config.MemoryLocation;
import dev.memwall.input.InputException;
import dev.memwall.memory.MemorySystem;
import dev.memwall.memory.PrefixVictimCache;

/**
 * How the off-GPU devices' capacity is shared, the third phase of {@link ClusterBuilder}: weights
 * placed off the GPU are reserved on their devices first (physical model only; LLMServingSim's
 * charges all weights to HBM), then KV pools and second prefix tiers placed on a device share
 * what the weights leave. A device holding both KV pools and prefix tiers gives each half.
 */
final class DeviceBudget {
    private final MemoryTopology topology;
    /** Per device, the KV pools placed on it. */
    private final int[] kvPoolsOn;
    /** Per device, the weight bytes reserved on it. */
    private final double[] weightsOn;
    /** Per device, the second prefix tiers placed on it. */
    private final int[] prefixTiersOn;
    /** Per device, the bytes kept for KV pools when prefix tiers share it. */
    private final double[] kvReservedOn;
    /** Where the second prefix tier lives, or null without one. */
    private final MemoryLocation prefixTier;
    private final boolean sharedTiers;
    /** Shared tiers already built: one per node (CPU) or one for the cluster (CXL). */
    private final java.util.Map<Integer, PrefixVictimCache> tiers = new java.util.HashMap<>();

    DeviceBudget(MemoryTopology topology, List<InstancePlan> plans, SimulationOptions options, String file) {
        this.topology = topology;
        MemorySystem memory = topology.memory;
        kvPoolsOn = new int[memory.count()];
        if (!topology.lss) {
            for (InstancePlan p : plans) {
                reserveOffGpuWeights(p);
            }
        }
        weightsOn = new double[memory.count()];
        for (int d = 0; d < memory.count(); d++) {
            weightsOn[d] = memory.reservedBytes(d);
        }
        prefixTiersOn = new int[memory.count()];
        kvReservedOn = new double[memory.count()];
        prefixTier = options.prefixStorage() == PrefixStorage.NONE ? null
                : prefixTierLocation(options.prefixStorage(), topology.cxl, file);
        sharedTiers = options.prefixSharing();
        if (prefixTier != null) {
            for (InstancePlan p : plans) {
                int d = topology.devices(prefixTier, p.node())[0];
                prefixTiersOn[d] = sharedTiers ? 1 : prefixTiersOn[d] + 1;
            }
            // KV pools placed on a tier's device get their share first: leave them what they need.
            for (int d = 0; d < memory.count(); d++) {
                if (prefixTiersOn[d] > 0 && kvPoolsOn[d] > 0) {
                    kvReservedOn[d] = (memory.capacityBytes(d) - weightsOn[d]) / 2;
                }
            }
        }
    }

    /** Reserves {@code bytes} striped over {@code loc}'s devices, and a copy on the fallback for CXL. */
    private void reserveWithCopy(InstancePlan p, MemoryLocation loc, double bytes) {
        reserve(loc, p.node(), bytes);
        MemoryLocation fallback = p.placement().fallback();
        if (fallback != null && loc.kind() == MemoryLocation.Kind.CXL) {
            reserve(fallback, p.node(), bytes);
        }
    }

    private void reserve(MemoryLocation loc, int node, double bytes) {
        int[] devs = topology.devices(loc, node);
        for (int d : devs) {
            topology.memory.reserve(d, bytes / devs.length);
        }
    }

    /**
     * Off-GPU weights occupy their devices, and what sits on CXL devices occupies the placement's
     * fallback too (the copy a lost device's weights are read from); counts the KV pools that will
     * share each device.
     */
    private void reserveOffGpuWeights(InstancePlan p) {
        for (int l = 0; l < p.shape().layerCount(); l++) {
            MemoryLocation loc = p.placement().weights()[l];
            if (!loc.onGpu()) {
                reserveWithCopy(p, loc, (double) p.shape().weightBytes(l) * p.tp());
            }
        }
        MemoryLocation experts = p.placement().offGpuExperts();
        if (experts != null) {
            long off = java.util.Arrays.stream(p.placement().experts()).filter(m -> !m.onGpu()).count();
            reserveWithCopy(p, experts, (double) off * p.shape().expertWeightBytes() * p.shape().blockCount());
        }
        if (!p.placement().kv().onGpu()) {
            for (int d : topology.devices(p.placement().kv(), p.node())) {
                kvPoolsOn[d]++;
            }
        }
    }

    /**
     * The bytes one KV pool placed on {@code kvDevices} may use: the least, over its devices, of
     * what weights (and prefix tiers) leave of the device, shared equally by the pools on it,
     * times the stripe count.
     */
    double kvPoolShare(int[] kvDevices) {
        double share = Double.MAX_VALUE;
        for (int d : kvDevices) {
            double free = (topology.memory.capacityBytes(d) - weightsOn[d]) - kvReservedOn[d];
            share = Math.min(share, free / kvPoolsOn[d] * kvDevices.length);
        }
        return share;
    }

    /** The second prefix tier's location, or null without one. */
    MemoryLocation prefixTier() {
        return prefixTier;
    }

    /** Bytes one second prefix tier on device {@code d} may use. */
    private double prefixTierShare(int d) {
        double free = topology.memory.capacityBytes(d) - weightsOn[d] - kvReservedOn[d];
        return free / prefixTiersOn[d];
    }

    /**
     * The second prefix tier of an instance on {@code node}: its own, or the one it shares with its
     * node's instances (CPU) or the cluster's (CXL); built on first use, sized in blocks of
     * {@code blockBytesAllRanks} from what the device has left (LLMServingSim: the whole device).
     *
     * @param where names the instance in errors
     */
    PrefixVictimCache tierFor(int instance, int node, double blockBytesAllRanks, String where) {
        int key = !sharedTiers ? instance : prefixTier.kind() == MemoryLocation.Kind.CPU ? node : -1;
        PrefixVictimCache tier = tiers.get(key);
        if (tier == null) {
            int[] devices = topology.devices(prefixTier, node);
            int d = devices[0];
            double room = topology.lss ? topology.memory.capacityBytes(d) : prefixTierShare(d);
            long blocks = (long) Math.floor(room / blockBytesAllRanks);
            if (blocks < 1) {
                throw new InputException(where + ": --prefix-storage " + prefixTier + ": " + topology.memory.name(d)
                        + " has no room left for a prefix tier");
            }
            tier = new PrefixVictimCache((int) Math.min(blocks, Integer.MAX_VALUE - 8), topology.memory, devices);
            tiers.put(key, tier);
        }
        return tier;
    }

    private static MemoryLocation prefixTierLocation(PrefixStorage storage, CxlMemConfig cxl, String file) {
        if (storage == PrefixStorage.CXL) {
            if (cxl == null) {
                throw new InputException(file + ": --prefix-storage CXL needs a cxl_mem section");
            }
            return MemoryLocation.parse("cxl:0", cxl.numDevices(), file + ": --prefix-storage");
        }
        return MemoryLocation.CPU;
    }
}
