package dev.memwall.workload;

import java.io.Closeable;

/**
 * A stream of trace entries in arrival order. Readers never load more than the entry they are
 * asked for. A malformed line ends in an {@link dev.memwall.input.InputException} naming the file
 * and line number, e.g. {@code trace.jsonl:17: output_toks: must be >= 1 (got 0)}.
 */
public interface WorkloadReader extends Closeable {
    /**
     * Fills {@code entry} with the next entry.
     *
     * @return false at the end of the trace (entry then unspecified)
     */
    boolean next(TraceEntry entry);

    /** Closes the underlying file; an I/O failure is reported as an InputException. */
    @Override
    void close();
}
