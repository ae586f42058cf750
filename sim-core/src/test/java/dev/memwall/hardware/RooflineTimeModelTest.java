package dev.memwall.hardware;

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
        double kernels = 291 * h100.kernelOverheadNs() * 1e-9;
        double overhead = h100.iterationOverheadNs() * 1e-9;
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

    @Test
    void fp8IsRefusedOnHardwareWithoutFp8() {
        InputException e = assertThrows(InputException.class,
                () -> new RooflineTimeModel(llama8b(1), hw("A100"), DType.FP8, "cluster.json: nodes[0].instances[0]"));
        assertEquals("cluster.json: nodes[0].instances[0]: dtype fp8: hardware A100 has no FP8 tensor cores;"
                + " use bfloat16 or float16", e.getMessage());
    }
}
