package dev.memwall.power;

/**
 * The power states of one instance's GPUs.
 *
 * @param count           GPUs of the instance (its tensor-parallel degree)
 * @param node            the node it runs on
 * @param standbyWindowNs how long a GPU stays in standby after a batch ends before it drops to idle
 * @param fromConfig      whether a {@code power.npu} entry gave these, else TDP-based defaults
 */
public record NpuPower(double idleW, double standbyW, double activeW, long standbyWindowNs, int count, int node,
        boolean fromConfig) {
}
