/**
 * One simulation end to end, as the {@code simulate} tool runs it: config and trace in, the
 * banner and heartbeat on the console, then the per-request CSV, percentile files and summary
 * JSON out, from the run's {@link dev.memwall.result.RunResult}.
 */
package dev.memwall.run;
