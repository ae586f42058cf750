package dev.memwall.hardware.profile;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import dev.memwall.input.InputException;

/**
 * {@code moe.csv} ({@code tokens,activated_experts,time_us}): one MoE layer's time (router gate and
 * fused experts) by the tokens it routes and the distinct experts they activate. Read as a tree,
 * tokens outermost: the query's tokens are bracketed among the token counts profiled, each
 * bracketing count's experts axis is looked up with {@link LinearTable}'s rule (the profile has
 * 8 experts only at 1 token, 8..128 further up), and the two results are blended over tokens
 * with the same rule: exact at a point, linear between, last segment extended above, clamped
 * below. Times are whole ns; {@link #valueNs} is not truncated (the caller truncates).
 *
 * <p>LLMServingSim profiles MoE at TP 1 only: the bundle's {@code tp1/moe.csv} serves every TP
 * degree. Immutable; lookups do not allocate.
 */
public final class MoeTable {
    static final String[] COLUMNS = {"tokens", "activated_experts", "time_us"};

    private final double[] tokens;
    private final LinearTable[] byExperts;

    private MoeTable(double[] tokens, LinearTable[] byExperts) {
        this.tokens = tokens;
        this.byExperts = byExperts;
    }

    /**
     * Reads {@code csv}.
     *
     * @throws InputException a missing column, a bad number, a repeated point or no rows, naming
     *     the file and line
     */
    static MoeTable read(Path csv) {
        String file = csv.toString();
        TreeMap<Double, TreeMap<Double, double[]>> points = new TreeMap<>();
        CsvTable.read(csv, COLUMNS, row -> {
            double t = row.number(0, 1);
            double e = row.number(1, 1);
            double ns = CsvTable.usToNs(row.number(2, 0));
            double[] previous = points.computeIfAbsent(t, k -> new TreeMap<>()).put(e, new double[] {ns, row.line()});
            if (previous != null) {
                throw InputException.at(file + ":" + row.line(), "duplicate point (tokens=" + CsvTable.plain(t)
                        + ", activated_experts=" + CsvTable.plain(e) + ") already on line " + (long) previous[1]);
            }
        });
        if (points.isEmpty()) {
            throw InputException.at(file, "no rows");
        }
        double[] tokens = new double[points.size()];
        LinearTable[] tables = new LinearTable[tokens.length];
        int i = 0;
        for (Map.Entry<Double, TreeMap<Double, double[]>> t : points.entrySet()) {
            double[] xs = new double[t.getValue().size()];
            double[] ys = new double[xs.length];
            int j = 0;
            for (Map.Entry<Double, double[]> p : t.getValue().entrySet()) {
                xs[j] = p.getKey();
                ys[j++] = p.getValue()[0];
            }
            tokens[i] = t.getKey();
            tables[i++] = new LinearTable(xs, ys);
        }
        return new MoeTable(tokens, tables);
    }

    /** The time in ns of one MoE layer routing {@code tokens} tokens to {@code experts} distinct experts. */
    public double valueNs(double tokenCount, double experts) {
        int n = tokens.length;
        if (n == 1 || tokenCount <= tokens[0]) {
            return byExperts[0].valueNs(experts);
        }
        int found = java.util.Arrays.binarySearch(tokens, tokenCount);
        if (found >= 0) {
            return byExperts[found].valueNs(experts);
        }
        int i1 = Math.min(-found - 1, n - 1);
        int i0 = i1 - 1;
        return LinearTable.interpolate(tokens[i0], byExperts[i0].valueNs(experts), tokens[i1],
                byExperts[i1].valueNs(experts), tokenCount);
    }

    /** Token counts profiled, ascending. */
    public int tokenPoints() {
        return tokens.length;
    }
}
