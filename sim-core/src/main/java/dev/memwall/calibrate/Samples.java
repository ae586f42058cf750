package dev.memwall.calibrate;

import dev.memwall.hardware.LayerWork;
import dev.memwall.hardware.profile.CsvTable;

/** Helpers the table readers share. */
final class Samples {
    private Samples() {
    }

    /** Column {@code c} times {@code nsPerUnit}, which must be a time above 0. */
    static double positiveNs(CsvTable.Row row, int c, double nsPerUnit) {
        double v = row.number(c, 0);
        if (!(v > 0)) {
            throw row.error(c, "must be a time > 0 (got " + row.text(c) + ")");
        }
        return v * nsPerUnit;
    }

    /**
     * An attention sample of one prefill of {@code pc} new tokens over {@code kp} cached ones (none
     * when {@code pc} is 0) and {@code n} decodes at {@code kd} tokens of context each, its class
     * by what the batch holds. The quantities are those {@link LayerWork#attention} takes from a
     * {@link dev.memwall.hardware.BatchShape} of that batch, in closed form.
     */
    static KernelSample attention(int pc, int kp, int n, int kd, double flopsPerPair, double kvBytesPerToken,
            String group, String where, double ns) {
        double prefillPairs = (double) pc * kp + (double) pc * (pc + 1) / 2.0;
        double decodePairs = (double) n * (kd + 1.0);
        double[] x = {prefillPairs * flopsPerPair, kvBytesPerToken * ((double) kp + pc), kvBytesPerToken * decodePairs,
            n, flopsPerPair * decodePairs};
        KernelClass cls = pc == 0 ? KernelClass.ATTENTION_DECODE
                : n == 0 ? KernelClass.ATTENTION_PREFILL : KernelClass.ATTENTION_MIXED;
        return new KernelSample(cls, "attention", group, where, ns, x);
    }
}
