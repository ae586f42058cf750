package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.config.FaultSpec;
import dev.memwall.faults.Faults;
import dev.memwall.result.Metric;
import dev.memwall.result.RunReduction;
import dev.memwall.result.RunResult;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.Traces;
import dev.memwall.workload.WorkloadReader;

/**
 * Faults against what the cluster held when they struck: a CXL device holding an instance's KV
 * cache, a device that comes back, a GPU lost with nowhere else to go. Every request of the trace
 * ends completed or failed.
 */
class FaultRecoveryTest {
    private static final Path CHAT = RepoPaths.root().resolve("workloads/example-poisson-200.jsonl");
    private static final long AT = 10_000_000_000L;
    private static final String KV_ON_CXL0 = "{\"default\": {\"kv_loc\": \"cxl:0\"}}";
    private static final String KV_ON_CXL1 = "{\"default\": {\"kv_loc\": \"cxl:1\"}}";

    /** H100 instances of Llama-3.1-8B, instance 0 placed by {@code placement0} (its KV or weights on cxl:0). */
    private ClusterConfig config;

    private ClusterBuilder.Built build(String placement0, int instances, String... faults) throws Exception {
        return build(placement0, "{\"default\": {\"weights\": \"npu\"}}", instances, faults);
    }

    /** As above, instance 1 (and any later one) placed by {@code placement1}. */
    private ClusterBuilder.Built build(String placement0, String placement1, int instances, String... faults)
            throws Exception {
        StringBuilder inst = new StringBuilder();
        for (int i = 0; i < instances; i++) {
            inst.append(i == 0 ? "" : ",").append("""
                    {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "num_npus": 1, "tp_size": 1,
                     "pd_type": null, "placement": %s}""".formatted(i == 0 ? placement0 : placement1));
        }
        String json = """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 256, "mem_bw": 64, "mem_latency": 250, "num_devices": 2},
                 "nodes": [{"num_instances": %d, "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [%s]}]}""".formatted(instances, inst);
        ClusterConfig c = ClusterConfigLoader.load(new ObjectMapper().readTree(json), "c.json");
        config = c;
        List<FaultSpec> specs = new ArrayList<>();
        for (String f : faults) {
            specs.add(FaultSpec.parse(f, "test"));
        }
        SimulationOptions o = SimulationOptions.defaults()
                .withModelsAndHardware(RepoPaths.models(), RepoPaths.hardware()).toBuilder().faults(specs).build();
        return ClusterBuilder.build(c, o, null);
    }

    private static RunResult run(ClusterBuilder.Built built) {
        try (WorkloadReader r = Traces.open(CHAT, null, 0)) {
            built.simulation().run(r, "chat");
        }
        return RunReduction.reduce(built, 0);
    }

    /** Records, just before the fault at {@link #AT}, the requests holding KV blocks on instance 0. */
    private static List<Integer> probeHolders(ClusterBuilder.Built built) {
        List<Integer> holders = new ArrayList<>();
        ClusterSimulation sim = built.simulation();
        int kind = sim.loop().register("probe", false, (now, arg) -> {
            holders.clear();
            Scheduler s = sim.instance(0).scheduler;
            for (int k = 0; k < s.running.size(); k++) {
                int r = s.running.get(k);
                if (sim.requests().blocksHeld[r] > 0) {
                    holders.add(r);
                }
            }
        });
        sim.faults().schedule(AT, kind, 0);
        return holders;
    }

    @Test
    void losingTheDeviceThatHoldsAnInstancesKvRecomputesEveryRequestThatHadBlocksThere() throws Exception {
        ClusterBuilder.Built built = build(KV_ON_CXL0, KV_ON_CXL1, 2, "cxl:0@10-15");
        List<Integer> holders = probeHolders(built);
        Faults.install(built, config);
        RunResult r = run(built);
        assertTrue(holders.size() >= 2, "requests with KV on cxl:0 at the fault: " + holders);
        var f = r.faults().get(0);
        assertEquals(holders.size(), f.recomputed());
        for (int q : holders) {
            assertTrue(built.simulation().requests().preemptions(q) >= 1, "request " + q + " was not recomputed");
        }
        assertTrue(f.requestsAffected() >= holders.size());
        assertEquals(0, f.failed());
        assertTrue(f.recoverySeconds() >= 5, "recovered before the device was back: " + f.recoverySeconds());
        assertEquals(r.count(Metric.REQUESTS), r.count(Metric.COMPLETED) + r.count(Metric.FAILED));
        assertEquals(200, r.count(Metric.COMPLETED));
    }

    /**
     * One instance streaming all its weights from cxl:0 (64 GB/s, reached over the H100's
     * 55 GB/s host link), host DRAM at 20 GB/s as its placement's fallback. A decode step streams
     * the 16.06e9 bytes of Llama-3.1-8B's weights: 16.06e9 / 55e9 = 0.29 s before the loss, and
     * 16.06e9 / 20e9 = 0.80 s after it, from host DRAM; a request's tokens come one step apart.
     * (The compute and per-step overheads add a few ms: 5 % tolerance.)
     */
    private ClusterBuilder.Built weightsOnCxlWithSlowHostFallback(String fallback, String fault) throws Exception {
        String json = """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 256, "mem_bw": 64, "mem_latency": 250, "num_devices": 2},
                 "nodes": [{"num_instances": 1, "cpu_mem": {"mem_size": 512, "mem_bw": 20, "mem_latency": 115},
                   "instances": [{"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "num_npus": 1, "tp_size": 1,
                     "pd_type": null, "placement": {"default": {"weights": "cxl:0"}%s}}]}]}"""
                .formatted(fallback == null ? "" : ", \"fallback\": \"" + fallback + "\"");
        config = ClusterConfigLoader.load(new ObjectMapper().readTree(json), "c.json");
        SimulationOptions o = SimulationOptions.defaults().withModelsAndHardware(RepoPaths.models(),
                RepoPaths.hardware()).toBuilder().keepTokenTimes(true).faults(List.of(FaultSpec.parse(fault, "test")))
                .build();
        return ClusterBuilder.build(config, o, null);
    }

    @Test
    void aDeviceLostForGoodWithAFallbackKeepsItsInstanceServingAtTheFallbacksSpeed() throws Exception {
        ClusterBuilder.Built built = weightsOnCxlWithSlowHostFallback("cpu", "cxl:0@10");
        Faults.install(built, config);
        RunResult r = run(built);

        var f = r.faults().get(0);
        assertEquals(0, f.failed());
        assertEquals(0, f.recomputed());
        assertTrue(f.requestsAffected() > 0);
        assertEquals(200, r.count(Metric.COMPLETED), "nothing is lost: the instance serves on");
        RequestTable t = built.simulation().requests();
        double before = meanTokenGapSeconds(t, 0, AT);
        double after = meanTokenGapSeconds(t, AT, Long.MAX_VALUE);
        assertEquals(16.06e9 / 55e9, before, 0.05 * 16.06e9 / 55e9, "streamed over the host link from cxl:0");
        assertEquals(16.06e9 / 20e9, after, 0.05 * 16.06e9 / 20e9, "streamed from host DRAM at 20 GB/s");
    }

    @Test
    void theFallbacksCopyOfTheWeightsTakesItsRoomOnTheFallbackDevice() throws Exception {
        dev.memwall.memory.MemorySystem with = weightsOnCxlWithSlowHostFallback("cpu", "cxl:0@10").memory();
        dev.memwall.memory.MemorySystem without = weightsOnCxlWithSlowHostFallback(null, "cxl:0@10").memory();
        int host = deviceOfKind(with, dev.memwall.memory.MemorySystem.Kind.HOST_DRAM);
        int card = deviceOfKind(with, dev.memwall.memory.MemorySystem.Kind.CXL);
        assertTrue(with.reservedBytes(card) > 15e9, "the weights sit on cxl:0: " + with.reservedBytes(card));
        assertEquals(with.reservedBytes(card), with.reservedBytes(host) - without.reservedBytes(host), 1.0,
                "host DRAM holds a copy as large as what cxl:0 holds");
    }

    private static int deviceOfKind(dev.memwall.memory.MemorySystem m, dev.memwall.memory.MemorySystem.Kind kind) {
        for (int d = 0; d < m.count(); d++) {
            if (m.kind(d) == kind) {
                return d;
            }
        }
        throw new AssertionError("no " + kind + " device");
    }

    @Test
    void aDeviceLostForGoodWithoutAFallbackTakesItsOnlyInstanceWithIt() throws Exception {
        ClusterBuilder.Built built = weightsOnCxlWithSlowHostFallback(null, "cxl:0@10");
        Faults.install(built, config);
        RunResult r = run(built);
        assertTrue(r.count(Metric.FAILED) > 0, "no fallback: the instance is gone and its requests fail");
        assertEquals(r.count(Metric.REQUESTS), r.count(Metric.COMPLETED) + r.count(Metric.FAILED));
    }

    /** Mean time (s) between a request's consecutive tokens, over the pairs both within [fromNs, toNs). */
    private static double meanTokenGapSeconds(RequestTable t, long fromNs, long toNs) {
        double sum = 0;
        int n = 0;
        for (int r = 0; r < t.size(); r++) {
            int off = t.tokenTimeOffset[r];
            for (int g = 1; g < t.generated[r]; g++) {
                long a = t.tokenTimes[off + g - 1];
                long b = t.tokenTimes[off + g];
                if (a >= fromNs && b < toNs) {
                    sum += (b - a) / 1e9;
                    n++;
                }
            }
        }
        assertTrue(n >= 20, "token gaps in the window: " + n);
        return sum / n;
    }

    @Test
    void aDeviceLostForGoodSendsItsInstancesRequestsToTheOtherWhichRecomputesThem() throws Exception {
        ClusterBuilder.Built built = build(KV_ON_CXL0, KV_ON_CXL1, 2, "cxl:0@10");
        List<Integer> holders = probeHolders(built);
        Faults.install(built, config);
        RunResult r = run(built);
        var f = r.faults().get(0);
        assertEquals(holders.size(), f.recomputed());
        for (int q : holders) {
            assertEquals(1, built.simulation().requests().instance(q), "request " + q + " stayed on the lost one");
        }
        assertEquals(200, r.count(Metric.COMPLETED));
        assertEquals(0, r.count(Metric.FAILED));
        assertTrue(f.recoverySeconds() >= 0 && f.recoverySeconds() < 5, "" + f.recoverySeconds());
    }

    @Test
    void aLostGpuWithNoOtherInstanceFailsItsRequestsAndEveryLaterOne() throws Exception {
        ClusterBuilder.Built built = build("{\"default\": {\"weights\": \"npu\"}}", 1, "instance:0@10");
        Faults.install(built, config);
        RunResult r = run(built);
        long completed = r.count(Metric.COMPLETED);
        long failed = r.count(Metric.FAILED);
        assertTrue(completed > 0 && failed > 0, completed + " completed, " + failed + " failed");
        assertEquals(200, completed + failed);
        assertEquals(failed, r.faults().get(0).failed());
        assertTrue(Double.isNaN(r.faults().get(0).recoverySeconds()));
    }

    private static long sum(long[] w, int from, int to) {
        long n = 0;
        for (int k = from; k < to; k++) {
            n += w[k];
        }
        return n;
    }

    @Test
    void aDeviceThatComesBackRestoresThroughput() throws Exception {
        ClusterBuilder.Built built = build("{\"default\": {\"weights\": \"cxl:0\"}}", 1, "cxl:0@10-20");
        Faults.install(built, config);
        long[] window = new long[60];
        ClusterSimulation sim = built.simulation();
        run(built);
        RequestTable t = sim.requests();
        for (int r = 0; r < t.size(); r++) {
            if (t.firstTokenNs(r) >= 0) {
                window[(int) Math.min(window.length - 1, t.firstTokenNs(r) / 1_000_000_000L)]++;
            }
        }
        // First tokens per second: steady before the unplug (0-10 s), none while cxl:0 is out (after
        // the batch in flight at 10 s ends, 11-20 s), the backlog drained after (20-30 s) at least as fast.
        long before = sum(window, 0, 10);
        long during = sum(window, 11, 20);
        long after = sum(window, 20, 30);
        assertTrue(before > 10, "before " + before);
        assertEquals(0, during, "during");
        assertTrue(after >= before, "after " + after + " vs before " + before);
    }
}
