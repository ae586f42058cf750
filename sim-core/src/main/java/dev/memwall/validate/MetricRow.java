package dev.memwall.validate;

/**
 * One compared metric: a measured value and its simulated counterpart, in the unit its label
 * names (ms for times; ratios are unitless).
 *
 * @param id    stable key, e.g. {@code ttft_mean}, that gates refer to
 * @param label what the table shows, e.g. {@code TTFT mean (ms)}
 */
public record MetricRow(String id, String label, double measured, double simulated) {
    /** {@code (simulated - measured) / measured}, in percent. */
    public double errorPct() {
        return (simulated - measured) / measured * 100.0;
    }
}
