/**
 * Sweep studies: a base cluster config, a workload and simulate options, varied along axes; the
 * Cartesian product run on worker threads (or, from the benchmarks module, on Hazelcast members)
 * into a crash-safe journal ({@code points.jsonl}) from which {@code points.csv} and one TPOT
 * {@code .hgrm} per point are derived.
 *
 * <p>Flow: {@link dev.memwall.sweep.StudyLoader} reads and checks a study file into a
 * {@link dev.memwall.sweep.Study}; {@link dev.memwall.sweep.Grid} numbers its points and selects
 * a slice; each {@link dev.memwall.sweep.PointSpec} is self-contained (JSON text and seeds) and
 * turns into a {@link dev.memwall.sweep.PointResult} in a {@link dev.memwall.sweep.PointRunner};
 * {@link dev.memwall.sweep.Sweep} skips what the {@link dev.memwall.sweep.Journal} already holds,
 * hands the rest to a {@link dev.memwall.sweep.PointExecutor} and writes the outputs.
 */
package dev.memwall.sweep;
