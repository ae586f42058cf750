package dev.memwall.workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helper: every entry of a trace as a small immutable record, or as text of every field. */
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

    /** Every field a consumer reads, per entry, as text. */
    static List<String> snapshots(WorkloadReader reader) {
        List<String> out = new ArrayList<>();
        TraceEntry e = new TraceEntry();
        try (reader) {
            while (true) {
                e.clear();
                if (!reader.next(e)) {
                    return out;
                }
                StringBuilder s = new StringBuilder().append(e.arrivalNs).append(' ').append(e.sessionId)
                        .append(' ').append(e.hashBlockTokens).append(" hashes ").append(e.hashIdCount < 0 ? "none"
                                : Arrays.toString(Arrays.copyOf(e.hashIds, e.hashIdCount)));
                for (int i = 0; i < e.subRequests; i++) {
                    s.append(" | ").append(e.inputTokens[i]).append(' ').append(e.outputTokens[i]).append(' ')
                            .append(e.toolDurationNs[i]).append(" in ").append(ids(e.inputTokenIds[i], e.inputTokenIdCount[i]))
                            .append(" out ").append(ids(e.outputTokenIds[i], e.outputTokenIdCount[i]));
                }
                out.add(s.toString());
            }
        }
    }

    private static String ids(int[] ids, int count) {
        return count < 0 ? "none" : Arrays.toString(Arrays.copyOf(ids, count));
    }
}
