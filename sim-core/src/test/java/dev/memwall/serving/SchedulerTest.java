package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.memory.KvBlockPool;
import dev.memwall.memory.MemorySystem;
import dev.memwall.workload.FixedWorkload;
import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.WorkloadReader;

/**
 * vLLM V1 scheduling semantics, on an iteration time fixed at 1 ms so every expectation can be
 * derived by hand (each derivation is written next to its assertion).
 */
class SchedulerTest {
    private static final long MS = 1_000_000L;

    /** Every iteration takes exactly 1 ms; records the batches it saw. */
    static final class FixedTime implements IterationTimeModel {
        final List<long[]> batches = new ArrayList<>();

        @Override
        public long iterationNs(BatchShape b) {
            batches.add(new long[] {b.sequences, b.scheduledTokens, b.prefillTokens, b.decodeSequences});
            return MS;
        }

        @Override
        public long layerTimes(BatchShape b, long[] layerNs) {
            return iterationNs(b);
        }

        @Override
        public double lastHbmBytes() {
            return 0;
        }
    }

    static SchedulerSettings settings(int maxSeqs, int budget, int threshold, boolean chunked, boolean prefix) {
        return new SchedulerSettings(maxSeqs, budget, threshold, chunked, prefix, true);
    }

    static ClusterSimulation cluster(SchedulerSettings s, int blocks, int blockSize, IterationTimeModel time,
            int instances, RoutingPolicy policy) {
        RequestTable table = new RequestTable(16);
        Instance[] in = new Instance[instances];
        for (int i = 0; i < instances; i++) {
            in[i] = Instance.detached(i, s, new KvBlockPool(blocks, blockSize), time, table);
        }
        return new ClusterSimulation(in, table, policy, 42, true, 0, null, new MemorySystem());
    }

    @Test
    void singleRequestEmitsItsFirstTokenAfterPrefillThenOnePerIteration() {
        ClusterSimulation sim = cluster(settings(128, 2048, 0, true, false), 100, 16, new FixedTime(), 1,
                RoutingPolicy.LOAD);
        sim.run(FixedWorkload.burst(1, 10, 5), "test");
        RequestTable t = sim.requests();
        // Prefill of 10 tokens ends at 1 ms with token 1; tokens 2..5 at 2..5 ms.
        assertEquals(1 * MS, t.firstTokenNs(0));
        assertEquals(5 * MS, t.endNs(0));
        for (int k = 0; k < 5; k++) {
            assertEquals((k + 1) * MS, t.tokenTimeNs(0, k));
        }
        assertEquals(1 * MS, sim.latency().tpot.maxNs()); // (5 - 1) / (5 - 1)
        assertEquals(4, sim.latency().itl.count());
    }

    @Test
    void chunkedPrefillSplitsAPromptByTheTokenBudget() {
        FixedTime time = new FixedTime();
        ClusterSimulation sim = cluster(settings(128, 8, 0, true, false), 100, 4, time, 1, RoutingPolicy.LOAD);
        sim.run(FixedWorkload.burst(1, 20, 2), "test");
        // 20 prompt tokens at 8 per iteration: 8, 8, 4 -> first token at 3 ms, second at 4 ms.
        assertEquals(3 * MS, sim.requests().firstTokenNs(0));
        assertEquals(4 * MS, sim.requests().endNs(0));
        assertEquals(8, time.batches.get(0)[1]);
        assertEquals(8, time.batches.get(1)[1]);
        assertEquals(4, time.batches.get(2)[1]);
    }

    @Test
    void withoutChunkedPrefillAPromptLargerThanTheBudgetBlocksTheQueue() {
        ClusterSimulation sim = cluster(settings(128, 8, 0, false, false), 100, 4, new FixedTime(), 1,
                RoutingPolicy.LOAD);
        sim.run(FixedWorkload.burst(2, 20, 2), "test");
        // Nothing can ever be admitted: the run ends with both requests waiting, none complete.
        assertEquals(0, sim.completedRequests());
        assertEquals(2, sim.instanceStats(0).waiting());
    }

    @Test
    void longPrefillThresholdCapsTokensPerRequestPerIteration() {
        FixedTime time = new FixedTime();
        ClusterSimulation sim = cluster(settings(128, 2048, 6, true, false), 100, 4, time, 1, RoutingPolicy.LOAD);
        sim.run(FixedWorkload.burst(1, 15, 1), "test");
        // 15 tokens at most 6 per iteration: 6, 6, 3 -> the only token at 3 ms.
        assertEquals(3 * MS, sim.requests().endNs(0));
        assertEquals(6, time.batches.get(0)[1]);
    }

    @Test
    void maxNumSeqsLimitsTheRunningBatch() {
        FixedTime time = new FixedTime();
        ClusterSimulation sim = cluster(settings(2, 2048, 0, true, false), 100, 16, time, 1, RoutingPolicy.LOAD);
        sim.run(FixedWorkload.burst(5, 4, 3), "test");
        for (long[] b : time.batches) {
            assertTrue(b[0] <= 2, "batch of " + b[0] + " sequences");
        }
        // Pairs of requests run 3 iterations each: ends at 3, 3, 6, 6, 9 ms.
        assertEquals(9 * MS, sim.endTimeNs());
        assertEquals(5, sim.completedRequests());
    }

    @Test
    void preemptsFromTheRunningTailAndRecomputesOnResume() {
        // 4 blocks of 4 tokens. A and B: 4 prompt + 8 output tokens (3 blocks each at the end).
        ClusterSimulation sim = cluster(settings(128, 2048, 0, true, false), 4, 4, new FixedTime(), 1,
                RoutingPolicy.LOAD);
        sim.run(FixedWorkload.burst(2, 4, 8), "test");
        RequestTable t = sim.requests();
        // Both prefill at 0-1 ms and decode together holding 2 blocks each until token 5 (5 ms),
        // when A needs a 3rd block: B (the tail) is preempted. A finishes tokens 6..8 at 6..8 ms.
        assertEquals(8 * MS, t.endNs(0));
        assertEquals(0, t.preemptions(0));
        assertEquals(1, t.preemptions(1));
        // B waits until A frees its blocks at 8 ms (reserve_full_isl needs 3 free blocks for its 9
        // known tokens), recomputes 9 tokens by 9 ms emitting token 6, then tokens 7, 8.
        assertEquals(11 * MS, t.endNs(1));
        assertEquals(1 * MS, t.firstTokenNs(1) - t.arrivalNs(1));
        assertEquals(1, sim.instanceStats(0).preemptions());
    }

    @Test
    void roundRobinAlternatesInstances() {
        ClusterSimulation sim = cluster(settings(128, 2048, 0, true, false), 100, 16, new FixedTime(), 2,
                RoutingPolicy.RR);
        sim.run(FixedWorkload.burst(4, 4, 2), "test");
        assertEquals(0, sim.requests().instance(0));
        assertEquals(1, sim.requests().instance(1));
        assertEquals(0, sim.requests().instance(2));
        assertEquals(1, sim.requests().instance(3));
    }

    @Test
    void loadRoutingPrefersTheInstanceWithFewerWaitingAndRunning() {
        // Two arrivals 0.5 ms apart: the first makes instance 0 busy (1 running); LOAD then picks 1.
        // A third, at 0.7 ms, finds both at score 1/128 and breaks the tie round-robin from the
        // rotating start index, which has advanced twice, so it lands on instance 0.
        ClusterSimulation sim = cluster(settings(128, 2048, 0, true, false), 100, 16, new FixedTime(), 2,
                RoutingPolicy.LOAD);
        sim.run(new FixedWorkload(new long[] {0, MS / 2, 7 * MS / 10}, new int[] {4, 4, 4}, new int[] {5, 5, 5}),
                "test");
        assertEquals(0, sim.requests().instance(0));
        assertEquals(1, sim.requests().instance(1));
        assertEquals(0, sim.requests().instance(2));
    }

    @Test
    void prefixCachingSkipsFullBlocksAlreadyComputed() {
        // Two requests with the same 40-token prompt (ids 1..40), block size 16: the second,
        // arriving after the first finished, hits 2 full blocks (32 tokens) and computes 8.
        FixedTime time = new FixedTime();
        ClusterSimulation sim = cluster(settings(128, 2048, 0, true, true), 100, 16, time, 1, RoutingPolicy.LOAD);
        int[] ids = new int[40];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        sim.run(new IdsWorkload(new long[] {0, 10 * MS}, ids, 2), "test");
        assertEquals(40, time.batches.get(0)[1]);
        long[] secondPrefill = time.batches.get(2);
        assertEquals(8, secondPrefill[1]);
        assertEquals(32, sim.instanceStats(0).prefixHitTokens());
        assertEquals(80, sim.instanceStats(0).prefixQueriedTokens());
    }

    @Test
    void agenticSubRequestIsReleasedItsToolTimeAfterThePreviousCompletes() {
        ClusterSimulation sim = cluster(settings(128, 2048, 0, true, false), 100, 16, new FixedTime(), 1,
                RoutingPolicy.LOAD);
        WorkloadReader session = new WorkloadReader() {
            private boolean done;

            @Override
            public boolean next(TraceEntry e) {
                if (done) {
                    return false;
                }
                done = true;
                e.arrivalNs = 0;
                e.sessionId = "s1";
                e.subRequests = 2;
                e.inputTokens[0] = 4;
                e.outputTokens[0] = 2;
                e.toolDurationNs[0] = 5 * MS;
                e.ensureSubRequests(2);
                e.inputTokens[1] = 4;
                e.outputTokens[1] = 2;
                e.toolDurationNs[1] = 0;
                return true;
            }

            @Override
            public void close() {
            }
        };
        sim.run(session, "session");
        RequestTable t = sim.requests();
        // Sub-request 0: tokens at 1 and 2 ms. Sub-request 1 is released at 2 + 5 = 7 ms,
        // prefills by 8 ms and ends at 9 ms; its TTFT is measured from its release.
        assertEquals(2, t.size());
        assertEquals(2 * MS, t.endNs(0));
        assertEquals(7 * MS, t.arrivalNs(1));
        assertEquals(9 * MS, t.endNs(1));
        assertEquals(2, sim.completedRequests());
    }

    /** Requests with the same prompt ids and {@code output} output tokens, at the given times. */
    static final class IdsWorkload implements WorkloadReader {
        private final long[] arrivals;
        private final int[] ids;
        private final int output;
        private int next;

        IdsWorkload(long[] arrivals, int[] ids, int output) {
            this.arrivals = arrivals;
            this.ids = ids;
            this.output = output;
        }

        @Override
        public boolean next(TraceEntry e) {
            if (next == arrivals.length) {
                return false;
            }
            e.arrivalNs = arrivals[next++];
            e.subRequests = 1;
            e.inputTokens[0] = ids.length;
            e.outputTokens[0] = output;
            e.inputTokenIds[0] = ids;
            e.inputTokenIdCount[0] = ids.length;
            e.outputTokenIds[0] = new int[] {900, 901};
            e.outputTokenIdCount[0] = output;
            return true;
        }

        @Override
        public void close() {
        }
    }
}
