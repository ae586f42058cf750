package dev.memwall.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.memwall.input.InputException;

/**
 * A CSV trace with a header row, streamed record by record through commons-csv. The header must
 * name every column the format needs (in any order; other columns are ignored), and each record
 * must have as many fields as the header. Subclasses turn one record into one flat entry; this
 * class supplies the field checks and the {@code <file>:<line>: <column>: <problem> (got <value>)}
 * errors, with the physical line number of the record.
 */
abstract class CsvTraceReader implements WorkloadReader {
    /** RFC 4180 with blank lines skipped and blanks around fields trimmed. */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .build();

    private final String file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private final int[] index;
    private final int headerSize;
    private CSVRecord record;
    private long line;

    /**
     * Opens {@code path} and reads its header.
     *
     * @param columns the columns this format needs; {@code text(i)}, {@code intAtLeast(i, ..)} and
     *     {@code longAtLeast(i, ..)} then read {@code columns[i]} of the current record
     */
    CsvTraceReader(Path path, String file, TraceFormat format, String... columns) {
        this.file = file;
        this.columns = List.of(columns);
        try {
            this.parser = FORMAT.parse(Traces.openText(path, file));
        } catch (IOException e) {
            throw Traces.cannotRead(file, e);
        }
        this.records = parser.iterator();
        this.index = new int[columns.length];
        try {
            List<String> header = nextRecord() ? record.toList() : List.of();
            this.headerSize = header.size();
            for (int i = 0; i < columns.length; i++) {
                index[i] = header.indexOf(columns[i]);
                if (index[i] < 0 && !header.isEmpty()) {
                    throw InputException.at(file + ":" + line, "header must name the " + format.cliName() + " columns "
                            + String.join(",", columns) + " (got '" + String.join(",", header) + "')");
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Fills {@code entry} (cleared, one sub-request, no tool time) from the current record. */
    abstract void fill(TraceEntry entry);

    @Override
    public final boolean next(TraceEntry entry) {
        if (headerSize == 0 || !nextRecord()) {
            return false;
        }
        if (record.size() != headerSize) {
            throw InputException.at(file + ":" + line,
                    "expected " + headerSize + " fields like the header (got " + record.size() + ")");
        }
        entry.clear();
        entry.subRequests = 1;
        entry.toolDurationNs[0] = 0;
        fill(entry);
        return true;
    }

    /** The physical line of the current record. */
    final int line() {
        return (int) line;
    }

    final String file() {
        return file;
    }

    /** The text of needed column {@code c}, trimmed. */
    final String text(int c) {
        return record.get(index[c]);
    }

    /** Needed column {@code c} as an int {@code >= min}. */
    final int intAtLeast(int c, int min) {
        long v = longAtLeast(c, min);
        if (v > Integer.MAX_VALUE) {
            throw error(c, "must be <= " + Integer.MAX_VALUE, text(c));
        }
        return (int) v;
    }

    /** Needed column {@code c} as a long {@code >= min}. */
    final long longAtLeast(int c, long min) {
        String s = text(c);
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(c, s.matches("-?\\d+") ? "out of range" : "expected an integer", "'" + s + "'");
        }
        if (v < min) {
            throw error(c, "must be >= " + min, s);
        }
        return v;
    }

    /** {@code <file>:<line>: <column>: <problem> (got <shown>)}. */
    final InputException error(int c, String problem, String shown) {
        return InputException.at(file + ":" + line, columns.get(c) + ": " + problem + " (got " + shown + ")");
    }

    private boolean nextRecord() {
        try {
            if (!records.hasNext()) {
                return false;
            }
            record = records.next();
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof CSVException)) {
                throw Traces.cannotRead(file, e.getCause());
            }
            // A broken quote: commons-csv's line count points at it; drop its own "(startline N)".
            String why = e.getCause().getMessage().replaceFirst("^\\(startline \\d+\\) ", "");
            throw InputException.at(file + ":" + Math.max(1, parser.getCurrentLineNumber()), "malformed CSV: " + why);
        }
        // After a record commons-csv has read up to its end: a one-line record's own line.
        line = parser.getCurrentLineNumber();
        return true;
    }

    @Override
    public final void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw InputException.at(file, "cannot close: " + e);
        }
    }
}
