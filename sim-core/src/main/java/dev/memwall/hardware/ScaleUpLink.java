package dev.memwall.hardware;

/**
 * The GPU-to-GPU fabric used by tensor-parallel collectives (NVLink, Infinity Fabric).
 *
 * @param kind e.g. {@code NVLink4}; null when the GPU has none (then the numbers are 0)
 * @param bytesPerSec per direction, aggregated over the GPU's links
 * @param latencyNs fixed cost per collective message
 */
public record ScaleUpLink(String kind, double bytesPerSec, long latencyNs) {
    /** No scale-up fabric: collectives would go over PCIe. */
    public static final ScaleUpLink NONE = new ScaleUpLink(null, 0, 0);

    /** True when the GPU has a scale-up fabric. */
    public boolean present() {
        return kind != null;
    }
}
