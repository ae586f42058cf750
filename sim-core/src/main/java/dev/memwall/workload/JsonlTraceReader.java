package dev.memwall.workload;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A JSONL trace streamed line by line: blank lines skipped, each other line one JSON object that a
 * subclass turns into one entry through {@link #json}. Malformed JSON and read failures become
 * one-line errors naming the file and line.
 */
abstract class JsonlTraceReader implements WorkloadReader {
    final String file;
    final JsonLine json;
    final ArrivalOrder order = new ArrivalOrder();
    private final TextLines lines;

    JsonlTraceReader(Path path, String file) {
        this.file = file;
        this.lines = new TextLines(path, file);
        this.json = new JsonLine(file);
    }

    /**
     * Fills {@code entry} (to be cleared first) from the JSON object on physical line {@code line},
     * {@code chars[start, start + length)}; it starts {@link #json} on them.
     */
    abstract void parse(char[] chars, int start, int length, int line, TraceEntry entry) throws IOException;

    @Override
    public final boolean next(TraceEntry entry) {
        if (!lines.advance()) {
            return false;
        }
        try {
            parse(lines.chars(), lines.start(), lines.length(), lines.lineNumber(), entry);
        } catch (JsonProcessingException e) {
            throw json.malformed(e);
        } catch (IOException e) {
            throw Traces.cannotRead(file + ":" + lines.lineNumber(), e);
        }
        return true;
    }

    @Override
    public final void close() {
        lines.close();
    }
}
