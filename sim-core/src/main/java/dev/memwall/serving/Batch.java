package dev.memwall.serving;

import java.util.Arrays;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;

/**
 * One batch in flight on an instance: the requests the scheduler put in it with their new tokens,
 * the shape the timing backend sees, and the KV bytes that must move before it can run. Allocated
 * once per in-flight slot and refilled every iteration; grows by doubling only.
 */
final class Batch {
    private int[] requestIds = new int[256];
    private int[] newTokens = new int[256];
    private int size;
    final BatchShape shape = new BatchShape();
    /** One rank's KV bytes to swap out (preempted in swap mode) before the batch can run. */
    double swapOutBytes;
    /** One rank's KV bytes to swap back in (resumed requests) before the batch can run. */
    double swapInBytes;
    /** One rank's bytes of second-tier prefix blocks to load before the batch can run. */
    double prefixLoadBytes;
    /** Compute time of every layer of the model for this batch, once {@link #layerTimes} filled it. */
    final long[] layerNs;
    /** The iteration's time outside the layers (sampling, scheduling), once {@link #layerTimes} ran. */
    long fixedNs;
    /** Bytes the whole iteration reads from and writes to HBM, as the time model computed them. */
    double hbmBytes;
    private boolean layerTimesKnown;
    /** A data-parallel member's stand-in when it has nothing to run: one decode token, no request. */
    boolean dummy;
    /** The steady decodes of the instance's {@link DecodeCohort} at the head of the batch, not listed one by one. */
    private int steadyDecodes;

    /** @param layers layers of the instance's model */
    Batch(int layers) {
        layerNs = new long[layers];
    }

    void clear() {
        size = 0;
        shape.clear();
        swapOutBytes = 0;
        swapInBytes = 0;
        prefixLoadBytes = 0;
        fixedNs = 0;
        hbmBytes = 0;
        layerTimesKnown = false;
        dummy = false;
        steadyDecodes = 0;
    }

    /** Makes this the one-token dummy batch of an idle data-parallel member. */
    void makeDummy() {
        clear();
        shape.add(1, 0);
        dummy = true;
    }

    /**
     * Fills {@link #layerNs}, {@link #fixedNs} and {@link #hbmBytes} from {@code timeModel}, once
     * per batch, however many stages read them.
     */
    void layerTimes(IterationTimeModel timeModel) {
        if (!layerTimesKnown) {
            fixedNs = timeModel.layerTimes(shape, layerNs);
            hbmBytes = timeModel.lastHbmBytes();
            layerTimesKnown = true;
        }
    }

    /**
     * Adds request {@code r} with {@code numNew} tokens to compute, after {@code computed} already
     * held, of a {@code prompt}-token prompt.
     */
    void add(int r, int numNew, int computed, int prompt) {
        if (size == requestIds.length) {
            requestIds = Arrays.copyOf(requestIds, size * 2);
            newTokens = Arrays.copyOf(newTokens, size * 2);
        }
        requestIds[size] = r;
        newTokens[size] = numNew;
        size++;
        shape.add(numNew, computed, prompt);
    }

    /**
     * Puts the cohort's {@code count} steady decodes at the head of the (empty) batch, one token
     * each, over {@code priorKvTokens} tokens of KV in all, {@code minPriorKvTokens} to
     * {@code maxPriorKvTokens} each.
     */
    void addSteadyDecodes(int count, long priorKvTokens, long minPriorKvTokens, long maxPriorKvTokens) {
        steadyDecodes = count;
        shape.addDecodes(count, priorKvTokens, minPriorKvTokens, maxPriorKvTokens);
    }

    /** Steady decodes at the head of the batch (not among {@link #request}'s). */
    int steadyDecodes() {
        return steadyDecodes;
    }

    /** Sequences in the batch: the steady decodes and those listed. */
    int sequenceCount() {
        return steadyDecodes + size;
    }

    /** Requests listed one by one, after the steady decodes. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return steadyDecodes + size == 0;
    }

    int request(int k) {
        return requestIds[k];
    }

    int newTokens(int k) {
        return newTokens[k];
    }
}
