package dev.memwall.hardware;

/**
 * An iteration-time backend: how long one engine iteration of an instance takes for a batch, in
 * total and layer by layer (the per-layer form is what weight streaming from host or CXL memory
 * overlaps with). Implementations are built once per instance and must not allocate per call.
 */
public interface IterationTimeModel {
    /**
     * Fills {@code layerNs[l]} with the compute time of layer {@code l} of the instance's
     * {@link dev.memwall.model.ModelShape} for {@code batch}, including any collective that
     * follows the layer under tensor parallelism, and returns the iteration's fixed time outside
     * the layers (scheduling, sampling, launch), in ns.
     */
    long layerTimes(BatchShape batch, long[] layerNs);

    /**
     * Wall time of one iteration with every layer's weights in HBM:
     * {@code fixed + sum(layerNs)}, in ns. Implementations may compute it faster than through
     * {@link #layerTimes}, but must agree with it.
     */
    long iterationNs(BatchShape batch);

    /**
     * Tokens of KV the GPU itself reads and writes per attention layer for {@code batch}: all it
     * attends ({@link BatchShape#kvReadTokens}), unless part of the attention runs where the KV
     * lives (PIM attention offload). Where the KV pool is off the GPU, these cross the host link.
     */
    default long gpuKvTokens(BatchShape batch) {
        return batch.kvReadTokens;
    }

    /**
     * {@link #iterationNs} the plain way, for models with no faster route: {@code model}'s layer
     * times for {@code batch} written into {@code scratchNs} (one entry per layer), summed with its
     * fixed time.
     */
    static long sumOfLayerTimes(IterationTimeModel model, BatchShape batch, long[] scratchNs) {
        long total = model.layerTimes(batch, scratchNs);
        for (long ns : scratchNs) {
            total += ns;
        }
        return total;
    }

    /** Bytes the last call read from and wrote to HBM. */
    double lastHbmBytes();
}
