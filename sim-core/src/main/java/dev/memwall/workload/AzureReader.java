package dev.memwall.workload;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Azure LLM inference trace CSV (2023 and 2024 releases): {@code TIMESTAMP,ContextTokens,
 * GeneratedTokens}, with timestamps like {@code 2023-11-16 18:17:03.9799600} (up to 9 fractional
 * digits; the published files have 7, i.e. 100 ns). {@code arrivalNs} is the exact time since the
 * first row's timestamp, computed with {@code java.time}; timestamps must be non-decreasing. Token
 * counts must be {@code >= 1}: a row with 0 generated tokens is an error, not clamped, because a
 * silently altered request would skew the results (the 2023 traces have none).
 */
final class AzureReader extends CsvTraceReader {
    static final String[] COLUMNS = {"TIMESTAMP", "ContextTokens", "GeneratedTokens"};

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private final ArrivalOrder order = new ArrivalOrder();
    private LocalDateTime first;

    AzureReader(Path path, String file) {
        super(path, file, TraceFormat.AZURE, COLUMNS);
    }

    @Override
    void fill(TraceEntry e) {
        String shown = text(0);
        LocalDateTime t;
        try {
            t = LocalDateTime.parse(shown, TIMESTAMP);
        } catch (DateTimeParseException ex) {
            throw error(0, "expected a time like 2023-11-16 18:17:03.9799600", "'" + shown + "'");
        }
        if (first == null) {
            first = t;
        }
        // A row before the first one gives a negative offset, reported as going back in time.
        e.arrivalNs = ChronoUnit.NANOS.between(first, t);
        order.check(file(), line(), COLUMNS[0], e.arrivalNs, shown);
        e.inputTokens[0] = intAtLeast(1, 1);
        e.outputTokens[0] = intAtLeast(2, 1);
    }
}
