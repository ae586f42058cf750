package dev.memwall.config;

/**
 * An instance's per-NPU memory (HBM), {@code npu_mem}.
 *
 * @param memSizeGb capacity per NPU in GiB (LLMServingSim's "GB" is 1024^3 bytes)
 * @param memBwGBps bandwidth in GB/s, i.e. 1e9 bytes per second
 * @param memLatencyNs latency per transfer in ns
 * @param memUtil fraction of {@code memSizeGb} the engine may use, in (0, 1]; {@code null} when
 *     absent (the command-line default applies)
 */
public record NpuMemConfig(double memSizeGb, double memBwGBps, double memLatencyNs, Double memUtil) {
}
