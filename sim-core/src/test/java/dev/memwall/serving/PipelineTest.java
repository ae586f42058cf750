package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/** Pipeline parallelism: vLLM's stage cut, the activation hop per token, batches in flight. */
class PipelineTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cuts() {
        return Stream.of(
                Arguments.of(32, 4, new int[] {8, 8, 8, 8}),
                Arguments.of(32, 3, new int[] {11, 11, 10}),
                Arguments.of(30, 4, new int[] {7, 8, 8, 7}),
                Arguments.of(80, 3, new int[] {27, 27, 26}),
                Arguments.of(5, 5, new int[] {1, 1, 1, 1, 1}),
                Arguments.of(7, 1, new int[] {7}));
    }

    /** get_pp_indices: blocks / pp each, the remainder one each to stages -2, -3, ... */
    @ParameterizedTest(name = "{0} blocks over {1} stages")
    @MethodSource("cuts")
    void cutsBlocksAsVllmGetPpIndicesDoes(int blocks, int stages, int[] expected) {
        assertArrayEquals(expected, PipelineCut.blocksPerStage(blocks, stages));
    }

    private Path config(String hardware, int pp) throws IOException {
        Path file = dir.resolve("pp" + pp + ".json");
        Files.writeString(file, """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "nodes": [{"num_instances": 1,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [{"model_name": "meta-llama/Llama-3.1-8B", "hardware": "%s",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                     "tp_size": 1, "pp_size": %d, "pd_type": null}]}]}
                """.formatted(hardware, pp));
        return file;
    }

    private static SimulationOptions options(int maxTokens) {
        Path root = RepoPaths.root();
        return SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).maxNumBatchedTokens(maxTokens).keepTokenTimes(true).build();
    }

    private ClusterSimulation run(String hardware, int pp, FixedWorkload work, int maxTokens) throws IOException {
        ClusterSimulation sim = ClusterBuilder.build(ClusterConfigLoader.load(config(hardware, pp)),
                options(maxTokens), null).simulation();
        sim.run(work, "test");
        return sim;
    }

    @Test
    void everyTokenCrossesTheStageHopOnceOverNvLink() throws IOException {
        // One request: each token runs stage 0, crosses to stage 1 (its hidden state, 4,096 x 2
        // bytes, over the H100's NVLink port), runs stage 1. The stages' compute sums to the
        // unpipelined iteration, so every inter-token time grows by exactly the hop.
        HardwareSpec h100 = HardwareCatalog.load(RepoPaths.root().resolve("configs/hardware"), "H100", "test");
        long hopNs = h100.scaleUpLink().latencyNs() + Math.round(4096 * 2 / h100.scaleUpLink().bytesPerSec() * 1e9);
        ClusterSimulation one = run("H100", 1, FixedWorkload.burst(1, 128, 65), 2048);
        ClusterSimulation two = run("H100", 2, FixedWorkload.burst(1, 128, 65), 2048);
        RequestTable a = one.requests();
        RequestTable b = two.requests();
        // The prefill's hop carries all 128 prompt tokens' hidden states.
        long prefillHopNs = h100.scaleUpLink().latencyNs()
                + Math.round(128 * 4096 * 2 / h100.scaleUpLink().bytesPerSec() * 1e9);
        assertEquals(a.firstTokenNs(0) + prefillHopNs, b.firstTokenNs(0));
        for (int k = 1; k < 65; k++) {
            assertEquals(a.tokenTimeNs(0, k) - a.tokenTimeNs(0, k - 1) + hopNs,
                    b.tokenTimeNs(0, k) - b.tokenTimeNs(0, k - 1), "token " + k);
        }
        assertEquals(one.latency().tpot.meanNs() + hopNs, two.latency().tpot.meanNs(), 1.0);
    }

    @Test
    void withoutAScaleUpLinkTheHopTakesTwoPcieLegsThroughTheHost() throws IOException {
        HardwareSpec card = HardwareCatalog.load(RepoPaths.root().resolve("configs/hardware"), "RTXPRO6000", "test");
        // The prompt's 64 hidden states leave over stage 0's PCIe link and enter over stage 1's:
        // two DMA setups, the bytes streaming through both links at once.
        long hopNs = 2 * card.hostLink().latencyNs()
                + Math.round(64 * 4096 * 2 / card.hostLink().achievableBytesPerSec() * 1e9);
        ClusterSimulation one = run("RTXPRO6000", 1, FixedWorkload.burst(1, 64, 2), 2048);
        ClusterSimulation two = run("RTXPRO6000", 2, FixedWorkload.burst(1, 64, 2), 2048);
        assertEquals(one.requests().firstTokenNs(0) + hopNs, two.requests().firstTokenNs(0));
    }

    @Test
    void twoStagesKeepTwoBatchesInFlight() throws IOException {
        // One request is one batch in flight: its stages take turns, so their busy times (plus the
        // hops) fit in the run. Under a stream of arrivals whose prompts each fill the token
        // budget, stage 0 forms the next batch from newly arrived requests while stage 1 runs the
        // last one: the stages are busy at once most of the time, their busy times summing to
        // well over the run (two batches in flight would make it twice).
        ClusterSimulation one = run("H100", 2, FixedWorkload.burst(1, 256, 200), 256);
        long stagesBusyOne = 2 * one.instanceStats(0).busyNs();
        assertTrue(stagesBusyOne <= one.endTimeNs(), stagesBusyOne + " > " + one.endTimeNs());

        int n = 400;
        long[] arrivals = new long[n];
        int[] prompts = new int[n];
        int[] outputs = new int[n];
        for (int i = 0; i < n; i++) {
            arrivals[i] = i * 15_000_000L;
            prompts[i] = 256;
            outputs[i] = 8;
        }
        ClusterSimulation stream = run("H100", 2, new FixedWorkload(arrivals, prompts, outputs), 256);
        long stagesBusy = 2 * stream.instanceStats(0).busyNs();
        assertTrue(stagesBusy > 1.5 * stream.endTimeNs(), stagesBusy + " vs " + stream.endTimeNs());
        ClusterSimulation unpipelined = run("H100", 1, new FixedWorkload(arrivals, prompts, outputs), 256);
        assertTrue(unpipelined.instanceStats(0).busyNs() <= unpipelined.endTimeNs());
    }

    @Test
    void eachStageHoldsOnlyItsLayersWeightsSoThePoolGrows() throws IOException {
        ClusterBuilder.Built one = ClusterBuilder.build(ClusterConfigLoader.load(config("H100", 1)), options(2048), null);
        ClusterBuilder.Built two = ClusterBuilder.build(ClusterConfigLoader.load(config("H100", 2)), options(2048), null);
        long weights = one.instances().get(0).weightsHbmBytes();
        long stageWeights = two.instances().get(0).weightsHbmBytes();
        // Stage 0 holds the embedding and 16 blocks, stage 1 16 blocks, the final norm and lm_head.
        assertTrue(stageWeights < 0.6 * weights, stageWeights + " of " + weights);
        // Each stage holds half the layers' KV per block: about twice the blocks fit.
        assertTrue(two.instances().get(0).kvBlocks() > 1.9 * one.instances().get(0).kvBlocks());
        assertEquals(4, two.memory().count() - one.memory().count()); // a second stage: HBM, host link, two NVLink ports
    }

    @Test
    void refusesMoreStagesThanDecoderBlocks() throws IOException {
        Path cfg = dir.resolve("too-deep.json");
        Files.writeString(cfg, Files.readString(config("H100", 1)).replace("\"pp_size\": 1", "\"pp_size\": 33")
                .replace("\"tp_size\": 1", "\"tp_size\": 1, \"num_npus\": 33"));
        InputException e = assertThrows(InputException.class,
                () -> ClusterBuilder.build(ClusterConfigLoader.load(cfg), options(2048), null));
        assertEquals("too-deep.json: nodes[0].instances[0].pp_size: 33 pipeline stages but meta-llama/Llama-3.1-8B has"
                + " only 32 decoder blocks to cut (vLLM cuts stages on block boundaries; use pp_size <= 32)",
                e.getMessage());
    }
}
