package dev.memwall.result;

import java.util.Locale;

/**
 * memwall's one metric vocabulary: every number a run reports, with the names it goes by in each
 * output, all derived from one entry. A metric has an id ({@code tpot_p99}, {@code cxl_busy_max});
 * the summary JSON holds it as {@code <section>.<key>} ({@code tpot_ms.p99},
 * {@code memory.cxl_busy_max}), {@code points.csv} as a column ({@code tpot_p99_ms},
 * {@code cxl_busy_max}), {@code validate} by its id, and JMH as a secondary result
 * ({@code sim.tpot.p99}). Adding a metric is adding one constant here and its value in
 * {@link RunReduction}; {@code docs/metrics.md} is generated from this table.
 *
 * <p>Latencies are simulated times in ms over completed requests; fractions are of the simulated
 * time; memory in GiB (2^30 bytes) and traffic in GB (10^9 bytes, as bandwidths are in GB/s).
 */
public enum Metric {
    REQUESTS(Section.TOP, "requests", Unit.COUNT, "Requests read from the trace (each sub-request of a session"
            + " counts one)."),
    COMPLETED(Section.TOP, "completed", Unit.COUNT, "Requests that finished."),
    FAILED(Section.TOP, "failed", Unit.COUNT, "Requests that failed: every instance that could serve them was lost"
            + " (faults). completed + failed + rejected = requests."),
    REJECTED(Section.TOP, "rejected", Unit.COUNT, "Requests refused, as vLLM refuses them: a prompt longer than"
            + " the model's context (or --max-model-len), or a request needing more KV blocks than its instance's"
            + " whole pool. The run goes on without them; completed + failed + rejected = requests."),
    SIMULATED_SECONDS(Section.TOP, "simulated_seconds", Unit.SECONDS,
            "Simulated time until the last arrival or iteration."),
    COLD_START_SECONDS(Section.TOP, "cold_start_seconds", Unit.SECONDS,
            "Longest time an instance takes to load its weights from host DRAM before serving (into HBM over its"
                    + " host link, onto CXL devices at their bandwidth); counted in TTFT only with --cold-start."),

    REQUESTS_PER_S(Section.THROUGHPUT, "requests_per_s", Unit.PER_SECOND,
            "Completed requests per simulated second."),
    PROMPT_TOKENS_PER_S(Section.THROUGHPUT, "prompt_tokens_per_s", Unit.TOKENS_PER_SECOND,
            "Prompt tokens prefilled (prefix hits included) per simulated second."),
    OUTPUT_TOKENS_PER_S(Section.THROUGHPUT, "output_tokens_per_s", Unit.TOKENS_PER_SECOND,
            "Output tokens emitted per simulated second."),
    GOODPUT(Section.THROUGHPUT, "goodput_requests_per_s", Unit.PER_SECOND,
            "Completed requests that met every per-request term of --slo, per simulated second (all completed"
                    + " requests without per-request terms)."),

    TTFT_MEAN(Latency.TTFT, Stat.MEAN), TTFT_P50(Latency.TTFT, Stat.P50), TTFT_P90(Latency.TTFT, Stat.P90),
    TTFT_P99(Latency.TTFT, Stat.P99), TTFT_P999(Latency.TTFT, Stat.P999), TTFT_MAX(Latency.TTFT, Stat.MAX),
    TPOT_MEAN(Latency.TPOT, Stat.MEAN), TPOT_P50(Latency.TPOT, Stat.P50), TPOT_P90(Latency.TPOT, Stat.P90),
    TPOT_P99(Latency.TPOT, Stat.P99), TPOT_P999(Latency.TPOT, Stat.P999), TPOT_MAX(Latency.TPOT, Stat.MAX),
    ITL_MEAN(Latency.ITL, Stat.MEAN), ITL_P50(Latency.ITL, Stat.P50), ITL_P90(Latency.ITL, Stat.P90),
    ITL_P99(Latency.ITL, Stat.P99), ITL_P999(Latency.ITL, Stat.P999), ITL_MAX(Latency.ITL, Stat.MAX),
    E2E_MEAN(Latency.E2E, Stat.MEAN), E2E_P50(Latency.E2E, Stat.P50), E2E_P90(Latency.E2E, Stat.P90),
    E2E_P99(Latency.E2E, Stat.P99), E2E_P999(Latency.E2E, Stat.P999), E2E_MAX(Latency.E2E, Stat.MAX),
    QUEUEING_MEAN(Latency.QUEUEING, Stat.MEAN), QUEUEING_P50(Latency.QUEUEING, Stat.P50),
    QUEUEING_P90(Latency.QUEUEING, Stat.P90), QUEUEING_P99(Latency.QUEUEING, Stat.P99),
    QUEUEING_P999(Latency.QUEUEING, Stat.P999), QUEUEING_MAX(Latency.QUEUEING, Stat.MAX),
    HANDOFF_MEAN(Latency.HANDOFF, Stat.MEAN), HANDOFF_P50(Latency.HANDOFF, Stat.P50),
    HANDOFF_P90(Latency.HANDOFF, Stat.P90), HANDOFF_P99(Latency.HANDOFF, Stat.P99),
    HANDOFF_P999(Latency.HANDOFF, Stat.P999), HANDOFF_MAX(Latency.HANDOFF, Stat.MAX),

    GPU_COMPUTE_BUSY(Section.UTILIZATION, "gpu_compute_busy", Unit.FRACTION,
            "Mean over instances of the time their GPUs computed."),
    GPU_MEMORY_STALLED(Section.UTILIZATION, "gpu_memory_stalled", Unit.FRACTION,
            "Mean over instances of the time an iteration was in flight but waiting for off-GPU memory"
                    + " (weights or KV streaming, swaps, prefix loads)."),
    BOTTLENECK_BUSY(Section.UTILIZATION, "bottleneck_busy", Unit.FRACTION,
            "Busy fraction of the busiest resource (a GPU's compute, a memory device or a link), named in the"
                    + " summary's utilization.bottleneck."),

    PEAK_HBM_GIB(Section.MEMORY, "peak_hbm_gib", Unit.GIB,
            "Largest HBM use of any instance, per GPU: weights and staging buffers plus the most KV blocks ever"
                    + " held in HBM."),
    CXL_PEAK_USED_GIB(Section.MEMORY, "cxl_peak_used_gib", Unit.GIB,
            "Sum over CXL devices of each device's peak use (weights, KV, swapped KV, prefix tier)."),
    KV_CAPACITY_TOKENS(Section.MEMORY, "kv_capacity_tokens", Unit.COUNT,
            "Tokens the instances' KV pools hold together (blocks times block size)."),
    CXL_GB_MOVED(Section.MEMORY, "cxl_gb_moved", Unit.GB, "Bytes read from and written to CXL devices."),
    CXL_BUSY_MAX(Section.MEMORY, "cxl_busy_max", Unit.FRACTION, "Busiest CXL device's busy fraction."),
    CPU_MEM_PEAK_USED_GIB(Section.MEMORY, "cpu_mem_peak_used_gib", Unit.GIB,
            "Sum over nodes of host DRAM's peak use by weights, KV, swapped KV and prefix tiers."),
    CPU_MEM_GB_MOVED(Section.MEMORY, "cpu_mem_gb_moved", Unit.GB, "Bytes moved to and from host DRAM."),
    CPU_MEM_BUSY_MAX(Section.MEMORY, "cpu_mem_busy_max", Unit.FRACTION, "Busiest host DRAM's busy fraction."),
    HOST_LINK_GB_MOVED(Section.MEMORY, "host_link_gb_moved", Unit.GB, "Bytes over the GPUs' host links."),
    HOST_LINK_BUSY_MAX(Section.MEMORY, "host_link_busy_max", Unit.FRACTION,
            "Busiest host link's busy fraction."),

    KV_HANDOFF_GB(Section.MEMORY, "kv_handoff_gb", Unit.GB,
            "KV bytes P/D hand-offs moved from prefill to decode instances (memwall's physical model)."),

    PREEMPTIONS(Section.SCHEDULING, "preemptions", Unit.COUNT, "Requests preempted, all instances."),
    REJECTED_LONGER_THAN_CONTEXT(Section.SCHEDULING, "rejected_longer_than_context", Unit.COUNT,
            "Of the rejected, prompts longer than the model's context or --max-model-len."),
    REJECTED_LARGER_THAN_KV_POOL(Section.SCHEDULING, "rejected_larger_than_kv_pool", Unit.COUNT,
            "Of the rejected, requests needing more KV blocks than their instance's whole pool (raise npu_mem,"
                    + " --npu-memory-utilization, or place the KV elsewhere)."),
    HANDOFF_WAITS(Section.SCHEDULING, "handoff_waits", Unit.COUNT,
            "P/D hand-offs that waited for room on their decode instance (never dropped)."),
    RECOMPUTED_TOKENS(Section.SCHEDULING, "recomputed_tokens", Unit.COUNT,
            "Tokens recomputed after preemption (recompute mode)."),
    PREFIX_HIT_RATIO(Section.SCHEDULING, "prefix_hit_ratio", Unit.FRACTION,
            "Prompt tokens found in a prefix cache (HBM or second tier) over prompt tokens looked up."),
    PREFIX_TIER_HIT_RATIO(Section.SCHEDULING, "prefix_tier_hit_ratio", Unit.FRACTION,
            "Prompt tokens found in the second prefix tier (--prefix-storage; shared with"
                    + " --enable-prefix-sharing) over prompt tokens looked up."),

    RUNNING_MEAN(Section.CONCURRENCY, "running_mean", Unit.REQUESTS,
            "Requests running, averaged over simulated time."),
    RUNNING_P50(Section.CONCURRENCY, "running_p50", Unit.COUNT,
            "Requests running: the count held at or below half the time."),
    RUNNING_P99(Section.CONCURRENCY, "running_p99", Unit.COUNT, "Requests running: 99th percentile over time."),
    RUNNING_MAX(Section.CONCURRENCY, "running_max", Unit.COUNT, "Most requests running at once."),
    WAITING_MEAN(Section.CONCURRENCY, "waiting_mean", Unit.REQUESTS,
            "Requests admitted and waiting to be scheduled, averaged over simulated time."),
    WAITING_P50(Section.CONCURRENCY, "waiting_p50", Unit.COUNT, "Requests waiting: median over time."),
    WAITING_P99(Section.CONCURRENCY, "waiting_p99", Unit.COUNT, "Requests waiting: 99th percentile over time."),
    WAITING_MAX(Section.CONCURRENCY, "waiting_max", Unit.COUNT, "Most requests waiting at once."),

    SLO_ATTAINMENT(Section.SLO, "attainment", Unit.FRACTION,
            "Share of requests that met every per-request term of --slo (1 without per-request terms)."),
    SLO_MET(Section.SLO, "met", Unit.COUNT, "1 when the run met --slo: every run-wide term holds and the attainment"
            + " reaches its target; 1 without an SLO."),

    ENERGY_JOULES(Section.ENERGY, "total_joules", Unit.JOULES,
            "Energy of the whole cluster over the simulated time: GPUs by state, host, DRAM, links, NICs, storage,"
                    + " CXL devices, host links and PIM reads (the power model; summary: energy.components and"
                    + " energy.source)."),
    JOULES_PER_OUTPUT_TOKEN(Section.ENERGY, "joules_per_output_token", Unit.JOULES,
            "Energy over output tokens emitted."),
    JOULES_PER_REQUEST(Section.ENERGY, "joules_per_request", Unit.JOULES, "Energy over completed requests."),
    AVERAGE_WATTS(Section.ENERGY, "average_watts", Unit.WATTS, "Energy over the simulated time."),

    GPU_HOURS(Section.COST, "gpu_hours", Unit.HOURS, "GPUs times the simulated hours they were held."),
    COST_USD(Section.COST, "total_usd", Unit.USD, "What the run cost under the price book (--prices): GPU-hours,"
            + " bought memory amortised over the run, billed energy at the PUE; by component in cost.components."),
    USD_PER_M_OUTPUT_TOKENS(Section.COST, "usd_per_1m_output_tokens", Unit.USD,
            "Cost over output tokens, per million."),
    USD_PER_M_TOKENS(Section.COST, "usd_per_1m_tokens", Unit.USD,
            "Cost over prompt and output tokens, per million."),
    USD_PER_REQUEST(Section.COST, "usd_per_request", Unit.USD, "Cost over completed requests."),

    EVENTS(Section.WORK, "events", Unit.COUNT,
            "Events the loop dispatched: a deterministic count of the simulator's work."),
    ITERATIONS(Section.WORK, "iterations", Unit.COUNT, "Iterations (scheduler steps), all instances."),
    KV_BLOCK_OPS(Section.WORK, "kv_block_ops", Unit.COUNT, "KV blocks allocated, referenced and freed.");

    /** Where a metric sits in the summary JSON. */
    public enum Section {
        TOP(null), THROUGHPUT("throughput"), LATENCY(null), UTILIZATION("utilization"), MEMORY("memory"),
        SCHEDULING("scheduling"), CONCURRENCY("concurrency"), SLO("slo"), ENERGY("energy"), COST("cost"),
        WORK("work");

        private final String json;

        Section(String json) {
            this.json = json;
        }

        /** The JSON object's name, or null for top-level keys (and latencies, whose object is their own). */
        public String json() {
            return json;
        }
    }

    /** A latency distribution, one object per latency in the summary JSON. */
    public enum Latency {
        TTFT("ttft", "time to first token: arrival to first output token"),
        TPOT("tpot", "time per output token after the first, (e2e - ttft) / (output - 1), per request"),
        ITL("itl", "inter-token latency, one sample per token after the first"),
        E2E("e2e", "end to end: arrival to last token"),
        QUEUEING("queueing", "arrival to first scheduling"),
        HANDOFF("handoff", "P/D hand-off: a prefill instance done with the prompt to its KV in place on the"
                + " decode instance (0 samples without P/D)");

        private final String id;
        private final String meaning;

        Latency(String id, String meaning) {
            this.id = id;
            this.meaning = meaning;
        }

        public String id() {
            return id;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** A statistic of a latency distribution. */
    public enum Stat {
        MEAN("mean", "mean", "mean"), P50("p50", "p50", "median"), P90("p90", "p90", "90th percentile"),
        P99("p99", "p99", "99th percentile"), P999("p999", "p99.9", "99.9th percentile"), MAX("max", "max", "max");

        private final String key;
        private final String label;
        private final String meaning;

        Stat(String key, String label, String meaning) {
            this.key = key;
            this.label = label;
            this.meaning = meaning;
        }

        /** The JSON key and id suffix, e.g. {@code p999}. */
        public String key() {
            return key;
        }

        /** As people write it, e.g. {@code p99.9}. */
        public String label() {
            return label;
        }

        /** In words, e.g. {@code 99th percentile}. */
        public String meaning() {
            return meaning;
        }

        /** The percentile (0..100), or NaN for mean and max. */
        public double percentile() {
            return switch (this) {
                case P50 -> 50;
                case P90 -> 90;
                case P99 -> 99;
                case P999 -> 99.9;
                default -> Double.NaN;
            };
        }
    }

    /** A metric's unit, which sets its CSV decimals. */
    public enum Unit {
        COUNT("count", -1), REQUESTS("requests", 3), SECONDS("s", 3), MS("ms", 3), PER_SECOND("1/s", 4),
        TOKENS_PER_SECOND("tokens/s", 1), FRACTION("fraction", 4), GIB("GiB", 3), GB("GB", 3), JOULES("J", 4),
        WATTS("W", 3), HOURS("h", 6), USD("USD", 6);

        private final String symbol;
        private final int decimals;

        Unit(String symbol, int decimals) {
            this.symbol = symbol;
            this.decimals = decimals;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final Section section;
    private final String key;
    private final Unit unit;
    private final String description;
    private final Latency latency;
    private final Stat stat;

    Metric(Section section, String key, Unit unit, String description) {
        this.section = section;
        this.key = key;
        this.unit = unit;
        this.description = description;
        this.latency = null;
        this.stat = null;
    }

    Metric(Latency latency, Stat stat) {
        this.section = Section.LATENCY;
        this.key = stat.key();
        this.unit = Unit.MS;
        this.description = stat.meaning() + " " + latency.id().toUpperCase(Locale.ROOT) + ", " + latency.meaning()
                + ".";
        this.latency = latency;
        this.stat = stat;
    }

    /** The id, e.g. {@code tpot_p99} or {@code cxl_busy_max}: {@code validate}'s name for it. */
    public String id() {
        return latency == null ? key : latency.id() + "_" + stat.key();
    }

    /** The {@code points.csv} column, e.g. {@code tpot_p99_ms}. */
    public String csvColumn() {
        return latency == null ? key : id() + "_ms";
    }

    /** The summary JSON object holding it ({@code tpot_ms}, {@code memory}), or null at the top level. */
    public String jsonObject() {
        return latency == null ? section.json() : latency.id() + "_ms";
    }

    /** The key within {@link #jsonObject()}, e.g. {@code p99}. */
    public String jsonKey() {
        return key;
    }

    /** Its JSON path in the summary, e.g. {@code tpot_ms.p99}. */
    public String jsonPath() {
        return jsonObject() == null ? key : jsonObject() + "." + key;
    }

    /** Its JMH secondary result's name, e.g. {@code sim.tpot.p99.9}. */
    public String jmhName() {
        return latency == null ? "sim." + key : "sim." + latency.id() + "." + stat.label();
    }

    public Unit unit() {
        return unit;
    }

    /** Decimals in {@code points.csv}; -1 for counts, written as integers. */
    public int decimals() {
        return unit.decimals;
    }

    public String description() {
        return description;
    }

    /** The latency of a latency metric, or null. */
    public Latency latency() {
        return latency;
    }

    /** The statistic of a latency metric, or null. */
    public Stat stat() {
        return stat;
    }

    /** The latency metric for {@code latency} and {@code stat}. */
    public static Metric of(Latency latency, Stat stat) {
        for (Metric m : values()) {
            if (m.latency == latency && m.stat == stat) {
                return m;
            }
        }
        throw new IllegalArgumentException(latency + " " + stat);
    }

    /** The metric with this id or CSV column, or null. */
    public static Metric byName(String name) {
        for (Metric m : values()) {
            if (m.id().equals(name) || m.csvColumn().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
