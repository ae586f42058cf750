/**
 * Request traces: streaming readers for the formats users already have (LLMServingSim JSONL, Azure,
 * Vidur/Sarathi, Mooncake, APEX+), a seeded synthetic generator, and a JSONL writer. Open files
 * through {@link dev.memwall.workload.Traces}; every entry comes through
 * {@link dev.memwall.workload.WorkloadReader#next} into one reused
 * {@link dev.memwall.workload.TraceEntry}. A bad line is an
 * {@link dev.memwall.input.InputException} naming the file, line and field.
 */
package dev.memwall.workload;
