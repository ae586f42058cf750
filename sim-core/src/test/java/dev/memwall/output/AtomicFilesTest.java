package dev.memwall.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aBodyThatFailsHalfwayLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path file = Files.writeString(dir.resolve("points.csv"), "old\n");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half a new fi".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old\n", Files.readString(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void aNewFileGetsTheUmasksPermissionsNotOwnerOnly() throws IOException {
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Path file = dir.resolve("new.csv");
        AtomicFiles.write(file, "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(plain, Files.getPosixFilePermissions(file));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path file = Files.writeString(dir.resolve("shared.csv"), "old");
        Set<PosixFilePermission> groupWritable = PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(file, groupWritable);
        AtomicFiles.writeText(file, w -> w.write("new"));
        assertEquals("new", Files.readString(file));
        assertEquals(groupWritable, Files.getPosixFilePermissions(file));
    }

    @Test
    void aTextBodyMayCloseItsWriter() throws IOException {
        Path file = dir.resolve("closed.txt");
        AtomicFiles.writeText(file, w -> {
            w.write("all of it");
            w.close();
        });
        assertEquals("all of it", Files.readString(file));
    }

    @Test
    void leftoversOfADeadWriterAreRemovedAndNothingElse() throws IOException {
        Path keep = Files.writeString(dir.resolve("points.csv"), "x");
        Files.writeString(dir.resolve(".points.csv.k3j2.tmp"), "torn");
        AtomicFiles.removeLeftovers(dir);
        assertEquals(List.of(keep), listing());
    }
}
