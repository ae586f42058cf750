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
    private long firstNs = Long.MIN_VALUE;

    AzureReader(Path path, String file) {
        super(path, file, TraceFormat.AZURE, COLUMNS);
    }

    @Override
    void fill(TraceEntry e) {
        String shown = text(0);
        long t = fastEpochNs(shown);
        if (t == Long.MIN_VALUE) {
            try {
                LocalDateTime parsed = LocalDateTime.parse(shown, TIMESTAMP);
                t = ChronoUnit.NANOS.between(EPOCH, parsed);
            } catch (DateTimeParseException | ArithmeticException ex) {
                throw error(0, "expected a time like 2023-11-16 18:17:03.9799600", "'" + shown + "'");
            }
        }
        if (firstNs == Long.MIN_VALUE) {
            firstNs = t;
        }
        // A row before the first one gives a negative offset, reported as going back in time.
        e.arrivalNs = t - firstNs;
        order.check(file(), line(), COLUMNS[0], e.arrivalNs, shown);
        e.inputTokens[0] = intAtLeast(1, 1);
        e.outputTokens[0] = intAtLeast(2, 1);
    }

    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    /**
     * Nanoseconds since 1970 of a timestamp in the traces' exact layout
     * {@code uuuu-MM-dd HH:mm:ss[.f{1,9}]}, read digit by digit (java.time's fraction parser
     * goes through BigDecimal and dominates reading a 19,366-row trace); {@code Long.MIN_VALUE}
     * for anything else, which then goes to the java.time formatter for parsing or the error.
     */
    static long fastEpochNs(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' ' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        long fraction = 0;
        if (n > 19) {
            int digitsAfter = n - 20;
            if (s.charAt(19) != '.' || digitsAfter < 1 || digitsAfter > 9) {
                return Long.MIN_VALUE;
            }
            int f = digits(s, 20, digitsAfter);
            if (f < 0) {
                return Long.MIN_VALUE;
            }
            fraction = f;
            for (int i = digitsAfter; i < 9; i++) {
                fraction *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException ex) {
            return Long.MIN_VALUE; // e.g. February 30th: the formatter reports it
        }
        return ((epochDay * 86_400L + hour * 3_600L + minute * 60L + second) * 1_000_000_000L) + fraction;
    }

    /** The decimal number in {@code s[from, from + count)}, or -1 if any is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
