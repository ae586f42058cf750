package dev.memwall.hardware.profile;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.memwall.input.InputException;

/**
 * One profile CSV (a bundle's, or a legacy per-layer table for {@code calibrate}) read through commons-csv: a header row naming the columns (any order, extra
 * columns ignored), then data rows. Errors are one line, {@code <file>:<line>: <column>: <problem>},
 * with the physical line of the record. Used at load time only.
 */
public final class CsvTable {
    /** RFC 4180, blank lines skipped, blanks around fields trimmed (as pandas reads them). */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .build();
    /** A plain decimal number, as Python's {@code float()} reads a profiler's output. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /** Receives the data rows, fields already put in the order of the requested columns. */
    public interface RowHandler {
        void row(Row row);
    }

    /** The current data row: its line, and typed access to the requested columns. */
    public static final class Row {
        private final String file;
        private final String[] columns;
        private final int[] index;
        private CSVRecord record;
        private long line;

        Row(String file, String[] columns, int[] index) {
            this.file = file;
            this.columns = columns;
            this.index = index;
        }

        public long line() {
            return line;
        }

        /** Whether requested column {@code c} is empty on this row. */
        public boolean empty(int c) {
            return record.get(index[c]).isEmpty();
        }

        /** Requested column {@code c}, trimmed; must not be empty. */
        public String text(int c) {
            String s = record.get(index[c]);
            if (s.isEmpty()) {
                throw error(c, "empty field");
            }
            return s;
        }

        /** Requested column {@code c} as a finite number {@code >= min}. */
        public double number(int c, double min) {
            String s = text(c);
            if (!NUMBER.matcher(s).matches()) {
                throw error(c, "not a number (got '" + s + "')");
            }
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw error(c, "out of range (got " + s + ")");
            }
            if (v < min) {
                throw error(c, "must be >= " + plain(min) + " (got " + s + ")");
            }
            return v;
        }

        /** Requested column {@code c} as a whole number {@code >= min}. */
        public long whole(int c, long min) {
            double v = number(c, min);
            if (v != Math.rint(v) || v > 1e15) {
                throw error(c, "expected a whole number (got " + text(c) + ")");
            }
            return (long) v;
        }

        /** {@code <file>:<line>: <column>: <problem>}. */
        public InputException error(int c, String problem) {
            return InputException.at(file + ":" + line, columns[c] + ": " + problem);
        }
    }

    private CsvTable() {
    }

    /**
     * Reads {@code path}, handing every data row to {@code handler}; returns the number of rows.
     *
     * @param columns the columns needed, by header name
     * @throws InputException missing or unreadable file, missing column, a row whose field count
     *     differs from the header's, malformed CSV, or no data rows; plus whatever the handler
     *     throws
     */
    public static int read(Path path, String[] columns, RowHandler handler) {
        String file = path.toString();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(in)) {
            Iterator<CSVRecord> records = parser.iterator();
            CSVRecord header = next(records, parser, file);
            if (header == null) {
                throw InputException.at(file + ":1", "empty file (expected the header "
                        + String.join(",", columns) + ")");
            }
            List<String> names = header.toList();
            long headerLine = parser.getCurrentLineNumber();
            int[] index = new int[columns.length];
            for (int c = 0; c < columns.length; c++) {
                index[c] = names.indexOf(columns[c]);
                if (index[c] < 0) {
                    throw InputException.at(file + ":" + headerLine, columns[c] + ": missing column (header is '"
                            + String.join(",", names) + "', expected " + String.join(",", columns) + ")");
                }
            }
            Row row = new Row(file, columns, index);
            int rows = 0;
            for (CSVRecord r = next(records, parser, file); r != null; r = next(records, parser, file)) {
                row.record = r;
                row.line = parser.getCurrentLineNumber();
                if (r.size() != names.size()) {
                    throw InputException.at(file + ":" + row.line, "expected " + names.size()
                            + " fields like the header (got " + r.size() + ")");
                }
                handler.row(row);
                rows++;
            }
            if (rows == 0) {
                throw InputException.at(file + ":" + Math.max(1, headerLine), "no data rows after the header");
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw InputException.at(file, "missing file");
        } catch (IOException e) {
            throw InputException.at(file, "cannot read (" + e + ")");
        }
    }

    private static CSVRecord next(Iterator<CSVRecord> records, CSVParser parser, String file) {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException) {
                String why = e.getCause().getMessage().replaceFirst("^\\(startline \\d+\\) ", "");
                throw InputException.at(file + ":" + Math.max(1, parser.getCurrentLineNumber()), "malformed CSV: " + why);
            }
            throw InputException.at(file, "cannot read (" + e.getCause() + ")");
        }
    }

    /** {@code 1} rather than {@code 1.0} in messages. */
    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** LLMServingSim's load-time conversion: µs to whole ns, half to even (Python's round). */
    static double usToNs(double us) {
        return Math.rint(us * 1000.0);
    }
}
