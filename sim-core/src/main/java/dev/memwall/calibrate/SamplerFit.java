package dev.memwall.calibrate;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's per-step and per-sequence cost from a bundle's sampler times
 * ({@code per_sequence.csv}, layer {@code sampler}): {@code t = step + S * perSequence} by
 * least squares on relative error. What LLMServingSim adds to the kernels of every iteration, and
 * so what an engine profile must add for the roofline to match it.
 *
 * @param iterationNs fitted per-step cost
 * @param sequenceNs fitted per-sequence cost
 * @param residuals the fit's errors (one row, {@code sampler})
 */
public record SamplerFit(double iterationNs, double sequenceNs, Residuals.Row residuals) {

    /** Fits every sampler sample of {@code samples}; null when there are none. */
    public static SamplerFit of(List<KernelSample> samples) {
        List<KernelSample> sampler = samples.stream().filter(s -> s.kernelClass() == KernelClass.SAMPLER).toList();
        if (sampler.isEmpty()) {
            return null;
        }
        double[] measured = new double[sampler.size()];
        for (int i = 0; i < measured.length; i++) {
            measured[i] = sampler.get(i).measuredNs();
        }
        double[] x = RelativeLeastSquares.fit(new double[] {20, 0.5}, new double[] {0, 0}, new double[] {10_000, 10_000},
                measured, (p, out, jacobian) -> {
                    for (int i = 0; i < out.length; i++) {
                        double seqs = sampler.get(i).x()[0];
                        out[i] = (p[0] + p[1] * seqs) * 1e3;
                        jacobian[i][0] = 1e3;
                        jacobian[i][1] = seqs * 1e3;
                    }
                });
        List<Double> errors = new ArrayList<>();
        for (int i = 0; i < measured.length; i++) {
            errors.add(((x[0] + x[1] * sampler.get(i).x()[0]) * 1e3 - measured[i]) / measured[i]);
        }
        return new SamplerFit(x[0] * 1e3, x[1] * 1e3, Residuals.row(KernelClass.SAMPLER.label(), errors));
    }
}
