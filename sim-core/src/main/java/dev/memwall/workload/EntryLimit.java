package dev.memwall.workload;

/** The first {@code max} entries of another reader. */
final class EntryLimit implements WorkloadReader {
    private final WorkloadReader in;
    private final int max;
    private int read;

    EntryLimit(WorkloadReader in, int max) {
        this.in = in;
        this.max = max;
    }

    @Override
    public boolean next(TraceEntry entry) {
        if (read == max || !in.next(entry)) {
            return false;
        }
        read++;
        return true;
    }

    @Override
    public void close() {
        in.close();
    }
}
