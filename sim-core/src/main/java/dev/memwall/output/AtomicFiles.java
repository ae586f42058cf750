package dev.memwall.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Whole-file writes that a reader (or a kill at any moment, or a second run writing the same file)
 * sees either not at all or complete: the bytes go to a temporary sibling
 * {@code .<name>.<random>.tmp}, are forced to disk, and the sibling is renamed over the target.
 * Every output of every tool ({@code simulate}'s CSV, summary and histograms, {@code generate}'s
 * trace, {@code sweep}'s points.csv, histograms and plots, the golden files) is written here.
 *
 * <p>The sibling is created as any new file is, so the result has the permissions the user's
 * umask gives (not {@code 0600}, as {@link Files#createTempFile} would make it); a file that is
 * replaced keeps its own permissions.
 */
public final class AtomicFiles {
    private static final String TMP_SUFFIX = ".tmp";

    /** What writes a file's content. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** What writes a text file's content, UTF-8. */
    @FunctionalInterface
    public interface TextBody {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code content} as the whole of {@code file}, creating its folder. */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, out -> out.write(content));
    }

    /** Writes UTF-8 text produced by {@code body} as the whole of {@code file}. */
    public static void writeText(Path file, TextBody body) throws IOException {
        write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            // A body may close what it was given (a CSV printer does): that only flushes here.
            body.writeTo(new java.io.FilterWriter(w) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            w.flush();
        });
    }

    /** Writes what {@code body} produces as the whole of {@code file}, creating its folder. */
    public static void write(Path file, Body body) throws IOException {
        try (Pending p = start(file)) {
            body.writeTo(p.stream());
            p.commit();
        }
    }

    /**
     * Starts writing {@code file}: write to {@link Pending#stream()}, then {@link Pending#commit()}
     * puts the file in place; closing without committing leaves the old file (or none) as it was.
     */
    public static Pending start(Path file) throws IOException {
        return new Pending(file);
    }

    /** A file being written through its temporary sibling. */
    public static final class Pending implements AutoCloseable {
        private final Path file;
        private final Path tmp;
        private final FileChannel channel;
        private final OutputStream stream;
        private boolean done;

        private Pending(Path file) throws IOException {
            this.file = file;
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            this.tmp = createSibling(dir, file.getFileName().toString());
            this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
            // Closing the stream must not close the channel before commit forces it.
            this.stream = new java.io.BufferedOutputStream(new java.io.FilterOutputStream(
                    Channels.newOutputStream(channel)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, 1 << 16);
        }

        /** Where the content goes. */
        public OutputStream stream() {
            return stream;
        }

        /** Forces the content to disk and renames it over the target. */
        public void commit() throws IOException {
            stream.flush();
            channel.force(true);
            channel.close();
            keepPermissionsOf(file, tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        }

        /** Discards the temporary sibling unless committed. */
        @Override
        public void close() throws IOException {
            if (!done) {
                try {
                    channel.close();
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }

    /** A new, empty {@code .<name>.<random>.tmp} in {@code dir}, made with the umask's permissions. */
    private static Path createSibling(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + TMP_SUFFIX);
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    /** A file that is replaced keeps its permissions, as one overwritten in place would. */
    private static void keepPermissionsOf(Path file, Path tmp) throws IOException {
        PosixFileAttributeView old = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (old == null || !Files.isRegularFile(file)) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = old.readAttributes().permissions();
        } catch (IOException e) {
            return; // gone since: the new file keeps the umask's permissions
        }
        Files.setPosixFilePermissions(tmp, perms);
    }

    /**
     * Deletes the temporary siblings {@link #write} left in {@code dir} when its process died
     * between creating and renaming them. Call only while holding a lock every writer of
     * {@code dir} holds, so that none of them is live.
     */
    public static void removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(TMP_SUFFIX) && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
