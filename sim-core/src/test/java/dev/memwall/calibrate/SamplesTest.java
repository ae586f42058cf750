package dev.memwall.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.LayerWork;

/** A table row's attention quantities are what the roofline takes from the same batch. */
class SamplesTest {
    @ParameterizedTest(name = "prefill {0} over {1}, {2} decodes at {3}")
    @CsvSource({"512, 0, 0, 0", "16, 4096, 8, 300", "0, 0, 64, 1000", "2048, 512, 127, 16"})
    void attentionSamplesMatchTheRooflinesBatchQuantities(int pc, int kp, int n, int kd) {
        BatchShape b = new BatchShape();
        if (pc > 0) {
            b.add(pc, kp);
        }
        for (int i = 0; i < n; i++) {
            b.add(1, kd);
        }
        double[] roofline = new double[4];
        LayerWork.attention(b, 16_384, 4_096, roofline);
        KernelSample s = Samples.attention(pc, kp, n, kd, 16_384, 4_096, "attention", "here", 1);
        double[] x = s.x();
        assertArrayEquals(new double[] {roofline[0], roofline[1], roofline[2], n, roofline[3]}, x, 1e-6);
        assertEquals(pc == 0 ? KernelClass.ATTENTION_DECODE : n == 0 ? KernelClass.ATTENTION_PREFILL
                : KernelClass.ATTENTION_MIXED, s.kernelClass());
    }
}
