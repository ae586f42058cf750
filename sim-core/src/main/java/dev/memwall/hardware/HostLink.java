package dev.memwall.hardware;

/**
 * The GPU's link to host memory, which every off-GPU weight or KV byte crosses.
 *
 * @param kind {@code PCIe} or {@code NVLink-C2C}
 * @param generation PCIe generation, 0 when not PCIe
 * @param lanes PCIe lane count, 0 when not PCIe
 * @param achievableBytesPerSec host-to-device bandwidth reached by large pinned DMA copies
 * @param latencyNs fixed cost per transfer (DMA set-up and launch)
 */
public record HostLink(
        String kind, int generation, int lanes, double achievableBytesPerSec, long latencyNs) {
}
