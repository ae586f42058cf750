package dev.memwall.calibrate;

/**
 * One measured kernel time and the quantities its {@code KernelCosts} formula takes.
 *
 * @param kernelClass which formula times it
 * @param layer the table's layer name, e.g. {@code qkv_proj}
 * @param group the fixed-cost group: samples of one group share one fitted intercept (kernels of one
 *     shape of launch: in a vLLM bundle every non-attention kernel; in a legacy HuggingFace table
 *     each layer, whose several unfused kernels cost more than one)
 * @param where {@code <file>:<line>} of the measurement
 * @param measuredNs the measured time
 * @param x the formula's inputs: GEMM {@code (tokens, k, n, bytesPerElement)}; elementwise and
 *     activation {@code (bytes)}; attention {@code (prefillFlops, prefillKvBytes, decodeKvBytes,
 *     decodeSequences, decodeFlops)}; sampler {@code (sequences)}
 */
public record KernelSample(KernelClass kernelClass, String layer, String group, String where, double measuredNs,
        double[] x) {
}
