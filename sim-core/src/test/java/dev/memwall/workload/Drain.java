package dev.memwall.workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: every entry of a trace as a small immutable record. */
final class Drain {
    /** One flat request (or the first sub-request of a session). */
    record Row(long arrivalNs, int inputTokens, int outputTokens, int subRequests) {
    }

    private Drain() {
    }

    static List<Row> rows(Path file) {
        return rows(Traces.open(file, null, 0));
    }

    static List<Row> rows(WorkloadReader reader) {
        List<Row> rows = new ArrayList<>();
        TraceEntry e = new TraceEntry();
        try (reader) {
            while (reader.next(e)) {
                rows.add(new Row(e.arrivalNs, e.inputTokens[0], e.outputTokens[0], e.subRequests));
            }
        }
        return rows;
    }
}
