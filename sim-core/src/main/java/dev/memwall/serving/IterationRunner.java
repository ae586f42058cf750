package dev.memwall.serving;

import dev.memwall.memory.MemorySystem;

/**
 * Runs one instance's formed batches: moves the KV the scheduler asked for (swap out, swap in,
 * second-tier prefix loads) before the model may start, hands the batch to the iteration timing,
 * and books the HBM traffic the time model computed.
 */
final class IterationRunner {
    private final InstanceMemory mem;
    private final IterationTiming timing;

    IterationRunner(InstanceMemory mem, IterationTiming timing) {
        this.mem = mem;
        this.timing = timing;
    }

    IterationTiming timing() {
        return timing;
    }

    /**
     * Starts batch {@code b} at {@code nowNs}.
     *
     * @param horizonNs the next time anything else in the simulation can act: transfers due
     *                  before it may be issued at once
     * @return the time of the iteration's next event: its end ({@link #ended()}), or, when its
     *         transfers share devices or links with other instances, when its next transfer is due
     */
    long start(Batch b, long nowNs, long horizonNs) {
        b.startNs = nowNs;
        // Swapped KV must be out (blocks freed) and back in, and second-tier prefix hits loaded,
        // before the model runs.
        final MemorySystem memory = mem.memory();
        long modelStartNs = nowNs;
        if (b.swapOutBytes > 0) {
            modelStartNs = Math.max(modelStartNs, memory.transfer(mem.swapPath(), b.swapOutBytes, mem.ranks(), nowNs));
        }
        if (b.swapInBytes > 0) {
            modelStartNs = Math.max(modelStartNs, memory.transfer(mem.swapPath(), b.swapInBytes, mem.ranks(), nowNs));
        }
        if (b.prefixLoadBytes > 0) {
            modelStartNs = Math.max(modelStartNs,
                    memory.transfer(mem.prefixPath(), b.prefixLoadBytes, mem.ranks(), nowNs));
        }
        long next = timing.start(b.shape, modelStartNs, nowNs, horizonNs);
        b.computeNs = timing.computeNs();
        double hbm = timing.hbmBytes();
        memory.recordTraffic(mem.hbmDevice(), hbm, Math.round(hbm / mem.hbmBytesPerSec() * 1e9));
        return next;
    }

    /** Steps a stepwise iteration at {@code nowNs}; returns the time of its next event. */
    long advance(long nowNs, long horizonNs) {
        return timing.advance(nowNs, horizonNs);
    }

    /** Whether the time last returned is the iteration's end. */
    boolean ended() {
        return timing.ended();
    }
}
