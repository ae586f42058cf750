package dev.memwall.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The last small trace a process read, kept in memory and replayed: a study's check of its trace
 * and every point of the sweep (and every config of a comparison) read the same trace, and parsing
 * it again each time (and compiling the parser that its repetition makes hot) was about a
 * twentieth of a short sweep's CPU. A replay gives the entries the file's reader gives, in order;
 * a trace whose file changed (size or modification time) since it was kept is read again, and one
 * over {@link #MAX_BYTES}, or not a plain file, is streamed as before.
 */
public final class TraceCache {
    /** Traces up to this size are kept: their entries take about as much memory as their text. */
    static final long MAX_BYTES = 32L << 20;

    private record Key(Path file, TraceFormat format, int maxEntries, long sizeBytes, FileTime modified) {
    }

    private static Key keptKey;
    private static TraceEntry[] kept;

    private TraceCache() {
    }

    /**
     * A reader of {@code file} as {@link Traces#open} gives it: from memory when the file is small
     * (read whole the first time), else streamed.
     */
    public static WorkloadReader open(Path file, TraceFormat format, int maxEntries) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return Traces.open(file, format, maxEntries); // a shipped trace, or one the reader reports
        }
        if (!attributes.isRegularFile() || attributes.size() > MAX_BYTES) {
            return Traces.open(file, format, maxEntries);
        }
        Key key = new Key(file.toAbsolutePath().normalize(), format, maxEntries, attributes.size(),
                attributes.lastModifiedTime());
        return new Replay(entries(key, file));
    }

    private static synchronized TraceEntry[] entries(Key key, Path file) {
        if (!key.equals(keptKey)) {
            kept = null; // the old trace may go before the new one is read
            kept = readAll(file, key.format(), key.maxEntries());
            keptKey = key;
        }
        return kept;
    }

    private static TraceEntry[] readAll(Path file, TraceFormat format, int maxEntries) {
        List<TraceEntry> entries = new ArrayList<>();
        try (WorkloadReader r = Traces.open(file, format, maxEntries)) {
            TraceEntry e = new TraceEntry();
            while (r.next(e)) {
                entries.add(e);
                e = new TraceEntry();
            }
        }
        return entries.toArray(new TraceEntry[0]);
    }

    /** Forgets the kept trace (tests). */
    static synchronized void forget() {
        keptKey = null;
        kept = null;
    }

    /** A cursor over kept entries; the entries are shared and never written. */
    private static final class Replay implements WorkloadReader {
        private final TraceEntry[] entries;
        private int next;

        Replay(TraceEntry[] entries) {
            this.entries = entries;
        }

        @Override
        public boolean next(TraceEntry entry) {
            if (next == entries.length) {
                return false;
            }
            entry.copyFrom(entries[next++]);
            return true;
        }

        @Override
        public void close() {
            // nothing open
        }
    }
}
