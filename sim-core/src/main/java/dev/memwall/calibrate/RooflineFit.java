package dev.memwall.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memwall.hardware.HardwareSpec;
import dev.memwall.hardware.KernelCosts;
import dev.memwall.hardware.RooflineConstants;

/**
 * Fits a GPU's {@link RooflineConstants} to kernel samples, each formula of {@link KernelCosts}
 * to its own classes:
 * <ol>
 *   <li>GEMMs, lm_head, elementwise and activation kernels together: memory and compute
 *       efficiency, elementwise and activation bandwidth, and one fixed cost per fixed-cost group
 *       (one for a vLLM bundle, {@code kernel_overhead_us}; one per HuggingFace layer for legacy
 *       tables, of which the GEMMs' is {@code kernel_overhead_us}), for every GEMM tile shape of
 *       {@link #TILES}, keeping the tile shape with the least error;</li>
 *   <li>attention: the prefill compute and KV efficiencies, the decode and mixed-batch decode
 *       bandwidths and per-sequence costs (each only where the samples hold such batches), and one
 *       fixed cost per group, {@code attention_overhead_us}.</li>
 * </ol>
 * Each by {@link RelativeLeastSquares}; constants the samples do not constrain keep the base
 * file's values. Deterministic: the same samples give the same constants.
 */
public final class RooflineFit {
    /** Candidate GEMM tiles {@code {m, n}}: the CUTLASS and cuBLAS shapes BF16 GEMMs use. */
    static final int[][] TILES = {{64, 64}, {64, 128}, {128, 64}, {128, 128}, {128, 256}, {256, 128}};
    private static final double MIN_EFFICIENCY = 1e-4;
    /**
     * Where every fit starts, whatever the base file holds, so that the fitted constants depend on
     * the data and the GPU's spec only: typical values of each term (file units).
     */
    private static final RooflineConstants START = RooflineConstants.fromFileValues(new double[] {
        0.8, 0.7, 128, 128, 3, 1, 1, 10, 0.5, 0.2, 0.8, 0.1, 0.01, 0.3});

    /**
     * A fit's outcome.
     *
     * @param constants the base constants with every fitted one replaced
     * @param fitted the efficiency keys the samples constrained, in file order
     * @param interceptsNs fitted fixed cost per group
     * @param predictedNs the fitted model's time of every sample, in sample order
     * @param residuals per kernel class
     */
    public record Result(RooflineConstants constants, List<String> fitted, Map<String, Double> interceptsNs,
            double[] predictedNs, List<Residuals.Row> residuals) {
    }

    private final HardwareSpec hw;

    /** @param hw the GPU: its spec, and the constants to start from and keep where unconstrained */
    public RooflineFit(HardwareSpec hw) {
        this.hw = hw;
    }

    /**
     * Fits {@code samples} (sampler samples are ignored).
     *
     * @param kernelGroup the group whose fixed cost becomes {@code kernel_overhead_us}
     * @param attentionGroup the group whose fixed cost becomes {@code attention_overhead_us}
     */
    public Result fit(List<KernelSample> samples, String kernelGroup, String attentionGroup) {
        List<KernelSample> dense = new ArrayList<>();
        List<KernelSample> attention = new ArrayList<>();
        for (KernelSample s : samples) {
            if (s.kernelClass().attention()) {
                attention.add(s);
            } else if (s.kernelClass() != KernelClass.SAMPLER) {
                dense.add(s);
            }
        }
        RooflineConstants c = hw.roofline();
        List<String> fitted = new ArrayList<>();
        Map<String, Double> intercepts = new LinkedHashMap<>();
        if (!dense.isEmpty()) {
            c = fitDense(dense, c, fitted, intercepts, kernelGroup);
        }
        if (!attention.isEmpty()) {
            c = fitAttention(attention, c, fitted, intercepts, attentionGroup);
        }
        List<String> ordered = new ArrayList<>();
        for (String key : RooflineConstants.KEYS) {
            if (fitted.contains(key)) {
                ordered.add(key);
            }
        }
        double[] predicted = predict(samples, c, intercepts);
        return new Result(c, List.copyOf(ordered), Map.copyOf(intercepts), predicted,
                Residuals.of(withoutSampler(samples), withoutSampler(samples, predicted)));
    }

    /** The model's time of every sample with {@code constants} and per-group fixed costs (ns). */
    public double[] predict(List<KernelSample> samples, RooflineConstants constants, Map<String, Double> interceptsNs) {
        KernelCosts costs = costs(constants.with("kernel_overhead_us", 0).with("attention_overhead_us", 0));
        double[] out = new double[samples.size()];
        for (int i = 0; i < out.length; i++) {
            KernelSample s = samples.get(i);
            double fallback = s.kernelClass().attention() ? constants.attentionOverheadNs() : constants.kernelOverheadNs();
            out[i] = s.kernelClass() == KernelClass.SAMPLER ? Double.NaN
                    : time(costs, s) + interceptsNs.getOrDefault(s.group(), fallback);
        }
        return out;
    }

    private KernelCosts costs(RooflineConstants c) {
        return new KernelCosts(c, hw.bf16FlopsPerSec(), hw.memoryBandwidthBytesPerSec(), hw.smCount());
    }

    /** The formula of the sample's class, without its fixed cost. */
    private static double time(KernelCosts costs, KernelSample s) {
        double[] x = s.x();
        switch (s.kernelClass()) {
            case GEMM:
            case LM_HEAD:
                return costs.gemmNs(x[0], x[1], x[2], x[3]);
            case ELEMENTWISE:
                return costs.elementwiseNs(x[0]);
            case ACTIVATION:
                return costs.activationNs(x[0]);
            case ATTENTION_PREFILL:
            case ATTENTION_DECODE:
                return costs.attentionNs(x[0], x[1], x[2], x[3], x[4],
                        s.kernelClass() == KernelClass.ATTENTION_PREFILL);
            case ATTENTION_MIXED:
                return costs.attentionNs(x[0], x[1], x[2], x[3], x[4], true);
            default:
                return Double.NaN;
        }
    }

    private RooflineConstants fitDense(List<KernelSample> dense, RooflineConstants base, List<String> fitted,
            Map<String, Double> intercepts, String kernelGroup) {
        Set<KernelClass> classes = classes(dense);
        List<String> keys = new ArrayList<>();
        if (classes.contains(KernelClass.GEMM) || classes.contains(KernelClass.LM_HEAD)) {
            keys.add("memory_bandwidth");
            keys.add("compute");
        }
        if (classes.contains(KernelClass.ELEMENTWISE)) {
            keys.add("elementwise_bandwidth");
        }
        if (classes.contains(KernelClass.ACTIVATION)) {
            keys.add("activation_bandwidth");
        }
        List<String> groups = groups(dense);
        boolean gemms = keys.contains("compute");
        int[][] tiles = gemms ? TILES : new int[][] {{base.gemmTileM(), base.gemmTileN()}};
        double best = Double.MAX_VALUE;
        RooflineConstants bestConstants = base;
        double[] bestX = null;
        for (int[] tile : tiles) {
            RooflineConstants start = base.with("gemm_tile_m", tile[0]).with("gemm_tile_n", tile[1]);
            double[] x = solve(dense, start, keys, groups, false, START);
            RooflineConstants c = apply(start, keys, x);
            double cost = cost(dense, predict(dense, c, groupMap(groups, x, keys.size())));
            if (cost < best) {
                best = cost;
                bestConstants = c;
                bestX = x;
            }
        }
        fitted.addAll(keys);
        if (gemms) {
            fitted.add("gemm_tile_m");
            fitted.add("gemm_tile_n");
        }
        intercepts.putAll(groupMap(groups, bestX, keys.size()));
        if (intercepts.containsKey(kernelGroup)) {
            fitted.add("kernel_overhead_us");
            bestConstants = bestConstants.with("kernel_overhead_us", intercepts.get(kernelGroup) / 1e3);
        }
        return bestConstants;
    }

    private RooflineConstants fitAttention(List<KernelSample> attention, RooflineConstants base, List<String> fitted,
            Map<String, Double> intercepts, String attentionGroup) {
        Set<KernelClass> classes = classes(attention);
        List<String> keys = new ArrayList<>();
        if (classes.contains(KernelClass.ATTENTION_PREFILL) || classes.contains(KernelClass.ATTENTION_MIXED)) {
            keys.add("attention_prefill_compute");
            keys.add("attention_prefill_kv_bandwidth");
        }
        if (classes.contains(KernelClass.ATTENTION_DECODE)) {
            keys.add("attention_decode_bandwidth");
            keys.add("attention_decode_sequence_us");
        }
        if (classes.contains(KernelClass.ATTENTION_MIXED)) {
            keys.add("attention_mixed_decode_compute");
            keys.add("attention_mixed_decode_sequence_us");
        }
        List<String> groups = groups(attention);
        double[] x = solve(attention, base, keys, groups, true, START);
        fitted.addAll(keys);
        Map<String, Double> g = groupMap(groups, x, keys.size());
        intercepts.putAll(g);
        RooflineConstants c = apply(base, keys, x);
        if (g.containsKey(attentionGroup)) {
            fitted.add("attention_overhead_us");
            c = c.with("attention_overhead_us", g.get(attentionGroup) / 1e3);
        }
        return c;
    }

    /** Least squares over {@code keys} (file units) and one fixed cost per group (us). */
    private double[] solve(List<KernelSample> samples, RooflineConstants start, List<String> keys, List<String> groups,
            boolean attention, RooflineConstants from) {
        int p = keys.size() + groups.size();
        double[] x0 = new double[p];
        double[] lower = new double[p];
        double[] upper = new double[p];
        for (int j = 0; j < keys.size(); j++) {
            String key = keys.get(j);
            x0[j] = from.fileValue(key);
            boolean time = key.endsWith("_us");
            boolean fraction = key.equals("memory_bandwidth") || key.equals("compute");
            lower[j] = time ? 0 : MIN_EFFICIENCY;
            upper[j] = time ? 1_000 : fraction ? 1 : 50;
        }
        for (int g = 0; g < groups.size(); g++) {
            x0[keys.size() + g] = (attention ? from.attentionOverheadNs() : from.kernelOverheadNs()) / 1e3;
            lower[keys.size() + g] = 0;
            upper[keys.size() + g] = 10_000;
        }
        double[] measured = new double[samples.size()];
        int[] group = new int[samples.size()];
        for (int i = 0; i < measured.length; i++) {
            measured[i] = samples.get(i).measuredNs();
            group[i] = groups.indexOf(samples.get(i).group());
        }
        int[] at = new int[RooflineConstants.KEYS.size()];
        for (int k = 0; k < at.length; k++) {
            at[k] = keys.indexOf(RooflineConstants.KEYS.get(k));
        }
        return RelativeLeastSquares.fit(x0, lower, upper, measured,
                (x, out, jacobian) -> evaluate(samples, apply(start, keys, x), x, at, keys.size(), group, out, jacobian));
    }

    /**
     * Predictions and their derivatives by the fitted parameters: {@code at[k]} is the parameter
     * index of efficiency key {@code k} (-1 when not fitted), group fixed costs follow at
     * {@code offset}. Every term of a formula is {@code a / e} for an efficiency {@code e} (so
     * its derivative is {@code -term / e}) or {@code n * s} for a per-sequence cost {@code s}.
     */
    private void evaluate(List<KernelSample> samples, RooflineConstants c, double[] x, int[] at, int offset,
            int[] group, double[] out, double[][] jacobian) {
        KernelCosts costs = costs(c.with("kernel_overhead_us", 0).with("attention_overhead_us", 0));
        double peak = hw.bf16FlopsPerSec();
        double bw = hw.memoryBandwidthBytesPerSec();
        for (int i = 0; i < out.length; i++) {
            KernelSample s = samples.get(i);
            double[] f = s.x();
            double[] d = jacobian == null ? null : jacobian[i];
            double t;
            switch (s.kernelClass()) {
                case GEMM:
                case LM_HEAD: {
                    double cs = costs.gemmComputeSec(f[0], f[1], f[2]);
                    double ms = costs.gemmMemorySec(f[0], f[1], f[2], f[3]);
                    double root = Math.sqrt(cs * cs + ms * ms);
                    t = root * 1e9;
                    slope(d, at[1], -cs * cs / root / c.computeEfficiency() * 1e9);
                    slope(d, at[0], -ms * ms / root / c.memoryEfficiency() * 1e9);
                    break;
                }
                case ELEMENTWISE:
                    t = costs.elementwiseNs(f[0]);
                    slope(d, at[5], -t / c.elementwiseEfficiency());
                    break;
                case ACTIVATION:
                    t = costs.activationNs(f[0]);
                    slope(d, at[6], -t / c.activationEfficiency());
                    break;
                case ATTENTION_DECODE: {
                    double kv = f[2] / (bw * c.attentionDecodeEfficiency()) * 1e9;
                    t = kv + f[3] * c.attentionDecodeSequenceNs();
                    slope(d, at[10], -kv / c.attentionDecodeEfficiency());
                    slope(d, at[11], f[3] * 1e3);
                    break;
                }
                default: { // prefill, mixed
                    double pf = f[0] / (peak * c.attentionPrefillComputeEfficiency()) * 1e9;
                    double pkv = f[1] / (bw * c.attentionPrefillKvEfficiency()) * 1e9;
                    double md = f[4] / (peak * c.attentionMixedDecodeEfficiency()) * 1e9;
                    t = pf + pkv + md + f[3] * c.attentionMixedDecodeSequenceNs();
                    slope(d, at[8], -pf / c.attentionPrefillComputeEfficiency());
                    slope(d, at[9], -pkv / c.attentionPrefillKvEfficiency());
                    slope(d, at[12], -md / c.attentionMixedDecodeEfficiency());
                    slope(d, at[13], f[3] * 1e3);
                    break;
                }
            }
            out[i] = t + x[offset + group[i]] * 1e3;
            slope(d, offset + group[i], 1e3);
        }
    }

    private static void slope(double[] row, int j, double value) {
        if (row != null && j >= 0) {
            row[j] = value;
        }
    }

    private static RooflineConstants apply(RooflineConstants c, List<String> keys, double[] x) {
        for (int j = 0; j < keys.size(); j++) {
            c = c.with(keys.get(j), x[j]);
        }
        return c;
    }

    private static Map<String, Double> groupMap(List<String> groups, double[] x, int offset) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            m.put(groups.get(g), x[offset + g] * 1e3);
        }
        return m;
    }

    private static double cost(List<KernelSample> samples, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double r = (predicted[i] - samples.get(i).measuredNs()) / samples.get(i).measuredNs();
            sum += r * r;
        }
        return sum;
    }

    private static Set<KernelClass> classes(List<KernelSample> samples) {
        Set<KernelClass> set = new LinkedHashSet<>();
        samples.forEach(s -> set.add(s.kernelClass()));
        return set;
    }

    private static List<String> groups(List<KernelSample> samples) {
        Set<String> set = new LinkedHashSet<>();
        samples.forEach(s -> set.add(s.group()));
        return new ArrayList<>(set);
    }

    private static List<KernelSample> withoutSampler(List<KernelSample> samples) {
        return samples.stream().filter(s -> s.kernelClass() != KernelClass.SAMPLER).toList();
    }

    private static double[] withoutSampler(List<KernelSample> samples, double[] predicted) {
        double[] out = new double[predicted.length];
        int k = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (samples.get(i).kernelClass() != KernelClass.SAMPLER) {
                out[k++] = predicted[i];
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
