package dev.memwall.config;

/**
 * memwall extension, instance key {@code host_link: {bw, latency}}: the link between the NPU and
 * the host fabric (PCIe, say) that every off-NPU transfer crosses.
 *
 * @param bwGBps bandwidth in GB/s, i.e. 1e9 bytes per second
 * @param latencyNs latency per transfer in ns
 */
public record HostLinkConfig(double bwGBps, double latencyNs) {
}
