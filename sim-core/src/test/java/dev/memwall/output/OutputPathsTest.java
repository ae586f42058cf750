package dev.memwall.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;

class OutputPathsTest {
    @TempDir
    Path dir;

    @Test
    void realPathsSeeThroughDotDotAndLinksAlsoForFilesNotYetThere() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path link = Files.createSymbolicLink(dir.resolve("l"), a);
        Path target = a.resolve("out.csv");
        assertEquals(OutputPaths.real(target), OutputPaths.real(dir.resolve("a/../a/out.csv")));
        assertEquals(OutputPaths.real(target), OutputPaths.real(link.resolve("out.csv")));
        assertEquals(OutputPaths.real(target), OutputPaths.real(dir.resolve("a/new/../out.csv")));
        assertNotEquals(OutputPaths.real(target), OutputPaths.real(dir.resolve("out.csv")));
    }

    @Test
    void namesBothOptionsOfAClash() {
        InputException e = assertThrows(InputException.class, () -> OutputPaths.of("tool")
                .input("--in", dir.resolve("x")).output("--out", dir.resolve("./x")).check());
        assertEquals("tool: --out " + dir.resolve("./x") + " is the same file as --in; refusing to overwrite an input",
                e.getMessage());
    }

    @Test
    void nullOptionsAreNotGiven() {
        OutputPaths.of("tool").input("--in", null).output("--out", null).output("--b", dir.resolve("b")).check();
    }
}
