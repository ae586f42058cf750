package dev.memwall.workload;

import java.nio.file.Path;

/**
 * APEX+ request traces reduced to their numeric columns: {@code request_id,start_time_offset_ns,
 * context_tokens,generated_tokens}. {@code arrivalNs} is {@code start_time_offset_ns} as given
 * (non-decreasing, {@code >= 0}); the request id is not kept. Token counts must be {@code >= 1}.
 */
final class ApexReader extends CsvTraceReader {
    static final String[] COLUMNS = {"request_id", "start_time_offset_ns", "context_tokens", "generated_tokens"};

    private final ArrivalOrder order = new ArrivalOrder();

    ApexReader(Path path, String file) {
        super(path, file, TraceFormat.APEX, COLUMNS);
    }

    @Override
    void fill(TraceEntry e) {
        e.arrivalNs = longAtLeast(1, 0);
        order.check(file(), line(), COLUMNS[1], e.arrivalNs, text(1));
        e.inputTokens[0] = intAtLeast(2, 1);
        e.outputTokens[0] = intAtLeast(3, 1);
    }
}
