package dev.memwall.input;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The configs memwall ships ({@code configs/cluster}, {@code configs/models},
 * {@code configs/hardware}, {@code configs/engines}, {@code configs/pim}, and the validated errors
 * {@code configs/validation/recorded/errors.json} that each run's fidelity line quotes) travel inside the jar too, so that the tool works from any directory:
 * a relative path under {@code configs/} that does not exist on disk is read from the jar's
 * resources instead. A file on disk always wins, so a repository checkout (or a user's own
 * {@code configs/}) is read as before, and paths outside {@code configs/} are never redirected.
 *
 * <p>Files are read through the class loader, which has the jar open already; only listing a
 * shipped directory (for an "unknown model ... known: ..." message) opens the jar as a file
 * system, which costs a jar of this size about 0.1 s.
 */
public final class ShippedFiles {
    /** Where the shipped configs lie among the class path's resources. */
    static final String RESOURCE_ROOT = "/dev/memwall/shipped/";
    private static final String CONFIGS = "configs";

    private ShippedFiles() {
    }

    /**
     * The shipped copy of {@code path}: a resource URL when {@code path} is relative, under
     * {@code configs/}, not on disk, and shipped; otherwise null.
     */
    static URL shippedCopy(Path path) {
        if (path == null || path.isAbsolute() || Files.exists(path)) {
            return null;
        }
        Path normal = path.normalize();
        if (normal.getNameCount() < 2 || !CONFIGS.equals(normal.getName(0).toString())) {
            return null;
        }
        StringBuilder name = new StringBuilder(RESOURCE_ROOT);
        for (int i = 0; i < normal.getNameCount(); i++) {
            name.append(i == 0 ? "" : "/").append(normal.getName(i));
        }
        return ShippedFiles.class.getResource(name.toString());
    }

    /** Whether {@code file} is a regular file on disk or a shipped one. */
    public static boolean isFile(Path file) {
        if (Files.isRegularFile(file)) {
            return true;
        }
        // Every shipped file is a .json or .ini file, and no shipped directory's name ends so.
        String name = file.getFileName().toString();
        return (name.endsWith(".json") || name.endsWith(".ini")) && shippedCopy(file) != null;
    }

    /** Opens {@code file}, from disk or else its shipped copy (a missing one fails as on disk). */
    public static InputStream open(Path file) throws IOException {
        URL url = shippedCopy(file);
        return url == null ? Files.newInputStream(file) : url.openStream();
    }

    /**
     * {@code dir} itself when it exists on disk, else the shipped directory of that name as a path
     * in the jar's file system (or on the class path's directory), else {@code dir}.
     */
    public static Path directory(Path dir) {
        URL url = shippedCopy(dir);
        if (url == null) {
            return dir;
        }
        try {
            URI uri = url.toURI();
            return "jar".equals(uri.getScheme()) ? inJar(uri) : Path.of(uri);
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return dir; // unreadable: the caller reports the directory it was given
        }
    }

    /** The entry {@code uri} ({@code jar:file:...!/entry}) as a path in the jar's zip file system. */
    private static Path inJar(URI uri) throws IOException {
        String s = uri.toString();
        int bang = s.indexOf("!/");
        URI jar = URI.create(s.substring(0, bang));
        FileSystem fs;
        synchronized (ShippedFiles.class) {
            try {
                fs = FileSystems.newFileSystem(jar, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(jar);
            }
        }
        return fs.getPath(s.substring(bang + 1));
    }
}
