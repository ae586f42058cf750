package dev.memwall.validate;

/**
 * One compared metric: a measured value and its simulated counterpart, in the unit its label
 * names (ms for times, us for kernel times; ratios are unitless).
 *
 * @param id          stable key, e.g. {@code ttft_mean}, that gates refer to
 * @param label       what the table shows, e.g. {@code TTFT mean (ms)}
 * @param statedErrorPct the row's error when it is not {@code (simulated - measured) / measured}
 *                    of the two values shown (a kernel table's median per-row error), else NaN
 */
public record MetricRow(String id, String label, double measured, double simulated, double statedErrorPct) {
    /** A row whose error is {@code (simulated - measured) / measured}. */
    public MetricRow(String id, String label, double measured, double simulated) {
        this(id, label, measured, simulated, Double.NaN);
    }

    /** {@code (simulated - measured) / measured} in percent, or the stated error. */
    public double errorPct() {
        return Double.isNaN(statedErrorPct) ? (simulated - measured) / measured * 100.0 : statedErrorPct;
    }
}
