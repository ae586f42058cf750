package dev.memwall.memory;

/**
 * A device's latency under load: idle latency times a multiplier read off a (utilization,
 * multiplier) curve, linearly interpolated, where utilization is the fraction of the last
 * {@code windowNs} the device spent moving data. The default curve is the shape of the MESS
 * DDR5 measurements (shared/reference/hardware.md §1.3, x-axis normalised to the achievable
 * maximum): +7% at 30%, +20% at 60%, +45% at 85%, +70% at 93%, +110% at saturation.
 *
 * <p>Utilization is tracked as an exponentially decaying sum of busy time (time constant
 * {@code windowNs}), which needs no history buffer and allocates nothing.
 */
public final class LoadedLatency {
    /** MESS DDR5 shape, hardware.md §1.3. */
    public static final double[][] MESS_DDR5 = {{0.0, 1.0}, {0.3, 1.07}, {0.6, 1.2}, {0.85, 1.45}, {0.93, 1.7},
        {1.0, 2.1}};

    private final double[] utilization;
    private final double[] multiplier;
    private final double windowNs;
    private double busyEwmaNs;
    private long lastNs;

    public LoadedLatency(double[][] curve, long windowNs) {
        if (curve.length < 2 || windowNs <= 0) {
            throw new IllegalArgumentException("a curve of at least two points and a positive window");
        }
        utilization = new double[curve.length];
        multiplier = new double[curve.length];
        for (int i = 0; i < curve.length; i++) {
            utilization[i] = curve[i][0];
            multiplier[i] = curve[i][1];
            if (i > 0 && utilization[i] <= utilization[i - 1]) {
                throw new IllegalArgumentException("curve utilizations must increase");
            }
        }
        this.windowNs = windowNs;
    }

    void reset() {
        busyEwmaNs = 0;
        lastNs = 0;
    }

    /** Current utilization estimate in [0, 1] at {@code nowNs}. */
    double utilization(long nowNs) {
        double decayed = busyEwmaNs * Math.exp(-Math.max(0, nowNs - lastNs) / windowNs);
        return Math.min(1.0, decayed / windowNs);
    }

    /** Latency of a transfer starting at {@code nowNs}, given the idle latency. */
    long latencyNs(long idleNs, long nowNs) {
        double u = utilization(nowNs);
        double m = multiplier[multiplier.length - 1];
        for (int i = 1; i < utilization.length; i++) {
            if (u <= utilization[i]) {
                double f = (u - utilization[i - 1]) / (utilization[i] - utilization[i - 1]);
                m = multiplier[i - 1] + f * (multiplier[i] - multiplier[i - 1]);
                break;
            }
        }
        return Math.round(idleNs * m);
    }

    /** Records that the device moved data for {@code dataNs} during {@code [startNs, endNs]}. */
    void record(long startNs, long endNs, long dataNs) {
        long at = Math.max(lastNs, endNs);
        busyEwmaNs = busyEwmaNs * Math.exp(-Math.max(0, at - lastNs) / windowNs) + dataNs;
        lastNs = at;
    }
}
