package dev.memwall.workload;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.memwall.input.InputException;
import dev.memwall.output.AtomicFiles;
import dev.memwall.output.OutputPaths;

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
    /** The file being written, for {@link #create}d writers; null for a plain writer. */
    private final AtomicFiles.Pending pending;
    private final StringBuilder line = new StringBuilder(256);
    private long written;

    /**
     * Writes to {@code out}, which this writer closes.
     *
     * @param name what to call the destination in errors (a path, or {@code <stdout>})
     */
    public JsonlTraceWriter(Writer out, String name) {
        this(out, name, null);
    }

    private JsonlTraceWriter(Writer out, String name, AtomicFiles.Pending pending) {
        this.out = out;
        this.name = name;
        this.pending = pending;
    }

    /**
     * Writes {@code file}, UTF-8, through a temporary sibling: the file appears (replacing any old
     * one) only at {@link #commit()}; a writer closed before that leaves the old file as it was.
     *
     * @param where the start of messages about an unwritable file, e.g. {@code generate: --output}
     */
    public static JsonlTraceWriter create(Path file, String where) {
        OutputPaths.requireWritable(where, file);
        try {
            AtomicFiles.Pending p = AtomicFiles.start(file);
            return new JsonlTraceWriter(new OutputStreamWriter(p.stream(), StandardCharsets.UTF_8), file.toString(), p);
        } catch (IOException e) {
            throw InputException.at(where, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Puts a {@link #create}d file in place (a plain writer is flushed). */
    public void commit() {
        flush();
        if (pending != null) {
            try {
                pending.commit();
            } catch (IOException e) {
                throw InputException.at(name, "cannot write: " + e.getMessage());
            }
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
            throw InputException.at(name, "cannot write: " + ex.getMessage());
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
            throw InputException.at(name, "cannot write: " + ex.getMessage());
        }
    }

    /** Closes the destination; a {@link #create}d file not yet committed is discarded. */
    @Override
    public void close() {
        try {
            if (pending != null) {
                pending.close();
            } else {
                out.close();
            }
        } catch (IOException ex) {
            throw InputException.at(name, "cannot write: " + ex.getMessage());
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
