package dev.memwall.config;

/**
 * The cluster's CXL memory pool, {@code cxl_mem}: {@code numDevices} identical devices addressed
 * as {@code cxl:0} .. {@code cxl:<numDevices-1>}, each with its own bandwidth and queue.
 *
 * @param memSizeGb capacity of ONE device in GiB (not multiplied by the device count)
 * @param memBwGBps bandwidth of one device in GB/s, i.e. 1e9 bytes per second
 * @param memLatencyNs latency per transfer in ns
 * @param numDevices number of devices, at least 1 (default 1)
 * @param interleaveEfficiency memwall extension {@code interleave_efficiency}: the fraction of the
 *     summed device bandwidth a transfer striped over several devices achieves, in (0, 1]
 *     (default {@value #DEFAULT_INTERLEAVE_EFFICIENCY})
 * @param loadedLatency memwall extension {@code loaded_latency}; null when off (the default)
 * @param power memwall extension {@code power}: each device's idle draw and energy per bit; null for
 *     the power model's defaults
 */
public record CxlMemConfig(double memSizeGb, double memBwGBps, double memLatencyNs, int numDevices,
        double interleaveEfficiency, LoadedLatencyConfig loadedLatency, CxlPowerConfig power) {

    /** Default {@code num_devices}, as in LLMServingSim. */
    public static final int DEFAULT_NUM_DEVICES = 1;

    /**
     * Default striping efficiency: interleaving across CXL devices loses some bandwidth to
     * imperfect address spreading and per-device queueing; 0.85 is a starting point to calibrate.
     */
    public static final double DEFAULT_INTERLEAVE_EFFICIENCY = 0.85;
}
