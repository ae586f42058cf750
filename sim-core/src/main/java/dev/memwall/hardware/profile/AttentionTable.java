package dev.memwall.hardware.profile;

import java.util.Arrays;
import java.util.Comparator;

import dev.memwall.input.InputException;

/**
 * {@code attention.csv}: attention time of one layer over four axes, in column order
 * {@code (prefill_chunk, kv_prefill, n_decode, kv_decode)}, where for a batch
 * {@code prefill_chunk} is the sum of the new tokens of its prefill sequences, {@code kv_prefill}
 * the sum of their KV already cached, {@code n_decode} the number of decode sequences and
 * {@code kv_decode} the mean KV of those, {@code floor(sum / n_decode)}.
 *
 * <p><b>Lookup: linear on each axis, axis after axis.</b> The profiled points are not one
 * tensor grid: LLMServingSim's profiler merges a factor-2 grid (chunks 0,16..2048; kv 0,16..16384)
 * with a factor-1.5 one (chunks 24,36,..,1384; kv 512,768,..,13122), the pure-decode part
 * ({@code prefill_chunk = 0}) has only {@code kv_prefill = 0} and {@code n_decode >= 1}, the
 * pure-prefill part only {@code n_decode = kv_decode = 0}, and mixed rows stop at 128 decodes.
 * So the table is read as a tree, first axis outermost: the query's {@code prefill_chunk} is
 * bracketed among the chunk values present; for each of the (at most two) bracketing chunks, its
 * {@code kv_prefill} is bracketed among the values present under that chunk; and so on down to
 * {@code kv_decode}; the results are blended back up with the 1-D rule of {@link LinearTable}:
 * exact at a point, linear between, last segment extended linearly above (never clamped), clamped
 * to the first point below, constant where only one value exists. On a full tensor grid this is
 * exactly multilinear interpolation. LLMServingSim's golden run confirms it point for point, e.g.
 * a 10-token prefill with no decodes costs {@code 8352 + (10 - 0) * (7765 - 8352) / (16 - 0)}
 * = 7985.125 ns per layer: at chunk 0 only decode rows exist, so {@code n_decode = 0} clamps to 1
 * and {@code kv_decode = 0} clamps to 16 (row {@code 0,0,1,16,8.35233}), and chunk 16 has the
 * exact row {@code 16,0,0,0,7.76533}.
 *
 * <p>Immutable; lookups recurse over primitive arrays and do not allocate.
 */
public final class AttentionTable {
    private static final int AXES = 4;
    /** Column names, in lookup order. */
    static final String[] COLUMNS = {"prefill_chunk", "kv_prefill", "n_decode", "kv_decode", "time_us"};

    /** {@code keys[level]}: the axis values of every node of that level, siblings contiguous and ascending. */
    private final double[][] keys;
    /** {@code children[level][i] .. children[level][i + 1]}: the children of node i of that level. */
    private final int[][] children;
    /** Times in ns of the leaves (the last level's nodes). */
    private final double[] values;
    private final int rows;
    /**
     * The same lookup over the rows with decodes ({@code n_decode > 0}), which batches with
     * decodes use: LLMServingSim builds its tree from those rows for them (its outputs show it:
     * at {@code prefill_chunk = 2048} the profile has pure-prefill rows at kv_prefill values the
     * mixed rows lack, and bracketing by them would give mixed batches near prefill-only times).
     * This table itself when every row has decodes.
     */
    private AttentionTable withDecodes = this;

    private AttentionTable(double[][] keys, int[][] children, double[] values) {
        this.keys = keys;
        this.children = children;
        this.values = values;
        this.rows = values.length;
    }

    /**
     * Builds the tree from parallel row arrays.
     *
     * @param axes {@code axes[a][r]}: axis {@code a} of row {@code r}
     * @param ns time of row {@code r}, ns
     * @param lines the physical line of each row, for errors
     * @throws InputException naming {@code file} and line when two rows have the same four axes
     */
    static AttentionTable build(double[][] axes, double[] ns, long[] lines, String file) {
        AttentionTable all = tree(axes, ns, lines, file);
        int withDecodes = 0;
        for (double d : axes[2]) {
            withDecodes += d > 0 ? 1 : 0;
        }
        if (withDecodes > 0 && withDecodes < ns.length) {
            double[][] a = new double[AXES][withDecodes];
            double[] v = new double[withDecodes];
            long[] l = new long[withDecodes];
            int k = 0;
            for (int r = 0; r < ns.length; r++) {
                if (axes[2][r] > 0) {
                    for (int x = 0; x < AXES; x++) {
                        a[x][k] = axes[x][r];
                    }
                    v[k] = ns[r];
                    l[k] = lines[r];
                    k++;
                }
            }
            all.withDecodes = tree(a, v, l, file);
        }
        return all;
    }

    private static AttentionTable tree(double[][] axes, double[] ns, long[] lines, String file) {
        int n = ns.length;
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) {
            order[r] = r;
        }
        Comparator<Integer> byAxes = (p, q) -> {
            for (int a = 0; a < AXES; a++) {
                int c = Double.compare(axes[a][p], axes[a][q]);
                if (c != 0) {
                    return c;
                }
            }
            return Long.compare(lines[p], lines[q]);
        };
        Arrays.sort(order, byAxes);
        // A new node starts at level a where the sorted row differs from the previous one in an
        // axis <= a.
        int[] count = new int[AXES];
        for (int i = 0; i < n; i++) {
            int first = firstDifference(axes, order, i);
            if (first == AXES) {
                int r = order[i];
                throw InputException.at(file + ":" + lines[r], "duplicate point (" + describe(axes, r)
                        + ") already on line " + lines[order[i - 1]]);
            }
            for (int a = first; a < AXES; a++) {
                count[a]++;
            }
        }
        double[][] keys = new double[AXES][];
        int[][] children = new int[AXES - 1][];
        for (int a = 0; a < AXES; a++) {
            keys[a] = new double[count[a]];
            if (a < AXES - 1) {
                children[a] = new int[count[a] + 1];
            }
        }
        double[] values = new double[n];
        int[] next = new int[AXES];
        for (int i = 0; i < n; i++) {
            int r = order[i];
            int first = firstDifference(axes, order, i);
            for (int a = first; a < AXES; a++) {
                int node = next[a]++;
                keys[a][node] = axes[a][r];
                if (a < AXES - 1) {
                    children[a][node] = next[a + 1];
                }
            }
            values[i] = ns[r];
        }
        for (int a = 0; a < AXES - 1; a++) {
            children[a][count[a]] = count[a + 1];
        }
        return new AttentionTable(keys, children, values);
    }

    private static int firstDifference(double[][] axes, Integer[] order, int i) {
        if (i == 0) {
            return 0;
        }
        int r = order[i];
        int p = order[i - 1];
        for (int a = 0; a < AXES; a++) {
            if (axes[a][r] != axes[a][p]) {
                return a;
            }
        }
        return AXES;
    }

    private static String describe(double[][] axes, int r) {
        StringBuilder s = new StringBuilder();
        for (int a = 0; a < AXES; a++) {
            s.append(a == 0 ? "" : ", ").append(COLUMNS[a]).append('=').append(CsvTable.plain(axes[a][r]));
        }
        return s.toString();
    }

    /**
     * The attention time of one layer in ns, not truncated, by the rule in the class comment.
     *
     * @param prefillChunk sum of new tokens of the prefill sequences
     * @param kvPrefill sum of their already-cached KV tokens
     * @param nDecode decode sequences
     * @param kvDecode their mean KV tokens (LLMServingSim: {@code floor(sum / nDecode)})
     */
    public double valueNs(double prefillChunk, double kvPrefill, double nDecode, double kvDecode) {
        AttentionTable t = nDecode > 0 ? withDecodes : this;
        return t.level(0, 0, t.keys[0].length, prefillChunk, kvPrefill, nDecode, kvDecode);
    }

    /** Number of profiled points (CSV rows). */
    public int size() {
        return rows;
    }

    /** Lookup along axis {@code level} over sibling nodes {@code [lo, hi)}; {@code at} is that axis's query. */
    private double level(int level, int lo, int hi, double at, double q1, double q2, double q3) {
        double[] k = keys[level];
        if (hi - lo == 1 || at <= k[lo]) {
            return node(level, lo, q1, q2, q3);
        }
        int found = Arrays.binarySearch(k, lo, hi, at);
        if (found >= 0) {
            return node(level, found, q1, q2, q3);
        }
        int i1 = Math.min(-found - 1, hi - 1);
        int i0 = i1 - 1;
        return LinearTable.interpolate(k[i0], node(level, i0, q1, q2, q3), k[i1], node(level, i1, q1, q2, q3), at);
    }

    /** The value of node {@code i} of {@code level}: a leaf's time, or the lookup over its children. */
    private double node(int level, int i, double q1, double q2, double q3) {
        if (level == AXES - 1) {
            return values[i];
        }
        int[] c = children[level];
        return level(level + 1, c[i], c[i + 1], q1, q2, q3, 0);
    }
}
