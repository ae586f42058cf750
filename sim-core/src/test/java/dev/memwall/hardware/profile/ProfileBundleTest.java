package dev.memwall.hardware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.memwall.model.DType;

/**
 * The sample bundle (RTXPRO6000, Llama-3.1-8B, bf16, tp1) loads as LLMServingSim ships it, and the
 * 1-D lookups follow LLMServingSim's rule. Every expected value below is computed by hand from CSV
 * rows quoted next to it; times are µs in the file and whole ns after loading
 * ({@code round(time_us * 1000)}).
 */
class ProfileBundleTest {

    @Test
    void loadsTheSampleBundle() {
        ProfileBundle b = Samples.llamaBundle();
        assertEquals(1, b.tp());
        assertEquals("meta-llama/Llama-3.1-8B", b.model());
        assertEquals("RTXPRO6000", b.hardware());
        assertEquals("bf16", b.variant());
        assertEquals(2048, b.engineMaxNumBatchedTokens());
        assertEquals(256, b.engineMaxNumSeqs());
        assertEquals(List.of("act_fn", "down_proj", "embedding", "final_layernorm", "gate_up_proj", "layernorm",
                "o_proj", "qkv_proj", "rotary_emb"), List.copyOf(b.denseLayers()));
        for (String layer : b.denseLayers()) {
            assertEquals(152, b.dense(layer).size(), layer);
        }
        assertEquals(List.of("lm_head", "sampler"), List.copyOf(b.perSequenceLayers()));
        assertEquals(40, b.perSequence("lm_head").size());
        assertEquals(19364, b.attention().size());
        SkewFit skew = b.skew().orElseThrow();
        assertEquals(0.0543, skew.alphaDefault());
        assertEquals(3982, skew.buckets());
    }

    @Test
    void locatesBundlesByHardwareModelVariantAndTp() {
        Path root = Samples.perfRoot();
        Optional<Path> found = ProfileBundle.locate(root, "RTXPRO6000", "meta-llama/Llama-3.1-8B", "bf16", 1);
        assertEquals(Optional.of(Samples.llamaBundleDir()), found.map(Path::normalize));
        // The sample ships tp1/ and tp2/ only: a degree without its folder is not found.
        assertEquals(Optional.of(Samples.llamaBundleDir()),
                ProfileBundle.locate(root, "RTXPRO6000", "meta-llama/Llama-3.1-8B", "bf16", 2).map(Path::normalize));
        assertFalse(ProfileBundle.locate(root, "RTXPRO6000", "meta-llama/Llama-3.1-8B", "bf16", 4).isPresent());
        assertFalse(ProfileBundle.locate(root, "RTXPRO6000", "meta-llama/Llama-3.1-8B", "fp16", 1).isPresent());
        assertFalse(ProfileBundle.locate(root, "H100", "meta-llama/Llama-3.1-8B", "bf16", 1).isPresent());
        assertFalse(ProfileBundle.locate(root, "RTXPRO6000", "../RTXPRO6000/meta-llama/Llama-3.1-8B", "bf16", 1)
                .isPresent());
        assertFalse(ProfileBundle.locate(root, "RTXPRO6000/meta-llama", "Llama-3.1-8B", "bf16", 1).isPresent());
        assertFalse(ProfileBundle.locate(root, "RTXPRO6000", "/meta-llama/Llama-3.1-8B", "bf16", 1).isPresent());
    }

    @Test
    void variantNamesFollowLlmServingSim() {
        assertEquals("bf16", ProfileBundle.variantFor(DType.BFLOAT16, DType.BFLOAT16));
        assertEquals("fp16", ProfileBundle.variantFor(DType.FLOAT16, DType.FLOAT16));
        assertEquals("fp32", ProfileBundle.variantFor(DType.FLOAT32, DType.FLOAT32));
        assertEquals("bf16-kvfp8", ProfileBundle.variantFor(DType.BFLOAT16, DType.FP8));
        assertEquals("fp8", ProfileBundle.variantFor(DType.FP8, DType.FP8));
        assertEquals("int8-kvfp8", ProfileBundle.variantFor(DType.INT8, DType.FP8));
    }

    @Test
    void tablePointsReturnTheTableValues() {
        ProfileBundle b = Samples.llamaBundle();
        // dense.csv:1066  qkv_proj,1,35.8297   -> 35829.7 ns, rounded at load
        assertEquals(35830, b.dense("qkv_proj").valueNs(1));
        // dense.csv:1217  qkv_proj,2048,302.965
        assertEquals(302965, b.dense("qkv_proj").valueNs(2048));
        // per_sequence.csv:41  lm_head,256,831.491
        assertEquals(831491, b.perSequence("lm_head").valueNs(256));
        // per_sequence.csv:42  sampler,1,24.746
        assertEquals(24746, b.perSequence("sampler").valueNs(1));
    }

    @Test
    void betweenPointsInterpolatesLinearly() {
        ProfileBundle b = Samples.llamaBundle();
        // dense.csv:1216-1217  qkv_proj,2032,302.742 / qkv_proj,2048,302.965: halfway at 2040
        assertEquals((302742 + 302965) / 2.0, b.dense("qkv_proj").valueNs(2040));
        // a quarter of the way at 2036
        assertEquals(302742 + 4 * (302965 - 302742) / 16.0, b.dense("qkv_proj").valueNs(2036));
        // per_sequence.csv:57-58  sampler,16,28.63 / sampler,20,30.037: halfway at 18
        assertEquals((28630 + 30037) / 2.0, b.perSequence("sampler").valueNs(18));
    }

    @Test
    void aboveTheLastPointExtrapolatesTheLastSegmentLinearly() {
        ProfileBundle b = Samples.llamaBundle();
        // qkv_proj 2032 -> 302742, 2048 -> 302965: slope 223 ns per 16 tokens, never clamped
        assertEquals(302965 + (4096 - 2048) * 223 / 16.0, b.dense("qkv_proj").valueNs(4096));
        assertEquals(331509, b.dense("qkv_proj").valueNs(4096));
        // per_sequence.csv:40-41  lm_head,240,826.552 / lm_head,256,831.491
        assertEquals(831491 + (512 - 256) * (831491 - 826552) / 16.0, b.perSequence("lm_head").valueNs(512));
    }

    @Test
    void belowTheFirstPointClampsToIt() {
        ProfileBundle b = Samples.llamaBundle();
        // dense.csv:306  embedding,1,3.14667 is the first point; LLMServingSim clamps below it
        assertEquals(3147, b.dense("embedding").valueNs(0.5));
        assertEquals(3147, b.dense("embedding").valueNs(0));
    }

    @Test
    void attentionOnGridPoints() {
        AttentionTable a = Samples.llamaBundle().attention();
        // attention.csv:2    0,0,1,16,8.35233
        assertEquals(8352, a.valueNs(0, 0, 1, 16));
        // attention.csv:173  16,0,0,0,7.76533
        assertEquals(7765, a.valueNs(16, 0, 0, 0));
        // attention.csv:2989 32,0,2,512,17.5043
        assertEquals(17504, a.valueNs(32, 0, 2, 512));
        // attention.csv:4062 36,0,4,768,23.328
        assertEquals(23328, a.valueNs(36, 0, 4, 768));
    }

    @Test
    void attentionBetweenGridPointsIsLinearOnEachAxis() {
        AttentionTable a = Samples.llamaBundle().attention();
        // kv_decode only: rows 0,0,1,16,8.35233 and 0,0,1,32,8.45867
        assertEquals((8352 + 8459) / 2.0, a.valueNs(0, 0, 1, 24));
        // n_decode and kv_decode:
        //   0,0,2,16,12.5653  0,0,2,32,12.704  -> n=2, kv=24: 12565 + 8 * (12704 - 12565) / 16 = 12634.5
        //   0,0,4,16,12.8527  0,0,4,32,13.046  -> n=4, kv=24: 12853 + 8 * (13046 - 12853) / 16 = 12949.5
        //   n=3: halfway
        assertEquals((12634.5 + 12949.5) / 2, a.valueNs(0, 0, 3, 24));
        // All four axes, across the two merged sub-grids: prefill_chunk 34 lies between 32 (factor-2
        // grid: kv_decode 512, 1024) and 36 (factor-1.5 grid: kv_decode 512, 768); kv_prefill 0 is
        // exact in both; n_decode 3 between 2 and 4; kv_decode 600.
        //   32,0,2,512,17.5043  32,0,2,1024,28.3093 -> 17504 + 88 * (28309 - 17504) / 512
        //   32,0,4,512,17.7387  32,0,4,1024,29.0027 -> 17739 + 88 * (29003 - 17739) / 512
        //   36,0,2,512,17.4617  36,0,2,768,22.976   -> 17462 + 88 * (22976 - 17462) / 256
        //   36,0,4,512,17.8243  36,0,4,768,23.328   -> 17824 + 88 * (23328 - 17824) / 256
        double pc32 = ((17504 + 88 * (28309 - 17504) / 512.0) + (17739 + 88 * (29003 - 17739) / 512.0)) / 2;
        double pc36 = ((17462 + 88 * (22976 - 17462) / 256.0) + (17824 + 88 * (23328 - 17824) / 256.0)) / 2;
        assertEquals((pc32 + pc36) / 2, a.valueNs(34, 0, 3, 600), 1e-9);
        assertEquals(19527.38671875, a.valueNs(34, 0, 3, 600), 1e-9);
    }

    @Test
    void attentionClampsBelowAndExtrapolatesAbove() {
        AttentionTable a = Samples.llamaBundle().attention();
        // kv_decode below the first point (16) clamps: LLMServingSim's golden run costs decode
        // steps at 10..16 tokens of context identically.
        assertEquals(8352, a.valueNs(0, 0, 1, 10));
        // A 10-token prefill alone: at prefill_chunk 0 only decode rows exist, so n_decode 0 clamps
        // to 1 and kv_decode 0 to 16 (0,0,1,16,8.35233); chunk 16 has 16,0,0,0,7.76533.
        assertEquals(8352 + 10 * (7765 - 8352) / 16.0, a.valueNs(10, 0, 0, 0));
        // n_decode past the last point (256): 0,0,128,16,35.798 and 0,0,256,16,62.262
        assertEquals(62262 + (512 - 256) * (62262 - 35798) / 128.0, a.valueNs(0, 0, 512, 16));
        // kv_decode past the last point: 0,0,1,13122,50.975 and 0,0,1,16384,62.3787
        assertEquals(62379 + (32768 - 16384) * (62379 - 50975) / (double) (16384 - 13122),
                a.valueNs(0, 0, 1, 32768), 1e-9);
    }

    @Test
    void skewBucketsComeFromTheTableElseTheDefault() {
        SkewFit skew = Samples.llamaBundle().skew().orElseThrow();
        // skew_fit.csv: 0,n<=2,sr<=70%,kvB<=1k,kp=0,0.1554
        assertEquals(0.1554, skew.alpha(0, 2, 0.5, 38, 0));
        // bins are (lo, hi]: 2 decodes are n<=2, 3 are n<=4 (0,n<=4,sr<=70%,kvB<=1k,kp=0,0.0977)
        assertEquals(0.0977, skew.alpha(0, 3, 0.5, 38, 0));
        // a prefill chunk that was not profiled has no bucket
        assertEquals(0.0543, skew.alpha(5, 2, 0.5, 38, 0));
        assertNotNull(skew);
        assertTrue(skew.buckets() > 0);
    }
}
