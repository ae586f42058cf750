package dev.memwall.hardware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.memwall.input.InputException;
import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelShape;
import dev.memwall.testing.RepoPaths;

class RooflineTimeModelTest {
    private static final Path ROOT = RepoPaths.root();

    private static ModelShape llama8b(int tp) {
        return ModelShape.of(ModelCatalog.load(ROOT.resolve("configs/models"), "meta-llama/Llama-3.1-8B", "test"),
                DType.BFLOAT16, DType.BFLOAT16, tp);
    }

    private static HardwareSpec hw(String name) {
        return HardwareCatalog.load(ROOT.resolve("configs/hardware"), name, "test");
    }

    private static BatchShape decode(int seqs, int context) {
        BatchShape b = new BatchShape();
        for (int i = 0; i < seqs; i++) {
            b.add(1, context);
        }
        return b;
    }

    @Test
    void perLayerTimesAddUpToTheIterationTimeExactly() {
        ModelShape shape = llama8b(1);
        RooflineTimeModel model = new RooflineTimeModel(shape, hw("H100"), DType.BFLOAT16, "test");
        for (BatchShape b : new BatchShape[] {decode(1, 100), decode(64, 2000), prefill(2048)}) {
            long[] layers = new long[shape.layerCount()];
            long fixed = model.layerTimes(b, layers);
            long sum = fixed;
            for (long ns : layers) {
                sum += ns;
            }
            assertEquals(model.iterationNs(b), sum);
        }
    }

    private static BatchShape prefill(int tokens) {
        BatchShape b = new BatchShape();
        b.add(tokens, 0);
        return b;
    }

    @Test
    void largePrefillIsComputeBoundAndAddsUpLayerByLayer() {
        ModelShape shape = llama8b(1);
        HardwareSpec h100 = hw("H100");
        RooflineTimeModel model = new RooflineTimeModel(shape, h100, DType.BFLOAT16, "test");
        // The H100's peaks times the calibrated efficiencies and overheads of its file.
        double flopsPerSec = 989e12 * h100.computeEfficiency();
        double bytesPerSec = 3.35e12 * h100.memoryEfficiency();
        double t = 2048;
        // Linear layers: 2 x 218,103,808 params x 2048 tokens per block, compute-bound
        // (28.9 ms at peak for 32 blocks) far above their weight reads (4.2 ms at peak).
        double linear = 2.0 * 218_103_808L * t / flopsPerSec * 32;
        // Causal attention: 4 x 32 heads x 128 x (2048 x 2049 / 2) FLOPs per block (1.11 ms at peak).
        double attention = 4.0 * 32 * 128 * (t * (t + 1) / 2) / flopsPerSec * 32;
        // Elementwise, memory-bound: act_fn reads 2 x 14336 and writes 14336 values per token;
        // two norms and rotary each read and write 4096 values per token (BF16).
        double act = t * 3 * 14336 * 2 / bytesPerSec * 32;
        double normsAndRotary = 3 * (t * 2 * 4096 * 2) / bytesPerSec * 32;
        // lm_head for the one sequence: its 1.05 GB of weights; final norm; embedding gather.
        double head = 1_050_673_152.0 / bytesPerSec + (t * 2 * 4096 * 2) / bytesPerSec + t * 4096 * 2 / bytesPerSec;
        // A prefill runs eagerly: each of the 291 kernels pays the prefill kernel overhead; one
        // sequence pays the sequence overhead once.
        double kernels = 291 * h100.prefillKernelOverheadNs() * 1e-9;
        double overhead = (h100.iterationOverheadNs() + h100.sequenceOverheadNs()) * 1e-9;
        double expectedMs = (linear + attention + act + normsAndRotary + head + kernels + overhead) * 1e3;
        assertEquals(expectedMs, model.iterationNs(prefill(2048)) / 1e6, 0.005 * expectedMs);
    }

    @Test
    void tensorParallelismAddsTwoRingAllReducesPerBlock() {
        // TP2 on H100: per block, all-reduces after o_proj and down_proj of the 1-token output
        // (4096 x 2 B = 8192 B): 2 (p - 1) = 2 steps of the NVLink latency + 4096 B / 450 GB/s each.
        HardwareSpec h100 = hw("H100");
        RooflineTimeModel tp2 = new RooflineTimeModel(llama8b(2), h100, DType.BFLOAT16, "test");
        ModelShape shape = llama8b(2);
        long[] layers = new long[shape.layerCount()];
        tp2.layerTimes(decode(1, 10), layers);
        long[] noReduce = layers.clone();
        int oProj = -1;
        int qkv = -1;
        for (int l = 0; l < shape.layerCount(); l++) {
            if (shape.blockIndex(l) == 0 && shape.layerName(l).equals("o_proj")) {
                oProj = l;
            }
            if (shape.blockIndex(l) == 0 && shape.layerName(l).equals("qkv_proj")) {
                qkv = l;
            }
        }
        long expectedReduceNs = 2 * h100.scaleUpLink().latencyNs() + Math.round(2 * 4096 / 450e9 * 1e9);
        // o_proj at TP2: 16.8 MB of weights / 2 = 8.39 MB at the achievable bandwidth, plus one kernel.
        double bytesPerSec = 3.35e12 * h100.memoryEfficiency();
        double kernelSec = h100.kernelOverheadNs() * 1e-9;
        long oProjComputeNs = Math.round((33_554_432.0 / 2 / bytesPerSec + kernelSec) * 1e9);
        assertEquals(oProjComputeNs + expectedReduceNs, noReduce[oProj]);
        // qkv_proj is not followed by a collective.
        long qkvNs = Math.round((50_331_648.0 / 2 / bytesPerSec + kernelSec) * 1e9);
        assertEquals(qkvNs, noReduce[qkv]);
    }

    /** The H100 with round engine terms, so that what each one adds can be derived by hand. */
    private static HardwareSpec h100With(long kernelNs, long iterationNs, long sequenceNs, long prefillKernelNs) {
        HardwareSpec h = hw("H100");
        return new HardwareSpec(h.name(), h.description(), h.memoryBytes(), h.memoryBandwidthBytesPerSec(),
                h.bf16FlopsPerSec(), h.fp8FlopsPerSec(), h.hostLink(), h.scaleUpLink(), h.memoryEfficiency(),
                h.computeEfficiency(), kernelNs, iterationNs, sequenceNs, prefillKernelNs, h.boardPowerW());
    }

    private static BatchShape mixed(int prefillTokens, int decodes, int context) {
        BatchShape b = decode(decodes, context);
        b.add(prefillTokens, 0);
        return b;
    }

    private static int indexOf(ModelShape shape, String name) {
        for (int l = 0; l < shape.layerCount(); l++) {
            if (shape.blockIndex(l) == 0 && shape.layerName(l).equals(name)) {
                return l;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void everyScheduledSequencePaysTheSequenceOverheadInTheFixedTime() {
        // 100 us per iteration and 300 us per sequence: 5 decodes and a prefill are 6 sequences,
        // 100 + 6 x 300 = 1,900 us outside the layers, and the layers still add up exactly.
        ModelShape shape = llama8b(1);
        RooflineTimeModel model = new RooflineTimeModel(shape, h100With(5_000, 100_000, 300_000, 20_000),
                DType.BFLOAT16, "test");
        BatchShape batch = mixed(200, 5, 1000);
        long[] layers = new long[shape.layerCount()];
        long fixed = model.layerTimes(batch, layers);
        assertEquals(1_900_000L, fixed);
        long sum = fixed;
        for (long ns : layers) {
            sum += ns;
        }
        assertEquals(model.iterationNs(batch), sum);
    }

    @Test
    void theSequenceOverheadGrowsADecodeStepBy300UsPerSequenceAndChangesNoLayer() {
        ModelShape shape = llama8b(1);
        RooflineTimeModel with = new RooflineTimeModel(shape, h100With(5_000, 0, 300_000, 5_000), DType.BFLOAT16, "t");
        RooflineTimeModel without = new RooflineTimeModel(shape, h100With(5_000, 0, 0, 5_000), DType.BFLOAT16, "t");
        for (int seqs : new int[] {1, 16, 64}) {
            BatchShape batch = decode(seqs, 500);
            long[] a = new long[shape.layerCount()];
            long[] b = new long[shape.layerCount()];
            with.layerTimes(batch, a);
            without.layerTimes(batch, b);
            assertArrayEquals(b, a);
            assertEquals(seqs * 300_000L, with.iterationNs(batch) - without.iterationNs(batch));
        }
    }

    @Test
    void aPurelyDecodingIterationIgnoresThePrefillKernelOverhead() {
        ModelShape shape = llama8b(1);
        RooflineTimeModel eager = new RooflineTimeModel(shape, h100With(5_000, 0, 0, 20_000), DType.BFLOAT16, "t");
        RooflineTimeModel graphed = new RooflineTimeModel(shape, h100With(5_000, 0, 0, 5_000), DType.BFLOAT16, "t");
        assertEquals(graphed.iterationNs(decode(32, 1000)), eager.iterationNs(decode(32, 1000)));
    }

    @Test
    void anyPrefillMakesEveryKernelOfTheIterationPayThePrefillKernelOverhead() {
        // TP1 Llama-3.1-8B has 291 kernels (32 blocks x 9, embedding, final norm, lm_head) and no
        // all-reduce: 20 us instead of 5 us each is 291 x 15 us = 4.365 ms more, whether the prefill
        // is alone or shares the iteration with decodes (up to 1 ns of rounding per kernel).
        ModelShape shape = llama8b(1);
        RooflineTimeModel eager = new RooflineTimeModel(shape, h100With(5_000, 0, 0, 20_000), DType.BFLOAT16, "t");
        RooflineTimeModel graphed = new RooflineTimeModel(shape, h100With(5_000, 0, 0, 5_000), DType.BFLOAT16, "t");
        for (BatchShape batch : new BatchShape[] {prefill(512), mixed(64, 8, 1000), mixed(2, 0, 0)}) {
            assertEquals(4_365_000.0, eager.iterationNs(batch) - graphed.iterationNs(batch), 291);
        }
    }

    @Test
    void anEagerIterationsAllReducesEachPayTheEagerLaunchDifferenceOnTopOfTheirLinkTime() {
        // TP2, a prefill of 100 tokens, kernels at 5 us in a graph and 20 us eager: o_proj reads its
        // 33,554,432 / 2 B of weights (2 x 8,388,608 x 100 FLOPs take less) and pays 20 us, then
        // all-reduces 100 x 4096 x 2 B: 2 ring steps of the NVLink latency + 409,600 B / 450 GB/s,
        // plus the 20 - 5 = 15 us an eagerly dispatched collective costs more than a graphed one.
        // qkv_proj has no collective after it.
        HardwareSpec h = h100With(5_000, 0, 0, 20_000);
        ModelShape shape = llama8b(2);
        RooflineTimeModel model = new RooflineTimeModel(shape, h, DType.BFLOAT16, "test");
        long[] layers = new long[shape.layerCount()];
        model.layerTimes(prefill(100), layers);
        double bytesPerSec = 3.35e12 * h.memoryEfficiency();
        double flopsPerSec = 989e12 * h.computeEfficiency();
        long oProjNs = Math.round((Math.max(2.0 * 8_388_608 * 100 / flopsPerSec, 33_554_432.0 / 2 / bytesPerSec)
                + 20e-6) * 1e9);
        long reduceNs = 2 * h.scaleUpLink().latencyNs() + Math.round(2 * (100 * 4096 * 2 / 2.0) / 450e9 * 1e9);
        assertEquals(oProjNs + reduceNs + 15_000, layers[indexOf(shape, "o_proj")]);
        long qkvNs = Math.round((Math.max(2.0 * 12_582_912 * 100 / flopsPerSec, 50_331_648.0 / 2 / bytesPerSec)
                + 20e-6) * 1e9);
        assertEquals(qkvNs, layers[indexOf(shape, "qkv_proj")]);
    }

    @Test
    void atTp2AnEagerIterationCostsTheDifferenceMorePerKernelAndPerAllReduce() {
        // 291 kernels and 2 all-reduces in each of 32 blocks: 355 launched ops, 15 us more each
        // (up to 1 ns of rounding per kernel).
        ModelShape shape = llama8b(2);
        RooflineTimeModel eager = new RooflineTimeModel(shape, h100With(5_000, 0, 0, 20_000), DType.BFLOAT16, "t");
        RooflineTimeModel graphed = new RooflineTimeModel(shape, h100With(5_000, 0, 0, 5_000), DType.BFLOAT16, "t");
        assertEquals(355 * 15_000.0, eager.iterationNs(prefill(300)) - graphed.iterationNs(prefill(300)), 291);
    }

    @Test
    void fp8IsRefusedOnHardwareWithoutFp8() {
        InputException e = assertThrows(InputException.class,
                () -> new RooflineTimeModel(llama8b(1), hw("A100"), DType.FP8, "cluster.json: nodes[0].instances[0]"));
        assertEquals("cluster.json: nodes[0].instances[0]: dtype fp8: hardware A100 has no FP8 tensor cores;"
                + " use bfloat16 or float16", e.getMessage());
    }
}
