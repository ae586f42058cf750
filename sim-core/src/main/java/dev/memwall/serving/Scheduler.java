package dev.memwall.serving;

import dev.memwall.engine.IntRing;

/**
 * vLLM V1's scheduler as LLMServingSim runs it (reference §6), over one instance's KV cache. Each
 * iteration: serve the running queue in order, preempting from its tail when KV runs out; then,
 * only if nothing was preempted, admit waiting requests FCFS while the token budget and
 * {@code max_num_seqs} allow. {@code num_computed_tokens} advances at schedule time; when an
 * iteration ends, every scheduled request whose computed tokens reach its known tokens emits one
 * token. Preemption is by recompute (blocks freed, computed tokens reset, request put back at the
 * head of the waiting queue) or, in swap mode, by moving its KV out and back.
 */
final class Scheduler {
    /** What phase A returns instead of a budget when it preempted: phase B is skipped. */
    private static final int PREEMPTED = -1;
    final SchedulerSettings settings;
    private final RequestTable rt;
    private final KvCacheManager kv;

    final IntRing waiting = new IntRing(256);
    final IntRing running = new IntRing(256);
    /** Completed request ids in completion order (for the per-request CSV). */
    final IntRing completed = new IntRing(256);
    private boolean[] stillRunning = new boolean[256];

    long preemptionCount;
    long recomputedTokens;
    long promptTokensDone;
    long outputTokensDone;

    Scheduler(SchedulerSettings settings, RequestTable rt, KvCacheManager kv) {
        this.settings = settings;
        this.rt = rt;
        this.kv = kv;
    }

    void reset() {
        waiting.clear();
        running.clear();
        completed.clear();
        preemptionCount = 0;
        recomputedTokens = 0;
        promptTokensDone = 0;
        outputTokensDone = 0;
    }

    /**
     * Forms the next batch into {@code b} at {@code nowNs}.
     *
     * @return whether the batch has anything to run
     */
    boolean form(Batch b, long nowNs) {
        b.clear();
        int budget = serveRunning(b, settings.maxNumBatchedTokens());
        if (budget != PREEMPTED) {
            admitWaiting(b, nowNs, budget);
        }
        kv.syncResidency();
        return !b.isEmpty();
    }

    /**
     * Phase A: the running queue, in order, preempting from its tail when KV runs out.
     *
     * @return the token budget left, or {@link #PREEMPTED} when something was preempted (phase B is
     *         then skipped)
     */
    private int serveRunning(Batch b, int budget) {
        final RequestTable t = rt;
        boolean preempted = false;
        int i = 0;
        while (i < running.size() && budget > 0) {
            int r = running.get(i);
            int numNew = cap(t.numTokens[r] - t.numComputed[r], budget);
            if (numNew <= 0) {
                i++;
                continue;
            }
            boolean scheduled = true;
            while (!kv.grow(r, t.numComputed[r] + numNew)) {
                int victim = running.removeLast();
                preempt(b, victim);
                preempted = true;
                if (victim == r) {
                    scheduled = false;
                    break;
                }
            }
            if (!scheduled) {
                break;
            }
            addToBatch(b, r, numNew);
            budget -= numNew;
            i++;
        }
        return preempted ? PREEMPTED : budget;
    }

    /** Phase B: admit waiting requests FCFS, never preempting to do so. */
    private void admitWaiting(Batch b, long nowNs, int budget) {
        final RequestTable t = rt;
        final SchedulerSettings s = settings;
        while (!waiting.isEmpty() && budget > 0 && (s.maxNumSeqs() == 0 || running.size() < s.maxNumSeqs())) {
            int r = waiting.first();
            boolean swappedIn = t.swappedTokens[r] != RequestTable.NOT_SWAPPED;
            int hits = !swappedIn && t.numComputed[r] == 0 ? kv.findPrefixHits(r) : 0;
            int lowerHits = !swappedIn && t.numComputed[r] == 0 ? kv.lowerHits() : 0;
            int computed = swappedIn ? t.swappedTokens[r] : (hits + lowerHits) * kv.blockSizeTokens();
            int numNew = t.numTokens[r] - computed;
            if (!s.chunkedPrefill() && numNew > budget) {
                break;
            }
            numNew = cap(numNew, budget);
            if (!kv.admit(r, hits, computed, numNew)) {
                break;
            }
            waiting.removeFirst();
            running.addLast(r);
            if (t.firstScheduledNs[r] == RequestTable.UNSET) {
                t.firstScheduledNs[r] = nowNs;
            }
            if (swappedIn) {
                b.swapInBytes += kv.swapIn(r);
            } else {
                if (t.generated[r] > 0 || t.preemptions[r] > 0) {
                    recomputedTokens += t.numTokens[r] - computed;
                }
                b.prefixLoadBytes += kv.countPrefixLookup(r, computed);
            }
            t.numComputed[r] = computed;
            addToBatch(b, r, numNew);
            budget -= numNew;
        }
    }

    /** New tokens of one request this iteration, capped by the long-prefill threshold and the budget. */
    private int cap(int numNew, int budget) {
        int threshold = settings.longPrefillTokenThreshold();
        if (threshold > 0 && numNew > threshold) {
            numNew = threshold;
        }
        return Math.min(numNew, budget);
    }

    private void addToBatch(Batch b, int r, int numNew) {
        b.add(r, numNew, rt.numComputed[r]);
        rt.numComputed[r] += numNew;
        kv.cacheFullBlocks(r);
    }

    private void preempt(Batch b, int r) {
        final RequestTable t = rt;
        b.swapOutBytes += kv.preempt(r);
        t.numComputed[r] = 0;
        t.preemptions[r]++;
        preemptionCount++;
        waiting.addFirst(r);
    }

    /**
     * Retires batch {@code b}, which just finished at {@code nowNs}: emits tokens, completes
     * requests. Calls {@code sink.completed(r, nowNs)} for each finished request, after its KV
     * is freed.
     */
    void retire(Batch b, long nowNs, CompletionSink sink) {
        final RequestTable t = rt;
        boolean anyDone = false;
        for (int k = 0; k < b.size(); k++) {
            int r = b.request(k);
            if (t.numComputed[r] < t.numTokens[r]) {
                continue; // a prefill chunk: no token yet
            }
            int g = t.generated[r]++;
            if (t.tokenTimeOffset[r] != RequestTable.NO_TOKEN_TIMES) {
                t.tokenTimes[t.tokenTimeOffset[r] + g] = nowNs;
            }
            if (g == 0) {
                t.firstTokenNs[r] = nowNs;
                promptTokensDone += t.promptTokens[r];
            }
            outputTokensDone++;
            sink.token(r, g, nowNs);
            if (g + 1 >= t.outputTokens[r]) {
                t.endNs[r] = nowNs;
                kv.release(r);
                anyDone = true;
            } else {
                t.numTokens[r]++;
            }
        }
        if (anyDone) {
            dropFinished(b, nowNs, sink);
        }
    }

    private void dropFinished(Batch b, long nowNs, CompletionSink sink) {
        final RequestTable t = rt;
        if (stillRunning.length < t.size) {
            stillRunning = new boolean[Math.max(t.size, stillRunning.length * 2)];
        }
        for (int k = 0; k < running.size(); k++) {
            int r = running.get(k);
            stillRunning[r] = t.endNs[r] == RequestTable.UNSET;
        }
        running.retainIf(stillRunning);
        kv.syncResidency();
        for (int k = 0; k < b.size(); k++) {
            int r = b.request(k);
            if (t.endNs[r] == nowNs && t.generated[r] == t.outputTokens[r]) {
                completed.addLast(r);
                sink.completed(r, nowNs);
            }
        }
    }

    /** Receives token and completion notices from {@link #retire}. */
    interface CompletionSink {
        void token(int request, int tokenIndex, long nowNs);

        void completed(int request, long nowNs);
    }
}
