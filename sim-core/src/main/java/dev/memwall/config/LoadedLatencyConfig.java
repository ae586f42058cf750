package dev.memwall.config;

/**
 * memwall extension {@code cxl_mem.loaded_latency}: each CXL device's latency grows with its
 * recent utilization, following a curve of {@code [utilization, latency multiplier]} points
 * (default: the MESS DDR5 shape of shared/reference/hardware.md §1.3) over a window of recent
 * time. Off unless the key is present.
 *
 * @param curve    points {@code {utilization in [0, 1], multiplier >= 1}}, utilization strictly
 *                 increasing from 0; null for the default curve
 * @param windowNs how far back utilization is measured (time constant of its decay)
 */
public record LoadedLatencyConfig(double[][] curve, long windowNs) {
    /** Default window: 100 µs, a few large transfers' worth. */
    public static final long DEFAULT_WINDOW_NS = 100_000;
}
