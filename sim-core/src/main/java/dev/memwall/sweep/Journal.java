package dev.memwall.sweep;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.memwall.input.InputException;
import dev.memwall.output.AtomicFiles;

/**
 * {@code points.jsonl}: the record of finished points, one JSON line each, and the only state a
 * sweep keeps. Everything else in the output folder is derived from it.
 *
 * <p>Write protocol, safe against a kill at any moment and against several processes (shards, or
 * a second sweep started by mistake) sharing the folder:
 * <ol>
 *   <li>every read and append happens under an exclusive lock on {@code .points.jsonl.lock} (an
 *       OS file lock, released by the OS when a process dies, plus a lock per JVM);
 *   <li>under the lock, the journal first reads what others appended since it last looked; bytes
 *       after the last newline can only be a line torn by a writer that died mid-write (writers
 *       append only under the lock), and are truncated away;
 *   <li>a point whose key is already recorded is not appended again, so every point appears once;
 *   <li>a line is appended whole at the end and forced to disk ({@code fdatasync}) before the lock
 *       is released and before the point counts as done.
 * </ol>
 * A finished point is therefore either recorded completely or not at all, and a rerun resumes
 * from exactly the recorded set.
 */
public final class Journal implements Closeable {
    public static final String FILE = "points.jsonl";
    private static final String LOCK_FILE = ".points.jsonl.lock";
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final int CHUNK = 1 << 20;

    /** An I/O action run under the journal lock. */
    @FunctionalInterface
    public interface LockedAction<T> {
        T run() throws IOException;
    }

    private final Path file;
    private final FileChannel data;
    private final FileChannel lockChannel;
    private final ReentrantLock jvmLock;
    private final Consumer<PointResult> onRecord;
    private final Map<String, PointResult> records = new HashMap<>();
    private long readOffset;
    private long lines;

    private Journal(Path dir, Consumer<PointResult> onRecord) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve(FILE);
        Path lockFile = dir.resolve(LOCK_FILE).toAbsolutePath().normalize();
        this.jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.data = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.onRecord = onRecord;
    }

    /**
     * Opens (creating) {@code dir/points.jsonl} and reads it, repairing a torn last line.
     *
     * @param onRecord called, under the lock, for every record read or appended, in file order
     * @throws InputException when a complete line is not a record (the file was edited)
     */
    public static Journal open(Path dir, Consumer<PointResult> onRecord) throws IOException {
        Journal j = new Journal(dir, onRecord);
        try {
            // Derived files are written (through a temporary sibling) only under this lock, so a
            // temporary file seen while holding it was left by a writer that died mid-write.
            j.locked(() -> {
                AtomicFiles.removeLeftovers(dir);
                AtomicFiles.removeLeftovers(dir.resolve(HistogramFiles.DIR));
                return null;
            });
            j.refresh();
        } catch (IOException | RuntimeException e) {
            j.close();
            throw e;
        }
        return j;
    }

    public Path file() {
        return file;
    }

    /** The records read so far by key, each without its histogram and device lists. */
    public synchronized Map<String, PointResult> records() {
        return Collections.unmodifiableMap(new HashMap<>(records));
    }

    /** Reads what other processes appended since the last look. */
    public synchronized void refresh() throws IOException {
        locked(() -> {
            catchUp();
            return null;
        });
    }

    /**
     * Appends a result unless its point is already recorded (by this or another process).
     *
     * @return whether it was appended
     */
    public synchronized boolean append(PointResult r) throws IOException {
        if (r.fault() != null) {
            throw new IllegalArgumentException("faults are never recorded");
        }
        byte[] line = (r.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        return locked(() -> {
            catchUp();
            if (records.containsKey(r.key())) {
                return false;
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            long at = readOffset;
            while (buf.hasRemaining()) {
                at += data.write(buf, at);
            }
            data.force(false);
            readOffset = at;
            lines++;
            remember(r);
            return true;
        });
    }

    /** Runs {@code action} holding the journal lock, e.g. to write files derived from it. */
    public synchronized <T> T locked(LockedAction<T> action) throws IOException {
        jvmLock.lock();
        try {
            FileLock lock = lockChannel.lock();
            try {
                return action.run();
            } finally {
                lock.release();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private void catchUp() throws IOException {
        long size = data.size();
        if (size < readOffset) {
            throw new InputException(file + ": shrank while a sweep was using it (it must only be appended to)");
        }
        long pos = readOffset;
        byte[] carry = new byte[0];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        while (pos < size) {
            buf.clear();
            int n = data.read(buf, pos);
            if (n <= 0) {
                break;
            }
            pos += n;
            byte[] chunk = new byte[carry.length + n];
            System.arraycopy(carry, 0, chunk, 0, carry.length);
            System.arraycopy(buf.array(), 0, chunk, carry.length, n);
            int start = 0;
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == '\n') {
                    line(new String(chunk, start, i - start, StandardCharsets.UTF_8));
                    readOffset += i + 1 - start;
                    start = i + 1;
                }
            }
            carry = java.util.Arrays.copyOfRange(chunk, start, chunk.length);
        }
        if (carry.length > 0 || data.size() > readOffset) {
            // A line without its newline: a writer died mid-append. Writers append only under the
            // lock we hold, so nobody is writing it now.
            data.truncate(readOffset);
            data.force(true);
        }
    }

    private void line(String text) {
        lines++;
        if (text.isBlank()) {
            return;
        }
        PointResult r;
        try {
            JsonNode node = Canonical.MAPPER.readTree(text);
            r = PointResult.fromJson(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InputException(file + ":" + lines + ": not a sweep record (" + e.getMessage().split("\n")[0]
                    + "); the file must only be written by sweep");
        }
        if (r.fault() != null) {
            throw new InputException(file + ":" + lines + ": not a sweep record (a fault)");
        }
        if (!records.containsKey(r.key())) {
            remember(r);
        }
    }

    private void remember(PointResult r) {
        onRecord.accept(r);
        records.put(r.key(), new PointResult(r.params(), r.inputs(), r.seed(), r.metrics(), r.error(), null, null, List.of(),
                List.of(), r.wallSeconds(), r.worker(), r.finishedAt(), null));
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            data.close();
        } finally {
            lockChannel.close();
        }
    }
}
