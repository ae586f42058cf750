package dev.memwall.workload;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.memwall.input.InputException;

/**
 * Writes entries as LLMServingSim workload JSONL, one compact object per line ending in {@code \n},
 * keys always in the same order, so equal entries give equal bytes:
 * <ul>
 *   <li>flat: {@code {"input_toks":..,"output_toks":..,"arrival_time_ns":..}} then
 *       {@code "input_tok_ids"}, {@code "output_tok_ids"} when the entry has them;
 *   <li>agentic (an entry with a session id): {@code {"session_id":"..","arrival_time_ns":..,
 *       "sub_requests":[{"input_toks":..,"output_toks":..,"tool_duration_ns":.., ids?}, ..]}}.
 * </ul>
 * Mooncake hash ids have no place in this format and are not written.
 */
public final class JsonlTraceWriter implements Closeable {
    private final Writer out;
    private final String name;
    private final StringBuilder line = new StringBuilder(256);
    private long written;

    /**
     * Writes to {@code out}, which this writer closes.
     *
     * @param name what to call the destination in errors (a path, or {@code <stdout>})
     */
    public JsonlTraceWriter(Writer out, String name) {
        this.out = out;
        this.name = name;
    }

    /** Creates (or truncates) {@code file}, UTF-8. */
    public static JsonlTraceWriter create(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw InputException.at(name, "is a directory");
        }
        try {
            return new JsonlTraceWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), name);
        } catch (NoSuchFileException e) {
            throw InputException.at(name, "cannot write: no such directory");
        } catch (IOException e) {
            throw InputException.at(name, "cannot write: " + e);
        }
    }

    /** Writes one entry as one line. */
    public void write(TraceEntry e) {
        line.setLength(0);
        if (e.sessionId == null) {
            if (e.subRequests != 1) {
                throw new IllegalArgumentException("a flat entry has 1 sub-request (got " + e.subRequests + ")");
            }
            appendRequest(e, 0, false, e.arrivalNs);
        } else {
            line.append("{\"session_id\":\"");
            JsonStringEncoder.getInstance().quoteAsString(e.sessionId, line);
            line.append("\",\"arrival_time_ns\":").append(e.arrivalNs).append(",\"sub_requests\":[");
            for (int s = 0; s < e.subRequests; s++) {
                if (s > 0) {
                    line.append(',');
                }
                appendRequest(e, s, true, 0);
            }
            line.append("]}");
        }
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException ex) {
            throw InputException.at(name, "cannot write: " + ex);
        }
        written++;
    }

    /** Entries written so far. */
    public long written() {
        return written;
    }

    /** Flushes what is buffered without closing. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException ex) {
            throw InputException.at(name, "cannot write: " + ex);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ex) {
            throw InputException.at(name, "cannot write: " + ex);
        }
    }

    private void appendRequest(TraceEntry e, int s, boolean sub, long arrivalNs) {
        line.append("{\"input_toks\":").append(e.inputTokens[s]).append(",\"output_toks\":").append(e.outputTokens[s]);
        if (sub) {
            line.append(",\"tool_duration_ns\":").append(e.toolDurationNs[s]);
        } else {
            line.append(",\"arrival_time_ns\":").append(arrivalNs);
        }
        appendIds("input_tok_ids", e.inputTokenIds[s], e.inputTokenIdCount[s]);
        appendIds("output_tok_ids", e.outputTokenIds[s], e.outputTokenIdCount[s]);
        line.append('}');
    }

    private void appendIds(String key, int[] ids, int count) {
        if (count < 0) {
            return;
        }
        line.append(",\"").append(key).append("\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(ids[i]);
        }
        line.append(']');
    }
}
