package dev.memwall.metrics;

import java.util.List;

/**
 * Everything the end-of-run summary reports. Times are simulated unless named wall.
 *
 * @param requests  requests read from the trace (sub-requests of sessions count one each)
 * @param completed requests that finished
 */
public record RunSummary(long requests, long completed, double simulatedSeconds, double wallSeconds,
        double requestsPerS, double promptTokensPerS, double outputTokensPerS, LatencyRecorder latency,
        List<InstanceRow> instances, List<DeviceRow> devices) {

    /**
     * One serving instance: its KV pool, memory and activity, and its prefix cache: prompt tokens
     * looked up, and found in HBM or in the second tier (printed, not in the summary JSON, whose
     * keys are fixed).
     */
    public record InstanceRow(int id, String hardware, String model, long kvBlocks, long kvBlockBytes,
            long weightsHbmBytes, long peakHbmBytes, long preemptions, double busyFraction, long prefixQueriedTokens,
            long prefixHbmHitTokens, long prefixLowerHitTokens) {
    }

    /**
     * One memory device or link.
     *
     * @param busyFraction bytes moved over the run divided by what the device could move at its
     *                     achievable bandwidth in the same simulated time
     */
    public record DeviceRow(String name, long capacityBytes, long peakUsedBytes, long bytesTransferred,
            double busyFraction) {
    }
}
