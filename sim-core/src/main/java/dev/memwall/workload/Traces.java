package dev.memwall.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.memwall.input.InputException;

/**
 * Opening trace files: format detection and the one place the file-level rules live.
 *
 * <ul>
 *   <li>A missing file is {@code <path>: no such file}.
 *   <li>A trace without a single entry (an empty file, only blank lines, or a CSV with only its
 *       header) is {@code <path>: trace is empty}. Readers themselves just yield nothing; opening
 *       through here is what turns that into an error, since a simulation of nothing is a mistake.
 *   <li>Token counts are {@code >= 1} in every format. Rows with 0 tokens are errors rather than
 *       clamped or skipped: none of the public traces we checked has one, and a silent fix-up
 *       would change the workload being studied.
 *   <li>Arrivals are non-decreasing in every format that has them.
 * </ul>
 * Paths appear in messages exactly as the caller gave them.
 */
public final class Traces {
    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> LLMSERVINGSIM_KEYS = List.of(
            "input_toks", "output_toks", "arrival_time_ns", "session_id", "sub_requests");

    private Traces() {
    }

    /**
     * The format of {@code file}, from the keys of its first JSON object or its CSV header.
     *
     * @throws InputException when the file is missing or empty, or its format cannot be told
     */
    public static TraceFormat detect(Path file) {
        String name = file.toString();
        TraceFormat format = fromFirstLine(file, name);
        if (format == null) {
            throw InputException.at(name, "cannot tell the trace format from its first line; name it with "
                    + "--dataset-format (one of " + TraceFormat.cliNames() + ")");
        }
        return format;
    }

    /**
     * A streaming reader of {@code file}.
     *
     * @param format the format, or null to {@link #detect} it
     * @param maxEntries how many entries to read at most; 0 for all
     * @throws InputException when the file is missing, empty or (with no format) undetectable;
     *     a bad entry is reported later, by {@link WorkloadReader#next}, as it is reached
     */
    public static WorkloadReader open(Path file, TraceFormat format, int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be >= 0 (got " + maxEntries + ")");
        }
        String name = file.toString();
        TraceFormat f = format != null ? format : detect(file);
        if (format != null) {
            TraceFormat seen = fromFirstLine(file, name);
            if (seen != null && seen != format) {
                throw InputException.at(name, "format " + format.cliName() + " does not match the file, whose first"
                        + " line shows the " + seen.cliName() + " format (give --dataset-format " + seen.cliName()
                        + ", or auto)");
            }
        }
        if (!hasEntries(file, name, f)) {
            throw InputException.at(name, "trace is empty");
        }
        WorkloadReader reader = f.reader(file, name);
        return maxEntries == 0 ? reader : new EntryLimit(reader, maxEntries);
    }

    /**
     * The format the first line shows (JSON keys or CSV header), or null when it shows none or
     * more than one.
     *
     * @throws InputException when the file is missing or empty
     */
    private static TraceFormat fromFirstLine(Path file, String name) {
        String first;
        try (TextLines lines = new TextLines(file, name)) {
            first = lines.next();
        }
        if (first == null) {
            throw InputException.at(name, "trace is empty");
        }
        return first.strip().startsWith("{") ? fromJsonKeys(first) : fromCsvHeader(first);
    }

    /** UTF-8 text of {@code path} (strict: bad bytes are an error), without a leading byte-order mark. */
    static BufferedReader openText(Path path, String file) {
        if (Files.isDirectory(path)) {
            throw InputException.at(file, "is a directory, not a trace file");
        }
        BufferedReader in;
        try {
            in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw InputException.at(file, "no such file");
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
        try {
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
            return in;
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw cannotRead(file, e);
        }
    }

    /**
     * A read failure as one line. Bad UTF-8 gets no line number: the decoder works ahead in chunks,
     * so the line being read when it fails is not the line with the bad bytes.
     */
    static InputException cannotRead(String file, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new InputException(file + ": cannot read: not UTF-8 text", e);
        }
        return new InputException(file + ": cannot read: " + e.getMessage(), e);
    }

    private static boolean hasEntries(Path file, String name, TraceFormat format) {
        try (TextLines lines = new TextLines(file, name)) {
            if (format.isCsv() && lines.next() == null) {
                return false;
            }
            return lines.next() != null;
        }
    }

    /** LLMServingSim or Mooncake by the keys of the first object (as far as it parses), else null. */
    private static TraceFormat fromJsonKeys(String line) {
        List<String> keys = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            // A broken first line: decide on the keys read so far; the reader reports the break.
        }
        boolean lss = keys.stream().anyMatch(LLMSERVINGSIM_KEYS::contains);
        boolean mooncake = keys.stream().anyMatch(MooncakeReader.KEYS::contains);
        if (lss == mooncake) {
            return null;
        }
        return lss ? TraceFormat.LLMSERVINGSIM : TraceFormat.MOONCAKE;
    }

    /** The CSV format whose columns the header names, if exactly one, else null. */
    private static TraceFormat fromCsvHeader(String line) {
        List<String> names = new ArrayList<>();
        try (CSVParser p = CsvTraceReader.FORMAT.parse(new StringReader(line))) {
            Iterator<CSVRecord> records = p.iterator();
            if (records.hasNext()) {
                records.next().forEach(names::add);
            }
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        TraceFormat found = null;
        for (TraceFormat f : new TraceFormat[] {TraceFormat.AZURE, TraceFormat.VIDUR, TraceFormat.APEX}) {
            if (names.containsAll(Arrays.asList(columns(f)))) {
                if (found != null) {
                    return null;
                }
                found = f;
            }
        }
        return found;
    }

    private static String[] columns(TraceFormat f) {
        switch (f) {
            case AZURE:
                return AzureReader.COLUMNS;
            case VIDUR:
                return VidurReader.COLUMNS;
            default:
                return ApexReader.COLUMNS;
        }
    }
}
