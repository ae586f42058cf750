/**
 * A/B comparison: several cluster configs run on the same trace and options, in parallel threads,
 * reduced to one table of the planner's metrics with deltas against the first config, a verdict
 * in words, and what the report's plots need (latency distributions and series over simulated
 * time). {@code compare} in {@code benchmarks} draws the plots and writes the files.
 */
package dev.memwall.compare;
