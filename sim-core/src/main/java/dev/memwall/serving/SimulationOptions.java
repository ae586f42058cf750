package dev.memwall.serving;

import java.nio.file.Path;

/**
 * Run-wide settings, mostly LLMServingSim's command-line flags with its defaults; an instance's
 * own runtime overrides in the cluster config win over these.
 *
 * @param dtype                  weight and activation dtype name, or null for the model's
 *                               {@code torch_dtype} (then bfloat16)
 * @param npuMemoryUtilization   fraction of HBM for weights plus KV
 * @param heartbeatIntervalNs    simulated time between heartbeats; 0 = none
 * @param keepTokenTimes         keep every token's emission time (for the per-request ITL column)
 */
public record SimulationOptions(String dtype, int blockSize, int maxNumSeqs, int maxNumBatchedTokens,
        int longPrefillTokenThreshold, boolean chunkedPrefill, boolean prefixCaching, boolean reserveFullIsl,
        double npuMemoryUtilization, RoutingPolicy routing, long seed, Path modelsDir, Path hardwareDir,
        boolean keepTokenTimes, long heartbeatIntervalNs) {

    /** LLMServingSim's defaults (reference §2), models and hardware under {@code configs/}. */
    public static SimulationOptions defaults() {
        return new SimulationOptions(null, 16, 128, 2048, 0, true, true, true, 0.9, RoutingPolicy.LOAD, 42,
                Path.of("configs/models"), Path.of("configs/hardware"), false, 0);
    }

    public SimulationOptions withKeepTokenTimes(boolean keep) {
        return new SimulationOptions(dtype, blockSize, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold,
                chunkedPrefill, prefixCaching, reserveFullIsl, npuMemoryUtilization, routing, seed, modelsDir,
                hardwareDir, keep, heartbeatIntervalNs);
    }

    public SimulationOptions withHeartbeatIntervalNs(long intervalNs) {
        return new SimulationOptions(dtype, blockSize, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold,
                chunkedPrefill, prefixCaching, reserveFullIsl, npuMemoryUtilization, routing, seed, modelsDir,
                hardwareDir, keepTokenTimes, intervalNs);
    }

    public SimulationOptions withModelsAndHardware(Path models, Path hardware) {
        return new SimulationOptions(dtype, blockSize, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold,
                chunkedPrefill, prefixCaching, reserveFullIsl, npuMemoryUtilization, routing, seed, models,
                hardware, keepTokenTimes, heartbeatIntervalNs);
    }

    public SimulationOptions withMemoryUtilization(double util) {
        return new SimulationOptions(dtype, blockSize, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold,
                chunkedPrefill, prefixCaching, reserveFullIsl, util, routing, seed, modelsDir, hardwareDir,
                keepTokenTimes, heartbeatIntervalNs);
    }

    public SimulationOptions withMaxNumSeqs(int seqs) {
        return new SimulationOptions(dtype, blockSize, seqs, maxNumBatchedTokens, longPrefillTokenThreshold,
                chunkedPrefill, prefixCaching, reserveFullIsl, npuMemoryUtilization, routing, seed, modelsDir,
                hardwareDir, keepTokenTimes, heartbeatIntervalNs);
    }

    public SimulationOptions withMaxNumBatchedTokens(int tokens) {
        return new SimulationOptions(dtype, blockSize, maxNumSeqs, tokens, longPrefillTokenThreshold,
                chunkedPrefill, prefixCaching, reserveFullIsl, npuMemoryUtilization, routing, seed, modelsDir,
                hardwareDir, keepTokenTimes, heartbeatIntervalNs);
    }

    public SimulationOptions withRouting(RoutingPolicy policy) {
        return new SimulationOptions(dtype, blockSize, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold,
                chunkedPrefill, prefixCaching, reserveFullIsl, npuMemoryUtilization, policy, seed, modelsDir,
                hardwareDir, keepTokenTimes, heartbeatIntervalNs);
    }
}
