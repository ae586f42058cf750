package dev.memwall.power;

/**
 * What a run counted that energy depends on, up to some moment: the simulated time, per instance
 * its compute time, the time an iteration waited for off-GPU memory and its standby time between
 * batches, and the bytes its TP all-reduces put on the scale-up links; per memory-system id, the
 * bytes it moved. Arrays are used as given (the caller builds a fresh one per measurement).
 *
 * @param simulatedNs  the time the energy covers, from 0
 * @param computeNs    per instance, time its GPUs computed
 * @param stalledNs    per instance, time an iteration was in flight but waiting for memory
 * @param standbyGapNs per instance, time between batches spent in standby: each gap after a batch,
 *                     capped at the standby window (the tail after the last batch included)
 * @param ringBytes    per instance, bytes its TP all-reduces moved over the scale-up links, all GPUs
 * @param deviceBytes  per memory-system id, bytes read from and written to it
 * @param deviceInUse  per memory-system id, whether anything was ever resident on it or moved
 *                     through it: a CXL device nothing used counts as not installed (no energy)
 * @param pimReadBytes per instance, KV bytes its PIM device read in memory (attention offload)
 */
public record Usage(long simulatedNs, long[] computeNs, long[] stalledNs, long[] standbyGapNs, double[] ringBytes,
        double[] deviceBytes, boolean[] deviceInUse, double[] pimReadBytes) {

    /** A usage without PIM attention offload. */
    public Usage(long simulatedNs, long[] computeNs, long[] stalledNs, long[] standbyGapNs, double[] ringBytes,
            double[] deviceBytes, boolean[] deviceInUse) {
        this(simulatedNs, computeNs, stalledNs, standbyGapNs, ringBytes, deviceBytes, deviceInUse,
                new double[computeNs.length]);
    }
}
