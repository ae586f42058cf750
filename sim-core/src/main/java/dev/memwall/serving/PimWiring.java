package dev.memwall.serving;

import dev.memwall.config.InstanceConfig;
import dev.memwall.config.MemConfig;
import dev.memwall.config.MemoryLocation;
import dev.memwall.config.PlacementConfig;
import dev.memwall.config.RuntimeOverrides;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.memory.MemoryModel;
import dev.memwall.memory.ResolvedPlacement;
import dev.memwall.pim.BandwidthPimAttention;
import dev.memwall.pim.InterleavedPimTimeModel;
import dev.memwall.pim.LinearPimAttention;
import dev.memwall.pim.PimAttentionCost;
import dev.memwall.pim.PimAttentionTimeModel;
import dev.memwall.pim.PimIniReader;
import dev.memwall.pim.PimSpec;
import dev.memwall.pim.PimTotals;

/**
 * Puts an instance's decode attention on its node's PIM device when attention offload is on (the
 * instance's {@code enable_attn_offloading}, else {@code --enable-attn-offloading}), optionally
 * with sub-batch interleaving; and, as LLMServingSim does, gives a node with a
 * {@code cpu_mem.pim_config} the PIM device's bandwidth and read latency as its host memory's in
 * {@code lss} mode.
 */
final class PimWiring {
    private PimWiring() {
    }

    /**
     * The instance's time model, with decode attention on the PIM device when offload is on.
     *
     * @throws InputException when the node's PIM ini (if it names one) does not parse, offload is on
     *     without a PIM device, or interleaving is on without offload or with pipeline stages
     */
    static IterationTimeModel wrap(IterationTimeModel gpu, InstancePlan p, SimulationOptions o, MemConfig cpu,
            boolean lss) {
        RuntimeOverrides ov = p.ic().overrides();
        boolean offload = offloads(p.ic(), o);
        boolean interleave = ov.enableSubBatchInterleaving() != null ? ov.enableSubBatchInterleaving()
                : o.subBatchInterleaving();
        // Read a node's PIM ini whenever the config names one, offload or not: a bad file is always refused.
        PimSpec spec = cpu.pimConfig() == null ? null : spec(p, o, cpu);
        if (interleave && !offload) {
            throw new InputException(p.where() + ": --enable-sub-batch-interleaving needs --enable-attn-offloading"
                    + " (it overlaps GPU work with PIM attention)");
        }
        if (!offload) {
            return gpu;
        }
        if (cpu.pimConfig() == null) {
            throw new InputException(p.where() + ": --enable-attn-offloading needs a PIM device: set cpu_mem.pim_config"
                    + " of node " + p.node());
        }
        if (interleave && p.ic().ppSize() > 1) {
            throw new InputException(p.where() + ".pp_size: --enable-sub-batch-interleaving does not work with"
                    + " pipeline stages (pp_size " + p.ic().ppSize() + "; as in LLMServingSim)");
        }
        String where = pimWhere(p);
        PimAttentionCost cost = lss ? new LinearPimAttention(spec, cpu.memSizeGb(), p.shape(), where)
                : new BandwidthPimAttention(spec, cpu.memSizeGb(), p.shape());
        PimAttentionTimeModel offloaded = new PimAttentionTimeModel(gpu, cost, p.shape());
        return interleave ? new InterleavedPimTimeModel(offloaded, p.shape().layerCount()) : offloaded;
    }

    /** Whether the instance offloads decode attention to PIM: its own setting, else the run's. */
    static boolean offloads(InstanceConfig ic, SimulationOptions o) {
        Boolean own = ic.overrides().enableAttnOffloading();
        return own != null ? own : o.attnOffloading();
    }

    /**
     * Where an instance's KV pool lives: in the physical model, an instance offloading attention
     * keeps it in its node's PIM memory (the host memory), where the PIM reads it, so its
     * {@code kv_loc} resolves to {@code cpu} and the GPU's HBM holds no KV. LLMServingSim's
     * {@code lss} mode keeps the KV where the placement says.
     *
     * @throws InputException when {@code kv_loc} names a CXL device, which the PIM cannot compute in
     */
    static ResolvedPlacement kvPlacement(ResolvedPlacement placement, InstanceConfig ic, SimulationOptions o,
            String file) {
        if (o.memoryModel() == MemoryModel.LSS || !offloads(ic, o) || placement.kv().equals(MemoryLocation.CPU)) {
            return placement;
        }
        if (placement.kv().kind() == MemoryLocation.Kind.CXL) {
            throw new InputException(file + ": " + PlacementConfig.defaultPath(ic.path()) + ".kv_loc: " + placement.kv()
                    + " cannot hold the KV cache with --enable-attn-offloading: the PIM computes attention in the"
                    + " node's host memory, so the KV lives there (use cpu or leave kv_loc out)");
        }
        return new ResolvedPlacement(placement.weights(), MemoryLocation.CPU, placement.kvEvict(), placement.experts(),
                placement.expertCacheBytes(), placement.fallback());
    }

    /** The PIM totals of a time model {@link #wrap} returned, or null when it offloads nothing. */
    static PimTotals totals(IterationTimeModel time) {
        if (time instanceof PimAttentionTimeModel m) {
            return m.totals();
        }
        return time instanceof InterleavedPimTimeModel m ? m.totals() : null;
    }

    /** The node's host memory as LLMServingSim's {@code lss} mode times it: a PIM device's bandwidth and latency win. */
    static MemConfig lssHostMemory(MemConfig cpu, InstancePlan p, SimulationOptions o) {
        if (cpu.pimConfig() == null) {
            return cpu;
        }
        PimSpec spec = spec(p, o, cpu);
        return new MemConfig(cpu.memSizeGb(), spec.nodeBandwidthGBps(cpu.memSizeGb()), spec.readLatencyNs(),
                cpu.pimConfig());
    }

    private static PimSpec spec(InstancePlan p, SimulationOptions o, MemConfig cpu) {
        return PimIniReader.load(o.pimDir(), cpu.pimConfig(), pimWhere(p));
    }

    private static String pimWhere(InstancePlan p) {
        String where = p.where();
        return where.substring(0, where.length() - p.ic().path().length()) + "nodes[" + p.node() + "].cpu_mem.pim_config";
    }
}
