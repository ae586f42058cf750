package dev.memwall.workload;

import java.nio.file.Path;

/**
 * Vidur / Sarathi-Serve processed length traces: {@code num_prefill_tokens,num_decode_tokens,
 * num_total_tokens,pd_ratio} (only the first two are read). These files hold lengths only, no
 * arrival times: every entry arrives at 0. To give them arrivals, sample them with the synthetic
 * generator ({@code file:PATH} lengths). Token counts must be {@code >= 1}.
 */
final class VidurReader extends CsvTraceReader {
    static final String[] COLUMNS = {"num_prefill_tokens", "num_decode_tokens"};

    VidurReader(Path path, String file) {
        super(path, file, TraceFormat.VIDUR, COLUMNS);
    }

    @Override
    void fill(TraceEntry e) {
        e.arrivalNs = 0;
        e.inputTokens[0] = intAtLeast(0, 1);
        e.outputTokens[0] = intAtLeast(1, 1);
    }
}
