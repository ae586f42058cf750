package dev.memwall.hardware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.input.InputException;
import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelShape;
import dev.memwall.testing.RepoPaths;

/**
 * The roofline against numbers derived by hand from round constants: an H100 (3.35 TB/s, 989
 * TFLOPS, 132 SMs) whose efficiencies are 0.8 (memory), 0.5 (compute), 128x128 GEMM tiles, 5 us
 * per kernel, elementwise and activation at spec bandwidth, attention 10 us fixed, prefill at 0.5
 * of peak and 0.5 of bandwidth, pure-decode KV at 0.8 and 100 ns per sequence, mixed decodes at
 * 0.01 of peak and 300 ns per sequence.
 */
class RooflineTimeModelTest {
    private static final Path ROOT = RepoPaths.root();
    private static final double BW = 3.35e12;
    private static final double PEAK = 989e12;
    private static final RooflineConstants ROUND = new RooflineConstants(0.8, 0.5, 128, 128, 5_000, 1.0, 1.0,
            10_000, 0.5, 0.5, 0.8, 100, 0.01, 300);
    private static final EngineProfile NO_ENGINE = new EngineProfile("none", "", "2025-01", 0, 0, 0, 0);

    private static ModelShape llama8b(int tp) {
        return ModelShape.of(ModelCatalog.load(ROOT.resolve("configs/models"), "meta-llama/Llama-3.1-8B", "test"),
                DType.BFLOAT16, DType.BFLOAT16, tp);
    }

    private static HardwareSpec hw(String name) {
        return HardwareCatalog.load(ROOT.resolve("configs/hardware"), name, "test");
    }

    private static HardwareSpec roundH100() {
        return hw("H100").withRoofline(ROUND);
    }

    private static RooflineTimeModel model(ModelShape shape, EngineProfile engine) {
        return new RooflineTimeModel(shape, roundH100(), engine, DType.BFLOAT16, "test");
    }

    private static BatchShape decode(int seqs, int context) {
        BatchShape b = new BatchShape();
        for (int i = 0; i < seqs; i++) {
            b.add(1, context);
        }
        return b;
    }

    private static BatchShape prefill(int tokens) {
        BatchShape b = new BatchShape();
        b.add(tokens, 0);
        return b;
    }

    private static BatchShape mixed(int prefillTokens, int decodes, int context) {
        BatchShape b = decode(decodes, context);
        b.add(prefillTokens, 0);
        return b;
    }

    private static int indexOf(ModelShape shape, String name) {
        for (int l = 0; l < shape.layerCount(); l++) {
            if (shape.blockIndex(l) <= 0 && shape.layerName(l).equals(name)) {
                return l;
            }
        }
        throw new AssertionError(name);
    }

    private static long layerNs(RooflineTimeModel model, ModelShape shape, BatchShape b, String name) {
        long[] layers = new long[shape.layerCount()];
        model.layerTimes(b, layers);
        return layers[indexOf(shape, name)];
    }

    @Test
    void perLayerTimesAddUpToTheIterationTimeExactly() {
        ModelShape shape = llama8b(1);
        RooflineTimeModel model = new RooflineTimeModel(shape, hw("H100"),
                new EngineProfile("e", "", "2025-01", 100_000, 3_000, 7_000, 2_000), DType.BFLOAT16, "test");
        for (BatchShape b : new BatchShape[] {decode(1, 100), decode(64, 2000), prefill(2048), mixed(300, 20, 900)}) {
            long[] layers = new long[shape.layerCount()];
            long fixed = model.layerTimes(b, layers);
            long sum = fixed;
            for (long ns : layers) {
                sum += ns;
            }
            assertEquals(model.iterationNs(b), sum);
        }
    }

    @Test
    void aDecodeGemmBlendsItsWeightReadsWithItsPaddedTileFlops() {
        // qkv_proj of Llama-3.1-8B at TP1, one token: a 4096 x 6144 weight. Memory: its 25,165,824
        // values and 4096 + 6144 activation values, 2 B each, at 0.8 x 3.35 TB/s = 18.788 us.
        // Compute: the token padded to one 128-row tile, 2 x 128 x 6144 x 4096 FLOPs at 0.5 x 989
        // TFLOPS = 13.028 us (48 tiles, under one wave of 132 SMs: no quantisation). The two add as
        // sqrt(18.788^2 + 13.028^2) = 22.863 us, plus the 5 us kernel overhead.
        ModelShape shape = llama8b(1);
        double memory = (4096.0 * 6144 + 4096 + 6144) * 2 / (0.8 * BW);
        double compute = 2.0 * 128 * 6144 * 4096 / (0.5 * PEAK);
        long expected = Math.round(Math.hypot(memory, compute) * 1e9 + 5_000);
        assertEquals(expected, layerNs(model(shape, NO_ENGINE), shape, decode(1, 10), "qkv_proj"));
        assertEquals(27_863, expected);
    }

    @Test
    void oneTileMoreThanTheSmsCostsAWholeSecondWave() {
        // 128 tokens through 4096 x (132 x 128) fills 132 tiles, one wave on 132 SMs; a weight one
        // tile wider has 133 tiles, two waves, the second nearly idle: its compute time doubles for
        // 1/132 more FLOPs.
        KernelCosts costs = KernelCosts.of(roundH100(), false);
        double oneWave = costs.gemmComputeSec(128, 4096, 132 * 128);
        double twoWaves = costs.gemmComputeSec(128, 4096, 133 * 128);
        assertEquals(2.0, twoWaves / oneWave, 1e-12);
        assertEquals(2.0 * 128 * 4096 * 132 * 128 / (0.5 * PEAK), oneWave, 1e-15);
    }

    @Test
    void aPureDecodeBatchReadsItsKvAtTheDecodeBandwidthWithACostPerSequence() {
        // 64 decodes at 2,000 tokens of context: each reads 2,001 tokens of KV, 2 x 8 KV heads x
        // 128 x 2 B = 4,096 B per token and layer: 524,550,144 B at 0.8 x 3.35 TB/s = 195.728 us,
        // plus 64 x 100 ns and the 10 us attention overhead.
        ModelShape shape = llama8b(1);
        double kv = 64 * 2001.0 * 4096 / (0.8 * BW) * 1e9;
        long expected = Math.round(10_000 + kv + 64 * 100);
        assertEquals(expected, layerNs(model(shape, NO_ENGINE), shape, decode(64, 2000), "attention"));
    }

    @Test
    void besideAPrefillDecodesCostTheirFlopsAndThePrefillItsCausalFlopsAndKv() {
        // A 512-token prefill with 8 decodes at 1,000 tokens. Prefill: 512 x 513 / 2 = 131,328
        // query-key pairs, 4 x 32 heads x 128 = 16,384 FLOPs each, at 0.5 x 989 TFLOPS; its 512 new
        // tokens of KV (4,096 B each) at 0.5 x 3.35 TB/s. Decodes: 8 x 1,001 pairs at 0.01 x peak,
        // 300 ns each. Plus the 10 us overhead.
        ModelShape shape = llama8b(1);
        double prefill = 131_328.0 * 16_384 / (0.5 * PEAK) * 1e9 + 512.0 * 4096 / (0.5 * BW) * 1e9;
        double decodes = 8 * 1001.0 * 16_384 / (0.01 * PEAK) * 1e9 + 8 * 300;
        long expected = Math.round(10_000 + prefill + decodes);
        assertEquals(expected, layerNs(model(shape, NO_ENGINE), shape, mixed(512, 8, 1000), "attention"));
    }

    @Test
    void normsMoveTheirWeightAndTheirActivationsInAndOut() {
        // The input norm at 100 tokens: its 4096-value weight and 2 x 100 x 4096 values, 2 B each,
        // at spec bandwidth (elementwise efficiency 1), plus 5 us.
        ModelShape shape = llama8b(1);
        long expected = Math.round((4096.0 + 2 * 100 * 4096) * 2 / BW * 1e9 + 5_000);
        assertEquals(expected, layerNs(model(shape, NO_ENGINE), shape, prefill(100), "layernorm"));
    }

    @Test
    void theEngineChargesItsIterationAndSequenceCostsOutsideTheLayers() {
        // 100 us per iteration and 300 us per sequence: 5 decodes and a prefill are 6 sequences,
        // 100 + 6 x 300 = 1,900 us outside the layers, which do not change.
        ModelShape shape = llama8b(1);
        RooflineTimeModel with = model(shape, new EngineProfile("e", "", "2025-01", 100_000, 300_000, 0, 0));
        RooflineTimeModel without = model(shape, NO_ENGINE);
        BatchShape batch = mixed(200, 5, 1000);
        long[] a = new long[shape.layerCount()];
        long[] b = new long[shape.layerCount()];
        assertEquals(1_900_000L, with.layerTimes(batch, a));
        assertEquals(0L, without.layerTimes(batch, b));
        assertArrayEquals(b, a);
    }

    @Test
    void aPurelyDecodingIterationPaysNoEagerLaunchCost() {
        ModelShape shape = llama8b(1);
        RooflineTimeModel eager = model(shape, new EngineProfile("e", "", "2025-01", 0, 0, 15_000, 4_000));
        assertEquals(model(shape, NO_ENGINE).iterationNs(decode(32, 1000)), eager.iterationNs(decode(32, 1000)));
    }

    @ParameterizedTest(name = "TP{0}: {1} launched ops, {2} all-reduces")
    @CsvSource({"1, 291, 0", "2, 291, 64", "4, 291, 64"})
    void anEagerIterationPaysTheLaunchCostPerKernelAndMorePerAllReduceAtHigherTp(int tp, int kernels,
            int allReduces) {
        // Llama-3.1-8B has 291 kernels (32 blocks x 9, embedding, final norm, lm_head) and, under TP,
        // 2 all-reduces per block. With an eager cost of 15 us and 4 us per extra rank, an iteration
        // holding a prefill pays 15 us per kernel and 15 + 4 (tp - 1) us per all-reduce (up to 1 ns
        // of rounding per kernel), whether the prefill is alone or beside decodes.
        ModelShape shape = llama8b(tp);
        RooflineTimeModel eager = model(shape, new EngineProfile("e", "", "2025-01", 0, 0, 15_000, 4_000));
        RooflineTimeModel graphed = model(shape, NO_ENGINE);
        double expected = kernels * 15_000.0 + allReduces * (15_000.0 + 4_000.0 * (tp - 1));
        for (BatchShape batch : new BatchShape[] {prefill(512), mixed(64, 8, 1000)}) {
            assertEquals(expected, eager.iterationNs(batch) - graphed.iterationNs(batch), kernels);
        }
    }

    @Test
    void tensorParallelismAddsARingAllReduceAfterOProjOnTheScaleUpLink() {
        // TP2 on H100, one token: after o_proj a ring all-reduce of 4096 x 2 B: 2 (p - 1) = 2 steps
        // of the NVLink latency, each moving 8,192 / 2 B at 450 GB/s. qkv_proj has none.
        ModelShape tp2 = llama8b(2);
        ModelShape tp1 = llama8b(1);
        HardwareSpec h = roundH100();
        long reduce = 2 * h.scaleUpLink().latencyNs() + Math.round(2 * (8192 / 2.0) / 450e9 * 1e9);
        KernelCosts costs = KernelCosts.of(h, false);
        long oProj = Math.round(costs.gemmNs(1, 2048, 4096, 2));
        assertEquals(oProj + reduce, layerNs(model(tp2, NO_ENGINE), tp2, decode(1, 10), "o_proj"));
        assertEquals(Math.round(costs.gemmNs(1, 4096, 3072, 2)),
                layerNs(model(tp2, NO_ENGINE), tp2, decode(1, 10), "qkv_proj"));
        assertEquals(Math.round(costs.gemmNs(1, 4096, 4096, 2)),
                layerNs(model(tp1, NO_ENGINE), tp1, decode(1, 10), "o_proj"));
    }

    @Test
    void withoutAScaleUpLinkTheAllReduceCrossesThePcieCollectiveLink() {
        // RTXPRO6000: 16 GB/s and 20 us per ring step. TP2, 100 tokens: 2 steps of 20 us, each
        // moving 100 x 4096 x 2 / 2 B at 16 GB/s.
        HardwareSpec h = hw("RTXPRO6000");
        assertEquals(16e9, h.collectiveBytesPerSec());
        assertEquals(20_000, h.collectiveLatencyNs());
        ModelShape tp2 = llama8b(2);
        RooflineTimeModel model = new RooflineTimeModel(tp2, h, NO_ENGINE, DType.BFLOAT16, "test");
        long reduce = 2 * 20_000 + Math.round(2 * (100 * 4096 * 2 / 2.0) / 16e9 * 1e9);
        long oProj = Math.round(KernelCosts.of(h, false).gemmNs(100, 2048, 4096, 2));
        assertEquals(oProj + reduce, layerNs(model, tp2, prefill(100), "o_proj"));
    }

    @Test
    void fp8IsRefusedOnHardwareWithoutFp8() {
        InputException e = assertThrows(InputException.class, () -> new RooflineTimeModel(llama8b(1), hw("A100"),
                NO_ENGINE, DType.FP8, "cluster.json: nodes[0].instances[0]"));
        assertEquals("cluster.json: nodes[0].instances[0]: dtype fp8: hardware A100 has no FP8 tensor cores;"
                + " use bfloat16 or float16", e.getMessage());
    }

    /**
     * A model that costs only attention when an iteration repeats the last one's token and
     * sequence counts gives, iteration after iteration, the times, per-layer times and HBM bytes a
     * fresh model costs from scratch: decodes at growing context (the repeat case), a prefill and
     * a mixed batch in between (which change the counts), and tensor parallelism's all-reduce.
     */
    @ParameterizedTest
    @CsvSource({"1", "2"})
    void aModelCostingOnlyAttentionOnRepeatsMatchesAFreshModelEveryIteration(int tp) {
        ModelShape shape = llama8b(tp);
        RooflineTimeModel reused = model(shape, NO_ENGINE);
        BatchShape[] iterations = {decode(64, 1000), decode(64, 1001), decode(64, 1002), prefill(2048),
            decode(64, 1003), mixed(512, 64, 1004), mixed(512, 64, 1005), decode(63, 1006), decode(64, 1007)};
        for (BatchShape b : iterations) {
            RooflineTimeModel fresh = model(shape, NO_ENGINE);
            long[] reusedLayers = new long[shape.layerCount()];
            long[] freshLayers = new long[shape.layerCount()];
            assertEquals(fresh.iterationNs(b), reused.iterationNs(b));
            assertEquals(fresh.lastHbmBytes(), reused.lastHbmBytes());
            assertEquals(fresh.layerTimes(b, freshLayers), reused.layerTimes(b, reusedLayers));
            assertArrayEquals(freshLayers, reusedLayers);
            assertEquals(fresh.lastHbmBytes(), reused.lastHbmBytes());
        }
    }
}
