package dev.memwall.config;

import dev.memwall.input.Range;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documented range of every number in a cluster config and of the run options it shares
 * with {@code simulate} and study files. Each range admits every real machine with room to spare
 * (a petabyte of memory, a petabyte per second, ten milliseconds of latency) and refuses what
 * cannot be meant, such as a CXL latency of 1e15 ns, which would saturate simulated time. The
 * table in docs/guide.md and the JSON Schemas under docs/schemas are checked against
 * {@link #clusterConfig()} by tests.
 */
public final class Limits {
    /** Memory capacities, GiB ("GB" in LLMServingSim's files): (0, 1 PiB]. */
    public static final Range SIZE_GB = Range.positiveAtMost(1_048_576).in("GB");
    /** HBM per GPU kept for an LRU cache of off-GPU MoE experts (memwall extension). */
    public static final Range EXPERT_CACHE_GB = Range.closed(0, 1_048_576).in("GB");
    /** Memory, link and host-link bandwidths, GB/s (1e9 B/s): (0, 1 PB/s]. */
    public static final Range BANDWIDTH_GBPS = Range.positiveAtMost(1_000_000).in("GB/s");
    /** Memory, link and host-link latencies, ns: [0, 10 ms]. */
    public static final Range LATENCY_NS = Range.closed(0, 10_000_000).in("ns");
    /** Fractions of a whole: memory utilization, interleave efficiency. */
    public static final Range FRACTION = Range.FRACTION;
    /** A utilization that may be 0, such as a CPU's. */
    public static final Range UTILIZATION = Range.UNIT_INTERVAL;
    /** CXL devices in {@code cxl_mem}. */
    public static final Range CXL_DEVICES = Range.closed(1, 1024);
    /** Nodes in a cluster. */
    public static final Range NODES = Range.closed(1, 4096);
    /** Instances on a node (0: a node without any). */
    public static final Range INSTANCES = Range.closed(0, 4096);
    /** NPUs of an instance, and its TP, PP and EP degrees. */
    public static final Range PARALLEL_DEGREE = Range.closed(1, 4096);
    /** The loaded-latency window, microseconds: (0, 1 s]. */
    public static final Range WINDOW_US = Range.positiveAtMost(1_000_000).in("us");
    /** A loaded-latency multiplier: [1, 1000]. */
    public static final Range LATENCY_MULTIPLIER = Range.closed(1, 1000);
    /** Running requests per instance ({@code max_num_seqs}), 0 = unlimited. */
    public static final Range MAX_NUM_SEQS = Range.closed(0, 1 << 20);
    /** Tokens per iteration ({@code max_num_batched_tokens}, the long-prefill threshold), 0 = default or off. */
    public static final Range TOKENS_PER_ITERATION = Range.closed(0, 1 << 24);
    /** Tokens per KV block. */
    public static final Range BLOCK_SIZE = Range.closed(1, 65_536);
    /** Off-GPU layers staged ahead of compute. */
    public static final Range PREFETCH_WINDOW = Range.closed(1, 1024);
    /** Powers, W. */
    public static final Range POWER_W = Range.closed(0, 1_000_000).in("W");
    /** Energy per bit moved, pJ. */
    public static final Range ENERGY_PER_BIT_PJ = Range.closed(0, 1_000_000).in("pJ");
    /** The NPU's standby duration before idling, s. */
    public static final Range STANDBY_S = Range.closed(0, 1_000_000).in("s");
    /** A DIMM's size, GB. */
    public static final Range DIMM_GB = Range.positiveAtMost(65_536).in("GB");
    /** Links, NICs or storage devices counted for power. */
    public static final Range DEVICE_COUNT = Range.closed(0, 1_000_000);

    private Limits() {
    }

    /**
     * Every ranged number of a cluster config by its JSON path ({@code []} for any list index,
     * {@code *} for any free key), in file order.
     */
    public static Map<String, Range> clusterConfig() {
        Map<String, Range> m = new LinkedHashMap<>();
        m.put("num_nodes", NODES);
        m.put("link_bw", BANDWIDTH_GBPS);
        m.put("link_latency", LATENCY_NS);
        m.put("cxl_mem.mem_size", SIZE_GB);
        m.put("cxl_mem.mem_bw", BANDWIDTH_GBPS);
        m.put("cxl_mem.mem_latency", LATENCY_NS);
        m.put("cxl_mem.num_devices", CXL_DEVICES);
        m.put("cxl_mem.interleave_efficiency", FRACTION);
        m.put("cxl_mem.loaded_latency.window_us", WINDOW_US);
        m.put("cxl_mem.loaded_latency.curve[][0]", UTILIZATION);
        m.put("cxl_mem.loaded_latency.curve[][1]", LATENCY_MULTIPLIER);
        m.put("cxl_mem.power.idle_power", POWER_W);
        m.put("cxl_mem.power.energy_per_bit", ENERGY_PER_BIT_PJ);
        m.put("nodes[].num_instances", INSTANCES);
        m.put("nodes[].cpu_mem.mem_size", SIZE_GB);
        m.put("nodes[].cpu_mem.mem_bw", BANDWIDTH_GBPS);
        m.put("nodes[].cpu_mem.mem_latency", LATENCY_NS);
        String inst = "nodes[].instances[].";
        m.put(inst + "npu_mem.mem_size", SIZE_GB);
        m.put(inst + "npu_mem.mem_bw", BANDWIDTH_GBPS);
        m.put(inst + "npu_mem.mem_latency", LATENCY_NS);
        m.put(inst + "npu_mem.mem_util", FRACTION);
        m.put(inst + "num_npus", PARALLEL_DEGREE);
        m.put(inst + "tp_size", PARALLEL_DEGREE);
        m.put(inst + "pp_size", PARALLEL_DEGREE);
        m.put(inst + "ep_size", PARALLEL_DEGREE);
        m.put(inst + "max_num_seqs", MAX_NUM_SEQS);
        m.put(inst + "max_num_batched_tokens", TOKENS_PER_ITERATION);
        m.put(inst + "long_prefill_token_threshold", TOKENS_PER_ITERATION);
        m.put(inst + "block_size", BLOCK_SIZE);
        m.put(inst + "placement.expert_cache_gb", EXPERT_CACHE_GB);
        m.put(inst + "host_link.bw", BANDWIDTH_GBPS);
        m.put(inst + "host_link.latency", LATENCY_NS);
        String power = "nodes[].power.";
        m.put(power + "base_node_power", POWER_W);
        m.put(power + "npu.*.idle_power", POWER_W);
        m.put(power + "npu.*.standby_power", POWER_W);
        m.put(power + "npu.*.active_power", POWER_W);
        m.put(power + "npu.*.standby_duration", STANDBY_S);
        m.put(power + "cpu.idle_power", POWER_W);
        m.put(power + "cpu.active_power", POWER_W);
        m.put(power + "cpu.util", UTILIZATION);
        m.put(power + "dram.dimm_size", DIMM_GB);
        m.put(power + "dram.idle_power", POWER_W);
        m.put(power + "dram.energy_per_bit", ENERGY_PER_BIT_PJ);
        m.put(power + "link.num_links", DEVICE_COUNT);
        m.put(power + "link.idle_power", POWER_W);
        m.put(power + "link.energy_per_bit", ENERGY_PER_BIT_PJ);
        m.put(power + "nic.num_nics", DEVICE_COUNT);
        m.put(power + "nic.idle_power", POWER_W);
        m.put(power + "storage.num_devices", DEVICE_COUNT);
        m.put(power + "storage.idle_power", POWER_W);
        m.put(power + "host_link.energy_per_bit", ENERGY_PER_BIT_PJ);
        return m;
    }
}
