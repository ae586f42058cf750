/**
 * One simulation end to end: config and trace in, per-request CSV, percentile files and summary
 * out. The command line and (later) sweeps call this; it is the only room that sees them all.
 */
package dev.memwall.run;
