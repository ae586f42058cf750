package dev.memwall.result;

import java.util.List;

import dev.memwall.cost.Cost;
import dev.memwall.metrics.LatencyRecorder;
import dev.memwall.power.Energy;
import dev.memwall.serving.FaultControl;

/**
 * Everything one finished simulation reports, reduced once by {@link RunReduction}: every
 * {@link Metric}, the latency distributions, each instance and each memory device or link, and
 * the bottleneck. {@code simulate}'s summary, {@code sweep}'s points, {@code validate} and the JMH
 * profiler all read this. Times are simulated unless named wall.
 *
 * @param metrics    by {@link Metric} ordinal
 * @param bottleneck the busiest resource: {@code instance<i>.gpu} (its compute), a memory device
 *                   or a link; its busy fraction is {@link Metric#BOTTLENECK_BUSY}
 * @param energy     joules by component; its totals are the {@link Metric.Section#ENERGY} metrics
 * @param cost       dollars by component under the price book; its totals are the {@link Metric.Section#COST} metrics
 * @param faults     each injected fault's account, in the order they were given
 */
public record RunResult(double[] metrics, double wallSeconds, LatencyRecorder latency, List<InstanceRow> instances,
        List<DeviceRow> devices, String bottleneck, Energy energy, Cost cost, List<FaultControl.Outcome> faults) {

    public RunResult {
        metrics = metrics.clone();
        instances = List.copyOf(instances);
        devices = List.copyOf(devices);
        faults = List.copyOf(faults);
    }

    /** The value of {@code m}. */
    public double get(Metric m) {
        return metrics[m.ordinal()];
    }

    /** The value of a count metric. */
    public long count(Metric m) {
        return Math.round(metrics[m.ordinal()]);
    }

    @Override
    public double[] metrics() {
        return metrics.clone();
    }

    /**
     * One serving instance over the run; byte counts per GPU (tensor-parallel rank).
     *
     * @param busyFraction          iteration time over simulated time: compute plus memory stalls
     * @param computeBusyFraction   of that, the time its GPUs computed
     * @param memoryStalledFraction the rest: an iteration in flight waiting for off-GPU memory
     * @param prefixHbmHitTokens    prompt tokens found in HBM's prefix cache
     * @param prefixLowerHitTokens  prompt tokens found in the second prefix tier (loaded back, timed)
     * @param role                  colocated, prefill or decode ({@code pd_type})
     * @param ttftMeanMs            mean TTFT of the completed requests whose prompt it computed
     * @param tpotMeanMs            mean TPOT of the completed requests whose tokens it generated
     * @param fidelity              how far to trust its latencies: timing backend, engine, GPU
     *                              calibration, nearest validated case's errors ({@code Fidelity.describe})
     * @param experts               what its steps fetched of off-GPU MoE experts, null without ({@code placement.experts})
     */
    public record InstanceRow(int id, String role, String hardware, String model, String kvLocation, long kvBlocks,
            long kvBlockBytes, long weightsHbmBytes, long peakHbmBytes, long preemptions, long iterations,
            double busyFraction, double computeBusyFraction, double memoryStalledFraction, long prefixQueriedTokens,
            long prefixHbmHitTokens, long prefixLowerHitTokens, double ttftMeanMs, double tpotMeanMs,
            String fidelity, PimRow pim, dev.memwall.serving.ExpertFetchStats experts) {
    }

    /**
     * An instance's PIM attention offload over the run (absent without one).
     *
     * @param busySeconds               time the PIM device computed attention
     * @param busyFraction              that over the simulated time
     * @param gpuAttentionMovedSeconds  decode attention time the GPU would have spent without the offload
     * @param hiddenSeconds             PIM time hidden behind GPU work by sub-batch interleaving
     * @param kvBytesRead               KV bytes the PIM device read
     */
    public record PimRow(double busySeconds, double busyFraction, double gpuAttentionMovedSeconds,
            double hiddenSeconds, double kvBytesRead) {
    }

    /**
     * One memory device or link over the run.
     *
     * @param kind          HBM, HOST_DRAM, CXL, HOST_LINK or NETWORK
     * @param peakUsedBytes most bytes resident at once (0 for links)
     * @param busyFraction  time it was busy serving transfers over the simulated time
     */
    public record DeviceRow(String name, String kind, long capacityBytes, long peakUsedBytes, long bytesTransferred,
            double busyFraction) {
    }
}
