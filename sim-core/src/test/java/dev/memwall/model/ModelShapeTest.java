package dev.memwall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memwall.testing.RepoPaths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelShapeTest {
    private static final DType BF16 = DType.BFLOAT16;

    private static ModelShape shape(String name, int tp) {
        return shape(name, BF16, tp);
    }

    private static ModelShape shape(String name, DType weights, int tp) {
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), name, "test");
        return ModelShape.of(m, weights, BF16, tp);
    }

    @Test
    void llama31_8bWeighsSixteenGigabytesInBf16() {
        // embedding = lm_head = 128256 x 4096 = 525,336,576 params each
        // per block: qkv 4096 x (4096 + 2 x 1024) = 25,165,824; o 4096 x 4096 = 16,777,216;
        //   gate_up 2 x 4096 x 14336 = 117,440,512; down 14336 x 4096 = 58,720,256;
        //   two norms 2 x 4096 = 8,192; total 218,112,000
        // 2 x 525,336,576 + 32 x 218,112,000 + 4,096 (final norm) = 8,030,261,248 params
        //   (HF's own count for Llama-3.1-8B); x 2 bytes = 16,060,522,496
        assertEquals(16_060_522_496L, shape("meta-llama/Llama-3.1-8B", 1).totalWeightBytes());
    }

    @Test
    void llama31_8bStores128KibOfKvPerToken() {
        // 2 (K, V) x 8 kv heads x 128 head_dim x 32 layers x 2 bytes = 131,072
        ModelShape s = shape("meta-llama/Llama-3.1-8B", 1);
        assertEquals(131_072L, s.kvBytesPerToken());
        assertEquals(4_096L, s.kvBytesPerTokenPerLayer());
    }

    @Test
    void fp8KvCacheHalvesTheKvBytes() {
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), "meta-llama/Llama-3.1-8B", "test");
        assertEquals(65_536L, ModelShape.of(m, BF16, DType.FP8, 1).kvBytesPerToken());
    }

    @Test
    void fp8WeightsTakeOneBytePerParameter() {
        assertEquals(8_030_261_248L,
                shape("meta-llama/Llama-3.1-8B", DType.FP8, 1).totalWeightBytes());
    }

    @Test
    void llama31_70bWeighs141GigabytesInBf16() {
        // embedding = lm_head = 128256 x 8192 = 1,050,673,152
        // per block: qkv 8192 x 10240 = 83,886,080; o 67,108,864; gate_up 2 x 8192 x 28672
        //   = 469,762,048; down 234,881,024; norms 16,384; total 855,654,400
        // 2 x 1,050,673,152 + 80 x 855,654,400 + 8,192 = 70,553,706,496 params x 2
        assertEquals(141_107_412_992L, shape("meta-llama/Llama-3.1-70B", 1).totalWeightBytes());
        // 2 x 8 x 128 x 80 x 2 = 327,680
        assertEquals(327_680L, shape("meta-llama/Llama-3.1-70B", 1).kvBytesPerToken());
    }

    @Test
    void llama31_405bWeighs812GigabytesInBf16() {
        // embedding = lm_head = 128256 x 16384 = 2,101,346,304
        // per block: qkv 16384 x 18432 = 301,989,888; o 268,435,456; gate_up 2 x 16384 x 53248
        //   = 1,744,830,464; down 872,415,232; norms 32,768; total 3,187,703,808
        // 2 x 2,101,346,304 + 126 x 3,187,703,808 + 16,384 = 405,853,388,800 params x 2
        assertEquals(811_706_777_600L, shape("meta-llama/Llama-3.1-405B", 1).totalWeightBytes());
        // 2 x 8 x 128 x 126 x 2 = 516,096
        assertEquals(516_096L, shape("meta-llama/Llama-3.1-405B", 1).kvBytesPerToken());
    }

    @Test
    void mixtralWeighs93GigabytesInBf16() {
        // embedding = lm_head = 32000 x 4096 = 131,072,000
        // per block: qkv 25,165,824; o 16,777,216; norms 8,192; gate 4096 x 8 = 32,768;
        //   experts 8 x 3 x 4096 x 14336 = 1,409,286,144; total 1,451,270,144
        // 2 x 131,072,000 + 32 x 1,451,270,144 + 4,096 = 46,702,792,704 params x 2
        assertEquals(93_405_585_408L, shape("mistralai/Mixtral-8x7B-v0.1", 1).totalWeightBytes());
    }

    @Test
    void membersOfADataParallelGroupHoldTheirShareOfTheExperts() {
        // Mixtral: 8 experts of 3 x 4096 x 14336 params in each of 32 blocks, 2 bytes each.
        // Two members of a dp_group split them: each holds 4 per block, the rest whole.
        long expertBytes = 3L * 4096 * 14336 * 2;
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), "mistralai/Mixtral-8x7B-v0.1", "test");
        assertEquals(93_405_585_408L - 32 * 4 * expertBytes, ModelShape.of(m, BF16, BF16, 1, 2).totalWeightBytes());
        // With TP 2 too, each GPU of a member holds 2 experts per block.
        assertEquals(2, ModelShape.of(m, BF16, BF16, 2, 2).expertsPerRank());
        // A dense model in a group is replicated whole.
        ModelConfig llama = ModelCatalog.load(RepoPaths.models(), "meta-llama/Llama-3.1-8B", "test");
        assertEquals(16_060_522_496L, ModelShape.of(llama, BF16, BF16, 1, 2).totalWeightBytes());
    }

    @Test
    void qwen25_72bCountsItsQkvBias() {
        // embedding = lm_head = 152064 x 8192 = 1,245,708,288
        // per block: qkv 8192 x 10240 + bias 10240 = 83,896,320; o 67,108,864;
        //   gate_up 2 x 8192 x 29568 = 484,442,112; down 242,221,056; norms 16,384;
        //   total 877,684,736
        // 2 x 1,245,708,288 + 80 x 877,684,736 + 8,192 = 72,706,203,648 params x 2
        assertEquals(145_412_407_296L, shape("Qwen/Qwen2.5-72B", 1).totalWeightBytes());
    }

    @Test
    void qwen3_32bHasAQkNormAndAWiderAttentionThanItsHidden() {
        // embedding = lm_head = 151936 x 5120 = 777,912,320
        // per block: q is 64 x 128 = 8192 wide; qkv 5120 x (8192 + 2 x 1024) = 52,428,800;
        //   q/k norm 2 x 128 = 256; o 8192 x 5120 = 41,943,040; gate_up 2 x 5120 x 25600
        //   = 262,144,000; down 131,072,000; norms 10,240; total 487,598,336
        // 2 x 777,912,320 + 64 x 487,598,336 + 5,120 = 32,762,123,264 params x 2
        ModelShape s = shape("Qwen/Qwen3-32B", 1);
        assertEquals(65_524_246_528L, s.totalWeightBytes());
        assertEquals(List.of("layernorm", "qkv_proj", "qk_norm", "rotary_emb", "attention",
                "o_proj", "layernorm", "gate_up_proj", "act_fn", "down_proj"), blockNames(s, 0));
    }

    @Test
    void llama2_7bMatchesItsPublishedParameterCount() {
        // embedding = lm_head = 32000 x 4096 = 131,072,000
        // per block: qkv 4096 x 12288 = 50,331,648; o 16,777,216; gate_up 2 x 4096 x 11008
        //   = 90,177,536; down 45,088,768; norms 8,192; total 202,383,360
        // 2 x 131,072,000 + 32 x 202,383,360 + 4,096 = 6,738,415,616 params x 2
        assertEquals(13_476_831_232L, shape("meta-llama/Llama-2-7b-hf", 1).totalWeightBytes());
    }

    @Test
    void layersRunInLlmServingSimOrderWithItsNames() {
        ModelShape s = shape("meta-llama/Llama-3.1-8B", 1);
        // embedding + 32 blocks x 9 + final_layernorm + lm_head
        assertEquals(1 + 32 * 9 + 2, s.layerCount());
        assertEquals(32, s.blockCount());
        assertEquals("embedding", s.layerName(0));
        assertEquals(-1, s.blockIndex(0));
        assertEquals(List.of("layernorm", "qkv_proj", "rotary_emb", "attention", "o_proj",
                "layernorm", "gate_up_proj", "act_fn", "down_proj"), blockNames(s, 31));
        int last = s.layerCount() - 1;
        assertEquals("final_layernorm", s.layerName(last - 1));
        assertEquals(LayerKind.LM_HEAD, s.kind(last));
        assertEquals(-1, s.blockIndex(last));
    }

    @Test
    void mixtralBlocksEndInOneMoeLayer() {
        ModelShape s = shape("mistralai/Mixtral-8x7B-v0.1", 1);
        assertEquals(List.of("layernorm", "qkv_proj", "rotary_emb", "attention", "o_proj",
                "layernorm", "moe"), blockNames(s, 0));
    }

    @Test
    void tensorParallelismHalvesLinearLayersAndKvButNotNorms() {
        ModelShape one = shape("meta-llama/Llama-3.1-8B", 1);
        ModelShape two = shape("meta-llama/Llama-3.1-8B", 2);
        for (int l = 0; l < one.layerCount(); l++) {
            LayerKind k = one.kind(l);
            long expected = k == LayerKind.NORM ? one.weightBytes(l) : one.weightBytes(l) / 2;
            assertEquals(expected, two.weightBytes(l), one.layerName(l));
        }
        assertEquals(65_536L, two.kvBytesPerToken());
        assertEquals(16, two.attentionHeadsPerRank());
        assertEquals(4, two.kvHeadsPerRank());
    }

    @Test
    void llama31_70bAtTp8HoldsEighteenGigabytesPerRank() {
        // embedding = lm_head = (128256 / 8) x 8192 = 16032 x 8192 = 131,334,144
        // per block: qkv 83,886,080 / 8 = 10,485,760; o (8192 / 8) x 8192 = 8,388,608;
        //   gate_up 469,762,048 / 8 = 58,720,256; down (28672 / 8) x 8192 = 29,360,128;
        //   norms (replicated) 16,384; total 106,971,136
        // 2 x 131,334,144 + 80 x 106,971,136 + 8,192 = 8,820,367,360 params x 2
        assertEquals(17_640_734_720L, shape("meta-llama/Llama-3.1-70B", 8).totalWeightBytes());
        // 327,680 / 8 = 40,960
        assertEquals(40_960L, shape("meta-llama/Llama-3.1-70B", 8).kvBytesPerToken());
    }

    @Test
    void mixtralSpreadsWholeExpertsAcrossRanks() {
        ModelShape one = shape("mistralai/Mixtral-8x7B-v0.1", 1);
        ModelShape two = shape("mistralai/Mixtral-8x7B-v0.1", 2);
        int moe = indexOf(one, "moe");
        // one expert: 3 x 4096 x 14336 = 176,160,768 params x 2 = 352,321,536 bytes
        assertEquals(352_321_536L, one.expertWeightBytes());
        // gate: 4096 x 8 = 32,768 params x 2 = 65,536 bytes
        assertEquals(65_536L, one.moeGateBytes());
        // TP1: 65,536 + 8 x 352,321,536 = 2,818,637,824; TP2: 65,536 + 4 x 352,321,536
        assertEquals(2_818_637_824L, one.weightBytes(moe));
        assertEquals(1_409_351_680L, two.weightBytes(moe));
        assertEquals(4, two.expertsPerRank());
        assertEquals(8, two.experts());
        assertEquals(2, two.expertsPerToken());
    }

    @Test
    void moeFlopsCountTheGateAndTheRoutedExperts() {
        // gate 2 x 32,768 = 65,536; two experts x (2 x 176,160,768 + SiLU-and-mul 5 x 14336)
        //   = 2 x 352,393,216 = 704,786,432; total 704,851,968
        ModelShape s = shape("mistralai/Mixtral-8x7B-v0.1", 1);
        assertEquals(704_851_968.0, s.flopsPerToken(indexOf(s, "moe")));
    }

    @Test
    void gemmFlopsAreTwicePerRankParameters() {
        ModelShape s = shape("meta-llama/Llama-3.1-8B", 1);
        // qkv: 2 x 25,165,824
        assertEquals(50_331_648.0, s.flopsPerToken(indexOf(s, "qkv_proj")));
        assertEquals(0.0, s.flopsPerToken(0));
        assertEquals(0.0, s.flopsPerToken(indexOf(s, "attention")));
        // every GEMM: 2 x (8,030,261,248 - embedding 525,336,576 - 65 norms x 4,096)
        double gemm = 0;
        for (int l = 0; l < s.layerCount(); l++) {
            if (s.kind(l) == LayerKind.LINEAR || s.kind(l) == LayerKind.LM_HEAD) {
                gemm += s.flopsPerToken(l);
            }
        }
        assertEquals(15_009_316_864.0, gemm);
    }

    @Test
    void attentionFlopsPerTokenPairAreFourTimesHeadsTimesHeadDimPerRank() {
        // 4 x 32 x 128 = 16,384; at TP2 16 heads per rank: 8,192
        assertEquals(16_384.0, shape("meta-llama/Llama-3.1-8B", 1).attentionFlopsPerTokenPair());
        assertEquals(8_192.0, shape("meta-llama/Llama-3.1-8B", 2).attentionFlopsPerTokenPair());
    }

    @Test
    void denseModelsReportNoExperts() {
        ModelShape s = shape("meta-llama/Llama-3.1-8B", 1);
        assertEquals(0, s.experts());
        assertEquals(0L, s.expertWeightBytes());
        assertEquals(0L, s.moeGateBytes());
    }

    @Test
    void tpThatDoesNotDivideTheHeadsIsRefused() {
        ModelConfig m = ModelCatalog.load(RepoPaths.models(), "meta-llama/Llama-3.1-8B", "test");
        assertEquals("tp size 3 does not divide num_attention_heads 32", ModelShape.tpProblem(m, 3));
        assertNull(ModelShape.tpProblem(m, 8));
        assertThrows(IllegalArgumentException.class, () -> ModelShape.of(m, BF16, BF16, 3));
    }

    private static List<String> blockNames(ModelShape s, int block) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < s.layerCount(); l++) {
            if (s.blockIndex(l) == block) {
                names.add(s.layerName(l));
            }
        }
        return names;
    }

    private static int indexOf(ModelShape s, String name) {
        for (int l = 0; l < s.layerCount(); l++) {
            if (s.layerName(l).equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no layer " + name);
    }
}
