package dev.memwall.bench;

import java.util.Arrays;

/** What {@code benchmarks.jar} adds to a JMH command line: the {@link SimMetricsProfiler}. */
public final class JmhDefaults {
    /** The profiler's {@code -prof} name. */
    public static final String SIM_METRICS_PROFILER = SimMetricsProfiler.class.getName();

    private JmhDefaults() {
    }

    /** {@code args} plus {@code -prof SimMetricsProfiler}, unless they already name it. */
    public static String[] withSimMetrics(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-prof") && args[i + 1].startsWith(SIM_METRICS_PROFILER)) {
                return args;
            }
        }
        String[] out = Arrays.copyOf(args, args.length + 2);
        out[args.length] = "-prof";
        out[args.length + 1] = SIM_METRICS_PROFILER;
        return out;
    }
}
