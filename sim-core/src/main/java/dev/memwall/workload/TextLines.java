package dev.memwall.workload;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

import dev.memwall.input.InputException;

/**
 * A text file read one physical line at a time, blank lines skipped, counting lines from 1 so that
 * errors name the line a user sees in an editor. Lines end as {@link BufferedReader#readLine()}
 * ends them ({@code \n}, {@code \r} or {@code \r\n}).
 *
 * <p>{@link #advance()} leaves the line in a reused buffer ({@link #chars()} from {@link #start()},
 * {@link #length()} chars) rather than in a new String: LLMServingSim's lines carry thousands of
 * token ids, and building each into a String (a StringBuilder grown by doubling, then compressed,
 * then inflated again for the JSON parser) cost more than parsing it.
 */
final class TextLines implements Closeable {
    private static final int CHUNK = 1 << 16;

    private final BufferedReader in;
    private final String file;
    private char[] buf = new char[CHUNK];
    /** Unread chars are {@code buf[pos, limit)}. */
    private int pos;
    private int limit;
    private boolean eof;
    private int lineStart;
    private int lineLength;
    private int lineNo;

    TextLines(Path path, String file) {
        this.file = file;
        this.in = Traces.openText(path, file);
    }

    /** The next line that is not blank, or null at the end of the file. */
    String next() {
        return advance() ? new String(buf, lineStart, lineLength) : null;
    }

    /** Moves to the next line that is not blank; false at the end of the file. */
    boolean advance() {
        try {
            while (nextPhysicalLine()) {
                lineNo++;
                if (!blank()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw Traces.cannotRead(file, e);
        }
    }

    /** The buffer holding the current line; valid until the next {@link #advance()}. */
    char[] chars() {
        return buf;
    }

    int start() {
        return lineStart;
    }

    int length() {
        return lineLength;
    }

    /** Physical line number of the line {@link #advance()} moved to last. */
    int lineNumber() {
        return lineNo;
    }

    private boolean nextPhysicalLine() throws IOException {
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                char c = buf[i];
                if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 == limit && !eof) {
                        scan = refill(i); // is it \r\n? look at the next chunk
                        break;
                    }
                    lineStart = pos;
                    lineLength = i - pos;
                    pos = c == '\r' && i + 1 < limit && buf[i + 1] == '\n' ? i + 2 : i + 1;
                    return true;
                }
                scan = i + 1;
            }
            if (scan < limit) {
                continue; // refilled after a \r at the end of the buffer
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                lineStart = pos;
                lineLength = limit - pos;
                pos = limit;
                return true;
            }
            scan = refill(scan);
        }
    }

    /**
     * Moves the unread chars to the front (growing the buffer when they fill it) and reads more.
     *
     * @return where scanning resumes, {@code scanFrom} shifted with the chars
     */
    private int refill(int scanFrom) throws IOException {
        int unread = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, unread);
        } else if (unread == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int resume = scanFrom - pos;
        pos = 0;
        limit = unread;
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
        return resume;
    }

    private boolean blank() {
        for (int i = lineStart, end = lineStart + lineLength; i < end; i++) {
            if (!Character.isWhitespace(buf[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw InputException.at(file, "cannot close: " + e);
        }
    }
}
