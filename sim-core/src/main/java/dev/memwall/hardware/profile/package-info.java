/**
 * The profile-table iteration-time backend: LLMServingSim's latency bundles
 * ({@code profiler/perf/<hardware>/<org>/<model>/<variant>/meta.yaml} and
 * {@code tp<N>/{dense,per_sequence,attention,skew_fit}.csv}) read as they are
 * ({@link dev.memwall.hardware.profile.ProfileBundle}), looked up with LLMServingSim's own
 * interpolation rules ({@link dev.memwall.hardware.profile.LinearTable},
 * {@link dev.memwall.hardware.profile.AttentionTable},
 * {@link dev.memwall.hardware.profile.SkewFit}) and summed per layer by
 * {@link dev.memwall.hardware.profile.ProfileTimeModel}.
 *
 * <p>The arithmetic follows LLMServingSim's {@code trace_generator.py} to the nanosecond: its
 * golden example run ({@code outputs/example_single_run.csv}, 10 requests on the RTXPRO6000
 * Llama-3.1-8B bundle) is reproduced exactly, every TTFT and every inter-token latency (591 values),
 * by {@code GoldenRunTest}. What that run pinned down, beyond the reference notes:
 * <ul>
 *   <li>table times are converted from µs to whole ns when the bundle is loaded
 *       ({@code round(time_us * 1000)}, round half to even like Python's {@code round});</li>
 *   <li>a lookup interpolates those whole-ns values and truncates the result toward zero
 *       ({@code int(...)}): per layer, the time is a whole number of ns;</li>
 *   <li>below the first table point a lookup is clamped to the first value on every axis;
 *       above the last it extrapolates linearly (the reference's "never clamped above");</li>
 *   <li>the 4-D attention table is interpolated axis after axis in column order
 *       (prefill_chunk, kv_prefill, n_decode, kv_decode), each axis over the points that exist
 *       under the coordinates already fixed (the profiled grid is a union of sub-grids, not one
 *       tensor grid);</li>
 *   <li>{@code kv_decode} is the integer mean {@code floor(sum / n)};</li>
 *   <li>skew: {@code t = round(t_mean + alpha * max(0, t_max - t_mean))}, see {@link
 *       dev.memwall.hardware.profile.SkewFit}.</li>
 * </ul>
 * Times are stored as {@code double} (holding whole ns) and only the final per-layer value is
 * turned into a {@code long}.
 */
package dev.memwall.hardware.profile;
