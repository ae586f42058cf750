package dev.memwall.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.model.DType;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelShape;
import dev.memwall.testing.RepoPaths;

/**
 * PIM attention in the physical model, timed by hand: Llama-3.1-8B in bf16 (4,096 B of K and V
 * per token and layer), a 512 GB node of DDR4-3200 PIM channels (64 x 25.6 = 1,638.4 B/ns, read
 * latency 13.86 ns), and a GPU whose layers cost round numbers: attention 1,000 ns per prefill
 * sequence plus 77 per decode sequence, every other layer 100 ns per scheduled token, 50 ns fixed
 * per sequence. Llama's 291 layers: embedding, 32 blocks of (layernorm, qkv_proj, rotary_emb,
 * attention, o_proj, layernorm, gate_up_proj, act_fn, down_proj), final_layernorm, lm_head.
 */
class PimPhysicalTimingTest {
    @TempDir
    Path dir;

    /** The round-number GPU. */
    private static final class RoundGpu implements IterationTimeModel {
        private final ModelShape shape;

        RoundGpu(ModelShape shape) {
            this.shape = shape;
        }

        @Override
        public long layerTimes(BatchShape b, long[] layerNs) {
            for (int l = 0; l < shape.layerCount(); l++) {
                layerNs[l] = shape.kind(l) == LayerKind.ATTENTION ? 1000L * b.prefillSequences + 77L * b.decodeSequences
                        : 100L * b.scheduledTokens;
            }
            return 50L * b.sequences;
        }

        @Override
        public long iterationNs(BatchShape b) {
            long[] ns = new long[shape.layerCount()];
            long total = layerTimes(b, ns);
            for (long v : ns) {
                total += v;
            }
            return total;
        }

        @Override
        public double lastHbmBytes() {
            return 0;
        }
    }

    private ModelShape llama() {
        return ModelShape.of(ModelCatalog.load(RepoPaths.models(), "meta-llama/Llama-3.1-8B", "test"), DType.BFLOAT16,
                DType.BFLOAT16, 1);
    }

    private PimSpec ddr4() throws IOException {
        Path f = dir.resolve("DDR4_8GB_3200_pim.ini");
        Files.writeString(f, PimIniReaderTest.DDR4);
        return PimIniReader.read(f);
    }

    private PimAttentionTimeModel offload(ModelShape shape) throws IOException {
        return new PimAttentionTimeModel(new RoundGpu(shape), new BandwidthPimAttention(ddr4(), 512, shape), shape);
    }

    private static BatchShape twoDecodes() {
        BatchShape b = new BatchShape();
        b.add(1, 1000, 10);
        b.add(1, 2047, 20);
        return b;
    }

    @Test
    void theGpuMovesOnlyPrefillKvAndTheDecodesNewTokensKv() throws IOException {
        // A 100-token prefill on 20 cached tokens and two decodes on 1,000 and 2,047: the GPU
        // attends 120 + 1,001 + 2,048 tokens of KV; offloaded, the PIM reads the decodes' 3,047
        // cached tokens where they live and the GPU still handles 120 + 1 + 1.
        BatchShape b = twoDecodes();
        b.add(100, 20);
        assertEquals(120 + 1001 + 2048, new RoundGpu(llama()).gpuKvTokens(b));
        assertEquals(120 + 2, offload(llama()).gpuKvTokens(b));
        assertEquals(120 + 2, new InterleavedPimTimeModel(offload(llama()), llama().layerCount()).gpuKvTokens(b));
    }

    @Test
    void llamaHas291LayersOf32Blocks() {
        ModelShape shape = llama();
        assertEquals(291, shape.layerCount());
        assertEquals(4096, shape.kvBytesPerTokenPerLayer());
    }

    @Test
    void decodeAttentionReadsItsKvAtTheNodesPimBandwidthAfterTheGpusPrefillAttention() throws IOException {
        ModelShape shape = llama();
        BatchShape b = new BatchShape();
        b.add(100, 0, 100);
        b.add(1, 1000, 10);
        b.add(1, 2047, 20);
        PimAttentionTimeModel pim = offload(shape);
        // PIM per layer: (1001 + 2048) tokens x 4096 B / 1638.4 B/ns = 7622.5, + 13.86 -> 7637 ns;
        // attention = 1000 (the prefill on the GPU; its 77 per decode is gone) + 7637 = 8637;
        // 259 other layers x 100 x 102 tokens = 2,641,800; fixed 3 x 50 = 150.
        assertEquals(150 + 2_641_800 + 32 * 8637, pim.iterationNs(b));
        assertEquals(32.0 * 3049 * 4096, pim.lastPimKvBytes(), 1e-6);
        long[] layers = new long[shape.layerCount()];
        assertEquals(150, pim.layerTimes(b, layers));
        assertEquals(8637, layers[4]);    // block 0's attention
        assertEquals(10_200, layers[5]);  // its o_proj
        // two calls so far: PIM busy 2 x 32 x 7637; the GPU's 77 ns per decode, 2 decodes, 32 layers, moved twice
        assertEquals(2L * 32 * 7637, pim.totals().busyNs());
        assertEquals(2L * 32 * 154, pim.totals().gpuAttentionMovedNs());
        assertEquals(0, pim.totals().hiddenNs());
    }

    @Test
    void withoutPrefillsTheGpuRunsNoAttentionKernel() throws IOException {
        // 2 tokens: 259 x 200 = 51,800; PIM 7637 per attention layer; fixed 100.
        assertEquals(100 + 51_800 + 32 * 7637, offload(llama()).iterationNs(twoDecodes()));
    }

    @Test
    void interleavedHalvesHideEachOthersPimAttentionUpToTheOtherHalfsGpuWork() throws IOException {
        ModelShape shape = llama();
        InterleavedPimTimeModel interleaved = new InterleavedPimTimeModel(offload(shape), shape.layerCount());
        // Halves of one decode each. PIM: 13.86 + 1001 x 2.5 -> 2517 ns, 13.86 + 2048 x 2.5 -> 5134 ns.
        // GPU per half: 259 layers x 100 = 25,900, fixed 50; both halves: 51,800 + 100.
        // After attention layers 0..30 the other half's GPU runs 8 layers (800 ns) before the next
        // attention: 2517 - 800 + 5134 - 800 = 6051 shows; after the last, 7 layers (700): 6251.
        assertEquals(100 + 51_800 + 31 * 6051 + 6251, interleaved.iterationNs(twoDecodes()));
        assertEquals(32L * (2517 + 5134) - 31 * 6051 - 6251, interleaved.lastHiddenPimNs());
        assertEquals(32.0 * 3049 * 4096, interleaved.lastPimKvBytes(), 1e-6);
        assertEquals(32L * (2517 + 5134), interleaved.totals().busyNs());
        assertEquals(32L * (2517 + 5134) - 31 * 6051 - 6251, interleaved.totals().hiddenNs());
        assertEquals(32L * 154, interleaved.totals().gpuAttentionMovedNs());
        interleaved.totals().reset();
        assertEquals(0, interleaved.totals().busyNs());
    }

    @Test
    void halvesBalanceScheduledTokensSoAPrefillFacesTheDecodes() throws IOException {
        ModelShape shape = llama();
        BatchShape b = new BatchShape();
        b.add(1, 1000, 10);
        b.add(1, 1000, 10);
        b.add(1, 1000, 10);
        b.add(4, 0, 4);
        InterleavedPimTimeModel interleaved = new InterleavedPimTimeModel(offload(shape), shape.layerCount());
        // Halves {prefill of 4} and {3 decodes}. Prefill half: 259 x 400, attention 1000, fixed 50, no PIM.
        // Decode half: 259 x 300, no GPU attention, fixed 150, PIM 13.86 + 3 x 1001 x 2.5 -> 7522 ns.
        // The prefill half's window: 1000 + 8 x 400 = 4200 (last: 1000 + 7 x 400 = 3800), so 3322 shows
        // after attention layers 0..30 and 3722 after the last.
        assertEquals(200 + 259 * 700 + 32 * 1000 + 31 * 3322 + 3722, interleaved.iterationNs(b));
    }

    @Test
    void aSingleSequenceIsNotSplit() throws IOException {
        ModelShape shape = llama();
        BatchShape one = new BatchShape();
        one.add(1, 1000, 10);
        InterleavedPimTimeModel interleaved = new InterleavedPimTimeModel(offload(shape), shape.layerCount());
        assertEquals(50 + 25_900 + 32 * 2517, interleaved.iterationNs(one));
        assertEquals(0, interleaved.lastHiddenPimNs());
    }
}
