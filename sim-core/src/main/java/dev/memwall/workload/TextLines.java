package dev.memwall.workload;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

import dev.memwall.input.InputException;

/**
 * A text file read one physical line at a time, blank lines skipped, counting lines from 1 so that
 * errors name the line a user sees in an editor.
 */
final class TextLines implements Closeable {
    private final BufferedReader in;
    private final String file;
    private int lineNo;

    TextLines(Path path, String file) {
        this.file = file;
        this.in = Traces.openText(path, file);
    }

    /** The next line that is not blank, or null at the end of the file. */
    String next() {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw Traces.cannotRead(file, e);
        }
    }

    /** Physical line number of the line {@link #next()} returned last. */
    int lineNumber() {
        return lineNo;
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
