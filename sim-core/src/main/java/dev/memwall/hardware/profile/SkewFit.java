package dev.memwall.hardware.profile;

import java.util.Arrays;
import java.util.TreeSet;

import dev.memwall.input.InputException;

/**
 * LLMServingSim's attention skew correction: a batch whose decode sequences have uneven KV
 * lengths takes longer than the table's time at their mean, so
 * <pre>
 *   t = round(t_mean + alpha * max(0, t_max - t_mean))
 * </pre>
 * where, for the batch's {@code (prefill_chunk, kv_prefill, n_decode)},
 * <ul>
 *   <li>{@code t_mean} = attention lookup at {@code kv_decode = floor(sum / n)}, truncated to
 *       whole ns;</li>
 *   <li>{@code t_max} = attention lookup at {@code kv_decode = max}, the longest decode's KV,
 *       truncated;</li>
 *   <li>{@code alpha} = this table's value for the batch's bucket, else the bundle's
 *       {@code alpha_default} (meta.yaml {@code skew_fit.per_tp.<tp>.alpha_default});</li>
 *   <li>the bucket is {@code (pc, n_label, skew_rate_label, kv_big_label, kp_label)}: {@code pc}
 *       is the batch's prefill chunk matched exactly against the profiled values (meta.yaml:
 *       "raw pc value (profiled grid point)"; any other chunk has no bucket), the others are bins
 *       of meta.yaml {@code skew_fit.bucket_axes}, each bin {@code (lo, hi]} (pandas.cut's
 *       default): {@code n_bins} over {@code n_decode}, {@code skew_rate_bins} over
 *       {@code skew_rate = (mean - min) / (max - min)} (mean = {@code floor(sum / n)} as for the
 *       lookup; the golden run fits the exact mean equally), {@code kv_big_bins}
 *       over the max KV and {@code kp_bins} over {@code kv_prefill};</li>
 *   <li>the correction applies only with at least two decode sequences whose KV differ
 *       ({@code max > mean}); with one, or all equal, {@code t = t_mean}.</li>
 * </ul>
 * The reference names the formula, the 5-axis bucket table and alpha = 0 without a skew profile;
 * every detail above that it does not state (what t_max is, the skew-rate formula, the exact-pc
 * match with fallback to {@code alpha_default}, the {@code max(0, ..)}, the rounding) was fitted to
 * LLMServingSim's golden example run, which then reproduces exactly: with
 * {@code skew_rate = (mean - min) / (max - min)}, 0 of 591 latencies differ; counting the share of
 * sequences above the mean instead, 359 differ; with the share at the max, 404. That run has
 * up to 6 decodes, KV under 1k, no cached prefix and prefill chunks of 2..22 tokens (106
 * corrected iterations: 99 from table buckets, one of them at the profiled chunk 16 with alpha
 * 0.9809, and 7 unprofiled chunks on {@code alpha_default}), so buckets with {@code kp > 0} or
 * large batches follow the same rule untested against LLMServingSim. For instance two decodes at KV 38 and 22 (mean 30)
 * fall in bucket {@code (0, n<=2, sr<=70%, kvB<=1k, kp=0)} with alpha 0.1554: {@code t_mean} =
 * 12686, {@code t_max} = 12733, {@code t = round(12686 + 0.1554 * 47) = 12693} ns per layer, as
 * in the golden run.
 *
 * <p>Immutable; lookups do not allocate.
 */
public final class SkewFit {
    static final String[] COLUMNS = {"pc", "n_label", "skew_rate_label", "kv_big_label", "kp_label", "alpha"};

    private final double alphaDefault;
    private final double[] pcs;
    private final double[] nBins;
    private final double[] rateBins;
    private final double[] kvBigBins;
    private final double[] kpBins;
    /** Flattened {@code [pc][n][rate][kvBig][kp]}; NaN where the table has no bucket. */
    private final double[] alpha;
    private final int buckets;

    private SkewFit(double alphaDefault, double[] pcs, double[] nBins, double[] rateBins, double[] kvBigBins,
            double[] kpBins, double[] alpha, int buckets) {
        this.alphaDefault = alphaDefault;
        this.pcs = pcs;
        this.nBins = nBins;
        this.rateBins = rateBins;
        this.kvBigBins = kvBigBins;
        this.kpBins = kpBins;
        this.alpha = alpha;
        this.buckets = buckets;
    }

    /** The bin edges and labels of one bucket axis, from meta.yaml. */
    record Axis(String name, double[] bins, String[] labels) {
        int labelIndex(String label) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i].equals(label)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A skew profile with no bucket table: every batch gets {@code alphaDefault}. */
    static SkewFit defaultOnly(double alphaDefault, Axis n, Axis rate, Axis kvBig, Axis kp) {
        return new SkewFit(alphaDefault, new double[0], n.bins(), rate.bins(), kvBig.bins(), kp.bins(), new double[0], 0);
    }

    /**
     * Reads the bucket table {@code csv} (columns {@link #COLUMNS}, labels as meta.yaml names them).
     *
     * @throws InputException {@code <file>:<line>: <column>: <problem>} for a bad number, an
     *     unknown label or a repeated bucket
     */
    static SkewFit read(java.nio.file.Path csv, double alphaDefault, Axis n, Axis rate, Axis kvBig, Axis kp) {
        String file = csv.toString();
        // First pass collects the pc values, the second fills the table.
        TreeSet<Double> pcSet = new TreeSet<>();
        CsvTable.read(csv, COLUMNS, row -> {
            pcSet.add(row.number(0, 0));
            label(row, 1, n);
            label(row, 2, rate);
            label(row, 3, kvBig);
            label(row, 4, kp);
            row.number(5, Double.NEGATIVE_INFINITY);
        });
        double[] pcs = new double[pcSet.size()];
        int p = 0;
        for (double v : pcSet) {
            pcs[p++] = v;
        }
        int cells = pcs.length * n.labels().length * rate.labels().length * kvBig.labels().length * kp.labels().length;
        double[] alpha = new double[cells];
        long[] lineOf = new long[cells];
        Arrays.fill(alpha, Double.NaN);
        int[] rows = new int[1];
        CsvTable.read(csv, COLUMNS, row -> {
            int pc = Arrays.binarySearch(pcs, row.number(0, 0));
            int cell = index(pc, label(row, 1, n), label(row, 2, rate), label(row, 3, kvBig), label(row, 4, kp),
                    n.labels().length, rate.labels().length, kvBig.labels().length, kp.labels().length);
            if (!Double.isNaN(alpha[cell])) {
                throw InputException.at(file + ":" + row.line(), "duplicate bucket (already on line "
                        + lineOf[cell] + ")");
            }
            alpha[cell] = row.number(5, Double.NEGATIVE_INFINITY);
            lineOf[cell] = row.line();
            rows[0]++;
        });
        return new SkewFit(alphaDefault, pcs, n.bins(), rate.bins(), kvBig.bins(), kp.bins(), alpha, rows[0]);
    }

    private static int label(CsvTable.Row row, int column, Axis axis) {
        String text = row.text(column);
        int i = axis.labelIndex(text);
        if (i < 0) {
            throw row.error(column, "unknown label '" + text + "' (meta.yaml skew_fit.bucket_axes."
                    + axis.name() + ": " + String.join(", ", axis.labels()) + ")");
        }
        return i;
    }

    private static int index(int pc, int n, int rate, int kvBig, int kp, int nn, int nr, int nk, int np) {
        return (((pc * nn + n) * nr + rate) * nk + kvBig) * np + kp;
    }

    /** The bin {@code i} with {@code bins[i] < x <= bins[i + 1]}, or -1. */
    private static int bin(double[] bins, double x) {
        for (int i = 0; i + 1 < bins.length; i++) {
            if (x > bins[i] && x <= bins[i + 1]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The alpha of a batch's bucket, or {@link #alphaDefault()} when the batch falls in no bucket
     * of the table (a prefill chunk that was not profiled, a value outside the bins, or a bucket
     * the fit did not produce).
     *
     * @param prefillChunk sum of new prefill tokens, matched exactly
     * @param nDecode decode sequences
     * @param skewRate {@code (mean - min) / (max - min)} of the decode KV
     * @param kvBig the largest decode KV
     * @param kvPrefill sum of already-cached KV tokens of the prefills
     */
    public double alpha(double prefillChunk, double nDecode, double skewRate, double kvBig, double kvPrefill) {
        int pc = Arrays.binarySearch(pcs, prefillChunk);
        int n = bin(nBins, nDecode);
        int rate = bin(rateBins, skewRate);
        int kv = bin(kvBigBins, kvBig);
        int kp = bin(kpBins, kvPrefill);
        if (pc < 0 || n < 0 || rate < 0 || kv < 0 || kp < 0) {
            return alphaDefault;
        }
        double a = alpha[index(pc, n, rate, kv, kp, nBins.length - 1, rateBins.length - 1, kvBigBins.length - 1,
                kpBins.length - 1)];
        return Double.isNaN(a) ? alphaDefault : a;
    }

    /** meta.yaml's {@code alpha_default} for this TP degree. */
    public double alphaDefault() {
        return alphaDefault;
    }

    /** Buckets in the table (rows of skew_fit.csv); 0 when the bundle has none. */
    public int buckets() {
        return buckets;
    }
}
