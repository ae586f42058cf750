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
    final InstanceRole role;
    /** The instance this scheduler serves (a prefill instance stamps it on the requests it hands off). */
    int instanceId;
    private final RequestTable rt;
    private final KvCacheManager kv;

    final IntRing waiting = new IntRing(256);
    final IntRing running = new IntRing(256);
    /**
     * Requests handed over by a prefill instance with their KV already in blocks here, waiting
     * only for a running slot: they join the running queue ahead of anything waiting, so that a
     * preempted request at the head of the waiting queue can never be starved by the blocks they
     * hold.
     */
    final IntRing arrivedWithKv = new IntRing(64);
    private boolean[] stillRunning = new boolean[256];
    /** The steady decodes at the head of {@link #running}, advanced a batch at a time. */
    final DecodeCohort cohort;

    long preemptionCount;
    long recomputedTokens;
    long promptTokensDone;
    long outputTokensDone;

    Scheduler(SchedulerSettings settings, RequestTable rt, KvCacheManager kv) {
        this(settings, InstanceRole.COLOCATED, rt, kv);
    }

    Scheduler(SchedulerSettings settings, InstanceRole role, RequestTable rt, KvCacheManager kv) {
        this.settings = settings;
        this.role = role;
        this.rt = rt;
        this.kv = kv;
        this.cohort = new DecodeCohort(rt, kv, running);
    }

    void reset() {
        waiting.clear();
        running.clear();
        arrivedWithKv.clear();
        cohort.reset();
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
        while (!arrivedWithKv.isEmpty() && (settings.maxNumSeqs() == 0 || running.size() < settings.maxNumSeqs())) {
            running.addLast(arrivedWithKv.removeFirst());
        }
        int budget = settings.maxNumBatchedTokens();
        int first = 0;
        if (cohort.size() > 0) {
            if (cohortFits(budget)) {
                cohort.serve(b);
                first = cohort.size();
                budget -= first;
            } else {
                cohort.dissolve();
            }
        }
        budget = serveRunning(b, nowNs, budget, first);
        if (budget != PREEMPTED) {
            admitWaiting(b, nowNs, budget);
        }
        kv.syncResidency();
        return !b.isEmpty();
    }

    /**
     * Whether phase A can serve the cohort a batch at a time: its decodes fit the token budget, and
     * the blocks its members and everyone after them could take this iteration are free, so that
     * nothing is preempted (else the cohort is dissolved and served token by token).
     */
    private boolean cohortFits(int budget) {
        final RequestTable t = rt;
        int n = cohort.size();
        if (n > budget) {
            return false;
        }
        long blocks = cohort.blocksNeededNow();
        int left = budget - n;
        for (int i = n; i < running.size() && left > 0; i++) {
            int r = running.get(i);
            int numNew = cap(t.numTokens[r] - t.numComputed[r], left);
            if (numNew > 0) {
                blocks += kv.blocksToGrow(r, t.numComputed[r] + numNew);
            }
        }
        return blocks <= kv.pool.numFreeBlocks();
    }

    /**
     * Phase A: the running queue from {@code first} on (those before are the cohort, served), in
     * order, preempting from its tail when KV runs out.
     *
     * @return the token budget left, or {@link #PREEMPTED} when something was preempted (phase B is
     *         then skipped)
     */
    private int serveRunning(Batch b, long nowNs, int budget, int first) {
        final RequestTable t = rt;
        boolean preempted = false;
        int i = first;
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
            addToBatch(b, r, numNew, nowNs);
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
            boolean handedOver = t.kvReadyTokens[r] != RequestTable.NO_KV;
            boolean lookup = !swappedIn && !handedOver && t.numComputed[r] == 0;
            int hits = lookup ? kv.findPrefixHits(r) : 0;
            int lowerHits = lookup ? kv.lowerHits() : 0;
            int computed = swappedIn ? t.swappedTokens[r]
                    : handedOver ? t.kvReadyTokens[r] : (hits + lowerHits) * kv.blockSizeTokens();
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
            } else if (handedOver) {
                t.kvReadyTokens[r] = RequestTable.NO_KV;
            } else {
                if (t.generated[r] > 0 || t.preemptions[r] > 0) {
                    recomputedTokens += t.numTokens[r] - computed;
                }
                b.prefixLoadBytes += kv.countPrefixLookup(r, computed);
            }
            t.numComputed[r] = computed;
            addToBatch(b, r, numNew, nowNs);
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

    private void addToBatch(Batch b, int r, int numNew, long nowNs) {
        final RequestTable t = rt;
        b.add(r, numNew, t.numComputed[r], t.promptTokens[r]);
        t.numComputed[r] += numNew;
        if (t.numComputed[r] >= t.promptTokens[r] && t.lastChunkScheduledNs[r] == RequestTable.UNSET) {
            t.lastChunkScheduledNs[r] = nowNs;
        }
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
        if (b.steadyDecodes() > 0) {
            outputTokensDone += b.steadyDecodes();
            anyDone = cohort.retire(nowNs, sink);
        }
        for (int k = 0; k < b.size(); k++) {
            int r = b.request(k);
            if (t.numComputed[r] < t.numTokens[r]) {
                continue; // a prefill chunk: no token yet
            }
            if (role == InstanceRole.PREFILL && t.generated[r] == 0 && t.outputTokens[r] > 1) {
                // Prompt done: the request leaves, with its KV, for a decode instance.
                t.prefilledOn[r] = instanceId;
                promptTokensDone += t.promptTokens[r];
                anyDone = true;
                continue;
            }
            int g = emitToken(r, nowNs, sink);
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
        cohort.admitSteady(nowNs);
    }

    private void dropFinished(Batch b, long nowNs, CompletionSink sink) {
        final RequestTable t = rt;
        if (stillRunning.length < t.size) {
            stillRunning = new boolean[Math.max(t.size, stillRunning.length * 2)];
        }
        for (int k = 0; k < running.size(); k++) {
            int r = running.get(k);
            stillRunning[r] = t.endNs[r] == RequestTable.UNSET && !leaving(r);
        }
        running.retainIf(stillRunning);
        cohort.afterDrop();
        kv.syncResidency();
        cohort.reportFinished(nowNs, sink);
        for (int k = 0; k < b.size(); k++) {
            int r = b.request(k);
            if (t.endNs[r] == nowNs && t.generated[r] == t.outputTokens[r]) {
                sink.completed(r, nowNs);
            } else if (leaving(r)) {
                sink.prefilled(r, nowNs);
            }
        }
    }

    /** Emits request {@code r}'s next token at {@code nowNs}; returns its index (0 = first). */
    private int emitToken(int r, long nowNs, CompletionSink sink) {
        final RequestTable t = rt;
        int g = t.generated[r]++;
        if (t.tokenTimeOffset[r] != RequestTable.NO_TOKEN_TIMES) {
            t.tokenTimes[t.tokenTimeOffset[r] + g] = nowNs;
        }
        if (g == 0) {
            t.firstTokenNs[r] = nowNs;
            if (t.prefilledOn[r] == RequestTable.NOT_ROUTED) {
                promptTokensDone += t.promptTokens[r];
            }
        }
        outputTokensDone++;
        sink.token(r, g, nowNs);
        return g;
    }

    /**
     * Takes request {@code r}, whose prompt a prefill instance computed and whose KV is now here
     * (P/D hand-off): its first token is out at {@code nowNs}. With {@code kvInBlocks} (memwall's
     * physics: the KV landed in blocks reserved for it) it joins the running queue as soon as there
     * is a slot; otherwise (LLMServingSim's model) it waits, to be given blocks for its prompt's KV
     * when admitted.
     */
    void acceptHandedOver(int r, long nowNs, CompletionSink sink, boolean kvInBlocks) {
        final RequestTable t = rt;
        emitToken(r, nowNs, sink);
        t.numTokens[r]++;
        if (kvInBlocks) {
            arrivedWithKv.addLast(r);
            return;
        }
        t.kvReadyTokens[r] = t.numComputed[r];
        t.numComputed[r] = 0;
        waiting.addLast(r);
    }

    /** Whether {@code r}, prefilled here, is leaving for a decode instance. */
    private boolean leaving(int r) {
        return rt.prefilledOn[r] == instanceId && rt.generated[r] == 0 && role == InstanceRole.PREFILL;
    }

    /** Receives token and completion notices from {@link #retire}. */
    interface CompletionSink {
        void token(int request, int tokenIndex, long nowNs);

        /**
         * {@code count} requests of the decode cohort each emitted a token (not their first)
         * {@code interTokenNs} after their last.
         */
        void steadyTokens(long interTokenNs, int count);

        void completed(int request, long nowNs);

        /** A prefill instance computed {@code request}'s prompt: it leaves for a decode instance. */
        void prefilled(int request, long nowNs);
    }
}
