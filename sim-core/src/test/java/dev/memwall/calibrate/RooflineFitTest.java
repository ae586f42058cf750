package dev.memwall.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.hardware.KernelCosts;
import dev.memwall.hardware.RooflineConstants;
import dev.memwall.testing.RepoPaths;

/**
 * The fit recovers constants it did not start from: kernel times made by {@link KernelCosts} with
 * known constants (an H100 with 128x64 tiles, 0.85 of bandwidth, 0.7 of peak, ...) are fitted back
 * to those constants.
 */
class RooflineFitTest {
    private static final RooflineConstants TRUE = new RooflineConstants(0.85, 0.7, 128, 64, 3_500, 1.6, 2.2, 9_000,
            0.45, 0.15, 0.75, 120, 0.006, 350);

    private static HardwareSpec h100() {
        return HardwareCatalog.load(RepoPaths.hardware(), "H100", "test");
    }

    private static List<KernelSample> samples(KernelCosts costs) {
        List<KernelSample> out = new ArrayList<>();
        double[][] weights = {{4096, 6144}, {4096, 4096}, {4096, 28672}, {14336, 4096}};
        for (int t = 1; t <= 2048; t *= 2) {
            for (double[] w : weights) {
                for (int dt : new int[] {0, 3, 37}) {
                    double tokens = t + dt;
                    out.add(new KernelSample(KernelClass.GEMM, "g", "kernel", "synthetic", costs.gemmNs(tokens, w[0],
                            w[1], 2) + TRUE.kernelOverheadNs(), new double[] {tokens, w[0], w[1], 2}));
                }
            }
            double bytes = t * 16_384.0;
            out.add(new KernelSample(KernelClass.ELEMENTWISE, "n", "kernel", "synthetic",
                    costs.elementwiseNs(bytes) + TRUE.kernelOverheadNs(), new double[] {bytes}));
            out.add(new KernelSample(KernelClass.ACTIVATION, "a", "kernel", "synthetic",
                    costs.activationNs(bytes * 10) + TRUE.kernelOverheadNs(), new double[] {bytes * 10}));
        }
        for (int pc : new int[] {0, 16, 256, 2048}) {
            for (int kp : new int[] {0, 4096}) {
                for (int n : new int[] {0, 1, 16, 128}) {
                    for (int kd : new int[] {128, 4096}) {
                        if ((pc == 0 && (n == 0 || kp > 0)) || (n == 0 && kd > 128)) {
                            continue;
                        }
                        KernelSample s = Samples.attention(pc, kp, n, kd, 16_384, 4_096, "attention", "synthetic", 1);
                        double[] x = s.x();
                        double ns = costs.attentionNs(x[0], x[1], x[2], x[3], x[4], pc > 0) + TRUE.attentionOverheadNs();
                        out.add(new KernelSample(s.kernelClass(), "attention", "attention", "synthetic", ns, x));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void exactKernelTimesAreFittedBackToTheConstantsThatMadeThem() {
        HardwareSpec hw = h100();
        KernelCosts costs = new KernelCosts(TRUE.with("kernel_overhead_us", 0).with("attention_overhead_us", 0),
                hw.bf16FlopsPerSec(), hw.memoryBandwidthBytesPerSec(), hw.smCount());
        RooflineFit.Result r = new RooflineFit(hw).fit(samples(costs), "kernel", "attention");
        for (String key : RooflineConstants.KEYS) {
            double expected = TRUE.fileValue(key);
            assertEquals(expected, r.constants().fileValue(key), 1e-3 * expected, key);
        }
        assertEquals(RooflineConstants.KEYS, r.fitted());
        for (Residuals.Row row : r.residuals()) {
            assertTrue(row.medianAbsPct() < 1e-3, row.toString());
        }
    }
}
