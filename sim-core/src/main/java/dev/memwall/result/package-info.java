/**
 * The one reduction of a finished simulation and the one metric vocabulary.
 * {@link dev.memwall.result.RunReduction} turns a run into a {@link dev.memwall.result.RunResult}
 * (every {@link dev.memwall.result.Metric}, per-instance and per-device rows, the bottleneck);
 * {@link dev.memwall.result.SummaryJson} and {@link dev.memwall.result.SummaryText} write it for
 * {@code simulate}, sweeps store it per point, {@code validate} names its metrics by the
 * vocabulary's ids and the JMH profiler posts it under the vocabulary's JMH names.
 * {@link dev.memwall.result.Provenance} records what produced a result. {@code docs/metrics.md}
 * is generated from the vocabulary ({@link dev.memwall.result.MetricsDoc}).
 */
package dev.memwall.result;
