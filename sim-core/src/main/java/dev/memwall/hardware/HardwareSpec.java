package dev.memwall.hardware;

/**
 * One GPU model's numbers for the roofline and the transfer model, in SI units. Read from
 * {@code configs/hardware/<name>.json} by {@link HardwareCatalog}, where each number carries
 * its source.
 *
 * @param memoryBytes GPU memory, {@code memory_gb × 1e9}
 * @param memoryBandwidthBytesPerSec spec memory bandwidth
 * @param bf16FlopsPerSec dense BF16/FP16 tensor peak
 * @param fp8FlopsPerSec dense FP8 tensor peak, NaN when the GPU has no FP8
 * @param memoryEfficiency fraction of spec bandwidth decode kernels reach, in (0, 1]
 * @param computeEfficiency fraction of dense peak large GEMMs reach, in (0, 1]
 * @param kernelOverheadNs fixed cost per sub-layer kernel of an iteration launched as a
 *     CUDA graph (pure decode)
 * @param iterationOverheadNs fixed cost per engine iteration (scheduler, sampling, launch)
 * @param sequenceOverheadNs fixed cost per scheduled sequence per iteration (the engine's
 *     per-sequence CPU work)
 * @param prefillKernelOverheadNs fixed cost per sub-layer kernel of an iteration that contains
 *     any prefill (launched eagerly, without CUDA graphs), at least {@code kernelOverheadNs}; each
 *     TP all-reduce of such an iteration pays the difference between the two once more
 * @param boardPowerW the board's rated power (TDP), W, for the power model's defaults when a
 *     config has no {@code power} block; NaN when the file gives none
 */
public record HardwareSpec(
        String name,
        String description,
        double memoryBytes,
        double memoryBandwidthBytesPerSec,
        double bf16FlopsPerSec,
        double fp8FlopsPerSec,
        HostLink hostLink,
        ScaleUpLink scaleUpLink,
        double memoryEfficiency,
        double computeEfficiency,
        long kernelOverheadNs,
        long iterationOverheadNs,
        long sequenceOverheadNs,
        long prefillKernelOverheadNs,
        double boardPowerW) {

    /** True when the GPU has FP8 tensor cores. */
    public boolean hasFp8() {
        return !Double.isNaN(fp8FlopsPerSec);
    }
}
