package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextLinesTest {
    @TempDir
    Path dir;

    /** What BufferedReader.readLine gives, blank lines dropped, each with its physical line number. */
    private static List<String> expected(String text) throws IOException {
        List<String> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new StringReader(text));
        int n = 0;
        for (String line; (line = r.readLine()) != null; ) {
            n++;
            if (!line.isBlank()) {
                out.add(n + ":" + line);
            }
        }
        return out;
    }

    private List<String> read(String text) throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        try (TextLines lines = new TextLines(f, "t.txt")) {
            while (lines.advance()) {
                out.add(lines.lineNumber() + ":" + new String(lines.chars(), lines.start(), lines.length()));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n  \na\n\t\nb", "", "\n", "x\r\n\r\ny"})
    void splitsLinesAsBufferedReaderDoes(String text) throws IOException {
        assertEquals(expected(text), read(text));
    }

    @ParameterizedTest
    @ValueSource(ints = {65535, 65536, 65537, 200_000})
    void readsLinesLongerThanItsBufferAndCrlfAcrossChunkEnds(int length) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            sb.append("x".repeat(length - 1 + k)).append("\r\n");
            sb.append("y".repeat(k + 1)).append('\r');
        }
        String text = sb.append("tail").toString();
        assertEquals(expected(text), read(text));
    }
}
