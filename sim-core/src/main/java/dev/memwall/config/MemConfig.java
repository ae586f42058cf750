package dev.memwall.config;

/**
 * A node's host memory, {@code cpu_mem}: one device per node shared by all its NPUs.
 *
 * @param memSizeGb capacity in GiB (LLMServingSim's "GB" is 1024^3 bytes)
 * @param memBwGBps bandwidth in GB/s, i.e. 1e9 bytes per second
 * @param memLatencyNs latency per transfer in ns
 * @param pimConfig name of a PIM ini ({@code configs/pim/<name>.ini}); {@code null} when absent
 */
public record MemConfig(double memSizeGb, double memBwGBps, double memLatencyNs, String pimConfig) {
}
