package dev.memwall.hardware;

/**
 * An iteration-time backend: how long one engine iteration of an instance takes for a batch.
 * Implementations are built once per instance and must not allocate per call.
 */
public interface IterationTimeModel {
    /** Wall time of one iteration computing {@code batch}, in ns. */
    long iterationNs(BatchShape batch);

    /** Bytes the last {@link #iterationNs} call read from and wrote to HBM. */
    double lastHbmBytes();
}
