package dev.memwall.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: small text files in a test's temporary directory. */
final class TempFiles {
    private TempFiles() {
    }

    static Path write(Path dir, String name, String content) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return file;
    }
}
