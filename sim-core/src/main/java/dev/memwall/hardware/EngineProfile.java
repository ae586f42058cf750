package dev.memwall.hardware;

/**
 * What a serving engine adds around the GPU's kernels, per iteration (read from
 * {@code configs/engines/<name>.json} by {@link EngineCatalog}, each number with its source): CPU
 * time that more or faster GPUs do not shorten, and the cost of launching kernels one by one when
 * an iteration does not run as a CUDA graph. Kept apart from {@link HardwareSpec} so that GPUs are
 * compared under one engine.
 *
 * @param released the engine's release as {@code YYYY-MM}; the newest is the default
 * @param iterationOverheadNs CPU time per iteration (scheduling, input preparation), not shared
 *     with the GPU's work
 * @param sequenceOverheadNs CPU time per scheduled sequence per iteration
 * @param eagerKernelOverheadNs extra time of every kernel, and of every TP all-reduce, of an
 *     iteration that holds a prefill, when the engine launches those eagerly (0 when it captures
 *     them as CUDA graphs)
 * @param eagerAllReduceRankNs extra time of every TP all-reduce of such an eager iteration per TP
 *     rank beyond the first: ranks launch the collective from their own CPUs and wait for the last
 */
public record EngineProfile(String name, String description, String released, long iterationOverheadNs,
        long sequenceOverheadNs, long eagerKernelOverheadNs, long eagerAllReduceRankNs) {

    /** Extra time of one all-reduce of an eager iteration at TP {@code tp}. */
    public long eagerAllReduceNs(int tp) {
        return tp > 1 ? eagerKernelOverheadNs + eagerAllReduceRankNs * (tp - 1) : 0;
    }
}
