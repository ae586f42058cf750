package dev.memwall.metrics;

/**
 * Appends a double with a fixed number of decimals, as {@code %.Nf} would in the ROOT locale,
 * without {@link java.util.Formatter}'s cost: heartbeats print thousands of lines per run.
 */
public final class FixedPoint {
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private FixedPoint() {
    }

    /** Appends {@code value} rounded half-up to {@code decimals} (0..6) decimals. */
    public static StringBuilder append(StringBuilder sb, double value, int decimals) {
        if (!Double.isFinite(value) || Math.abs(value) >= 1e12) {
            return sb.append(String.format(java.util.Locale.US, "%." + decimals + "f", value));
        }
        long scale = POW10[decimals];
        long scaled = Math.round(Math.abs(value) * scale);
        if (value < 0 && scaled != 0) {
            sb.append('-');
        }
        sb.append(scaled / scale);
        if (decimals > 0) {
            sb.append('.');
            String frac = Long.toString(scaled % scale);
            for (int i = frac.length(); i < decimals; i++) {
                sb.append('0');
            }
            sb.append(frac);
        }
        return sb;
    }
}
