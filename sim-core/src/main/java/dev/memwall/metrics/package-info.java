/**
 * Recorders and writers: HdrHistogram latency distributions, the per-request CSV in
 * LLMServingSim's format, percentile files and the summary JSON. Depends on no simulation
 * class: results reach it through small interfaces and records.
 */
package dev.memwall.metrics;
