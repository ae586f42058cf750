package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.WorkloadReader;

/** The second prefix-cache tier and Mooncake block ids, on Llama-3.1-8B on one H100. */
class PrefixTierTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private ClusterBuilder.Built build(PrefixStorage storage, double util) throws IOException {
        Path config = dir.resolve("cluster.json");
        Files.writeString(config, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 256, "mem_bw": 60, "mem_latency": 250, "num_devices": 1},
                 "nodes": [{"num_instances": 1,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [{"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                     "num_npus": 1, "tp_size": 1, "pd_type": null}]}]}
                """);
        SimulationOptions options = SimulationOptions.defaults().toBuilder()
                .modelsDir(RepoPaths.root().resolve("configs/models"))
                .hardwareDir(RepoPaths.root().resolve("configs/hardware"))
                .npuMemoryUtilization(util).prefixStorage(storage).build();
        return ClusterBuilder.build(ClusterConfigLoader.load(config), options, null);
    }

    /**
     * Request 0 (prompt ids 1..2048), then 12 requests of other prompts that flush it out of a
     * small HBM pool, then request 0's prompt again, after everything else finished.
     */
    private static WorkloadReader flushThenRepeat() {
        return new WorkloadReader() {
            private int next;

            @Override
            public boolean next(TraceEntry e) {
                if (next > 13) {
                    return false;
                }
                int k = next++;
                int base = k == 0 || k == 13 ? 0 : 100_000 * k;
                e.arrivalNs = k == 0 ? 0 : k == 13 ? 60_000 * MS : MS * (1000 + k);
                e.subRequests = 1;
                e.inputTokens[0] = 2048;
                e.outputTokens[0] = 4;
                int[] ids = new int[2048];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = base + i + 1;
                }
                e.inputTokenIds[0] = ids;
                e.inputTokenIdCount[0] = ids.length;
                e.outputTokenIdCount[0] = 0;
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aPrefixEvictedToHostMemoryIsLoadedBackFasterThanItIsRecomputed() throws IOException {
        // util 0.205: (80 GiB x 0.205 - 16.06 GB) / 2 MiB blocks = ~1,140 blocks, ~18k tokens:
        // the 12 flushing prompts (24.6k tokens) push request 0's 128 blocks out of HBM.
        ClusterBuilder.Built without = build(PrefixStorage.NONE, 0.205);
        ClusterBuilder.Built with = build(PrefixStorage.CPU, 0.205);
        without.simulation().run(flushThenRepeat(), "test");
        with.simulation().run(flushThenRepeat(), "test");

        InstanceStats w = with.simulation().instanceStats(0);
        // The repeat finds 2047 / 16 = 127 full blocks below HBM (the last token is recomputed).
        assertEquals(127 * 16, w.prefixLowerHitTokens());
        assertEquals(0, without.simulation().instanceStats(0).prefixLowerHitTokens());
        long ttftWith = with.simulation().requests().firstTokenNs(13) - with.simulation().requests().arrivalNs(13);
        long ttftWithout = without.simulation().requests().firstTokenNs(13)
                - without.simulation().requests().arrivalNs(13);
        // Loading 2,032 tokens x 128 KiB = 266 MB over the 55 GB/s link takes ~4.8 ms, then one
        // iteration computes the last token (~8 ms, a decode-sized step); recomputing a 2,048-token
        // prefill takes ~40 ms on the roofline.
        assertTrue(ttftWith < ttftWithout / 2, ttftWith + " ns with the tier vs " + ttftWithout + " ns without");
        int cpu = -1;
        for (int d = 0; d < with.memory().count(); d++) {
            if (with.memory().name(d).equals("node0.cpu_mem")) {
                cpu = d;
            }
        }
        assertEquals(127 * 16 * 131_072.0, with.memory().bytesTransferred(cpu), 1.0);
        assertTrue(with.memory().peakUsedBytes(cpu) > 0, "the tier's blocks occupy host memory");
    }

    @Test
    void mooncakeHashIdsMakeRequestsWithTheSamePrefixBlocksHit() throws IOException {
        ClusterBuilder.Built built = build(PrefixStorage.NONE, 0.9);
        WorkloadReader mooncake = new WorkloadReader() {
            private int next;

            @Override
            public boolean next(TraceEntry e) {
                if (next == 2) {
                    return false;
                }
                int k = next++;
                e.arrivalNs = k * 10_000 * MS;
                e.subRequests = 1;
                e.inputTokens[0] = 1100;
                e.outputTokens[0] = 2;
                // Both share their first two 512-token blocks; the third differs.
                e.hashIds = new long[] {7, 8, k == 0 ? 9 : 10};
                e.hashIdCount = 3;
                e.hashBlockTokens = 512;
                return true;
            }

            @Override
            public void close() {
            }
        };
        built.simulation().run(mooncake, "mooncake");
        // The second request hits the 1,024 tokens of the shared ids: 64 blocks of 16.
        assertEquals(1024, built.simulation().instanceStats(0).prefixHitTokens());
    }
}
