package dev.memwall.sweep;

import dev.memwall.memory.MemorySystem;
import dev.memwall.metrics.LatencyStat;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.InstanceStats;

/**
 * The simulated results of a point, one {@code points.csv} column each, in column order. Latencies
 * in ms; busy fractions are time a resource was busy over the simulated time; per-kind memory
 * columns sum peaks and traffic over the devices of that kind (every device, one by one, is in
 * {@code points.jsonl}).
 */
public enum Metric {
    REQUESTS("requests", -1),
    COMPLETED("completed", -1),
    SIMULATED_S("simulated_s", 3),
    THROUGHPUT_RPS("throughput_rps", 4),
    PROMPT_TOKENS_PER_S("prompt_tokens_per_s", 1),
    OUTPUT_TOKENS_PER_S("output_tokens_per_s", 1),
    TTFT_MEAN_MS("ttft_mean_ms", 3),
    TTFT_P50_MS("ttft_p50_ms", 3),
    TTFT_P90_MS("ttft_p90_ms", 3),
    TTFT_P99_MS("ttft_p99_ms", 3),
    TTFT_P999_MS("ttft_p999_ms", 3),
    TPOT_MEAN_MS("tpot_mean_ms", 3),
    TPOT_P50_MS("tpot_p50_ms", 3),
    TPOT_P90_MS("tpot_p90_ms", 3),
    TPOT_P99_MS("tpot_p99_ms", 3),
    TPOT_P999_MS("tpot_p999_ms", 3),
    ITL_MEAN_MS("itl_mean_ms", 3),
    ITL_P50_MS("itl_p50_ms", 3),
    ITL_P90_MS("itl_p90_ms", 3),
    ITL_P99_MS("itl_p99_ms", 3),
    ITL_P999_MS("itl_p999_ms", 3),
    E2E_MEAN_MS("e2e_mean_ms", 3),
    E2E_P50_MS("e2e_p50_ms", 3),
    E2E_P90_MS("e2e_p90_ms", 3),
    E2E_P99_MS("e2e_p99_ms", 3),
    E2E_P999_MS("e2e_p999_ms", 3),
    /** Mean over instances of iteration time over simulated time. */
    GPU_BUSY("gpu_busy", 4),
    /** Largest HBM use of any instance: weights plus the most KV ever held. */
    PEAK_HBM_GIB("peak_hbm_gib", 3),
    PREEMPTIONS("preemptions", -1),
    CXL_PEAK_USED_GIB("cxl_peak_used_gib", 3),
    CXL_GB_MOVED("cxl_gb_moved", 3),
    /** Busiest CXL device's busy fraction. */
    CXL_BUSY_MAX("cxl_busy_max", 4),
    CPU_MEM_PEAK_USED_GIB("cpu_mem_peak_used_gib", 3),
    CPU_MEM_GB_MOVED("cpu_mem_gb_moved", 3),
    CPU_MEM_BUSY_MAX("cpu_mem_busy_max", 4),
    HOST_LINK_GB_MOVED("host_link_gb_moved", 3),
    HOST_LINK_BUSY_MAX("host_link_busy_max", 4);

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;
    private static final Metric[] ALL = values();

    private final String column;
    private final int decimals;

    Metric(String column, int decimals) {
        this.column = column;
        this.decimals = decimals;
    }

    /** The CSV column and JSON key. */
    public String column() {
        return column;
    }

    /** Decimals in the CSV; -1 for counts, written as integers. */
    public int decimals() {
        return decimals;
    }

    /** The metric with this column name, or null. */
    public static Metric byName(String column) {
        for (Metric m : ALL) {
            if (m.column.equals(column)) {
                return m;
            }
        }
        return null;
    }

    /** Every metric of a finished simulation, indexed by ordinal. */
    static double[] measure(ClusterBuilder.Built built) {
        ClusterSimulation sim = built.simulation();
        double[] v = new double[ALL.length];
        double seconds = sim.endTimeNs() / 1e9;
        long prompt = 0;
        long output = 0;
        double busy = 0;
        long peakHbm = 0;
        long preemptions = 0;
        for (int i = 0; i < sim.instanceCount(); i++) {
            InstanceStats st = sim.instanceStats(i);
            prompt += st.promptTokensDone();
            output += st.outputTokensDone();
            busy += ratio(st.busyNs() / 1e9, seconds);
            peakHbm = Math.max(peakHbm, st.peakHbmBytes());
            preemptions += st.preemptions();
        }
        v[REQUESTS.ordinal()] = sim.requests().size();
        v[COMPLETED.ordinal()] = sim.completedRequests();
        v[SIMULATED_S.ordinal()] = seconds;
        v[THROUGHPUT_RPS.ordinal()] = ratio(sim.completedRequests(), seconds);
        v[PROMPT_TOKENS_PER_S.ordinal()] = ratio(prompt, seconds);
        v[OUTPUT_TOKENS_PER_S.ordinal()] = ratio(output, seconds);
        latency(v, TTFT_MEAN_MS, sim.latency().ttft);
        latency(v, TPOT_MEAN_MS, sim.latency().tpot);
        latency(v, ITL_MEAN_MS, sim.latency().itl);
        latency(v, E2E_MEAN_MS, sim.latency().e2e);
        v[GPU_BUSY.ordinal()] = sim.instanceCount() == 0 ? 0 : busy / sim.instanceCount();
        v[PEAK_HBM_GIB.ordinal()] = peakHbm / GIB;
        v[PREEMPTIONS.ordinal()] = preemptions;
        MemorySystem m = built.memory();
        for (int d = 0; d < m.count(); d++) {
            double b = ratio(m.busyNs(d) / 1e9, seconds);
            switch (m.kind(d)) {
                case CXL -> add(v, CXL_PEAK_USED_GIB, CXL_GB_MOVED, CXL_BUSY_MAX, m, d, b);
                case HOST_DRAM -> add(v, CPU_MEM_PEAK_USED_GIB, CPU_MEM_GB_MOVED, CPU_MEM_BUSY_MAX, m, d, b);
                case HOST_LINK -> add(v, null, HOST_LINK_GB_MOVED, HOST_LINK_BUSY_MAX, m, d, b);
                default -> {
                    // HBM is reported per instance above.
                }
            }
        }
        return v;
    }

    private static void latency(double[] v, Metric mean, LatencyStat s) {
        int o = mean.ordinal();
        v[o] = s.meanNs() / 1e6;
        v[o + 1] = s.percentileNs(50) / 1e6;
        v[o + 2] = s.percentileNs(90) / 1e6;
        v[o + 3] = s.percentileNs(99) / 1e6;
        v[o + 4] = s.percentileNs(99.9) / 1e6;
    }

    private static void add(double[] v, Metric peak, Metric moved, Metric busyMax, MemorySystem m, int d, double busy) {
        if (peak != null) {
            v[peak.ordinal()] += m.peakUsedBytes(d) / GIB;
        }
        v[moved.ordinal()] += m.bytesTransferred(d) / 1e9;
        v[busyMax.ordinal()] = Math.max(v[busyMax.ordinal()], busy);
    }

    private static double ratio(double num, double den) {
        return den > 0 ? num / den : 0.0;
    }
}
