package dev.memwall.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.result.Metric;
import dev.memwall.input.InputException;

/** The journal keeps every finished point exactly once, whatever a killed writer left behind. */
class JournalTest {
    @TempDir
    Path dir;

    private final List<String> seen = new ArrayList<>();

    private static PointResult result(String bw) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("cxl_bw", bw);
        params.put("placement", "weights-cxl");
        double[] metrics = new double[Metric.values().length];
        metrics[Metric.TPOT_P99.ordinal()] = 12.5;
        return new PointResult(params, "abc", 42, metrics, null, "HISTOGRAM", "TTFT-HISTOGRAM", List.of(), List.of(),
                0.1, "test", "2025-01-01T00:00:00Z", null);
    }

    private Journal open() throws IOException {
        return Journal.open(dir, r -> seen.add(r.params().get("cxl_bw")));
    }

    @Test
    void anAppendedPointIsReadBackAfterReopening() throws IOException {
        try (Journal j = open()) {
            assertTrue(j.append(result("15")));
            assertTrue(j.append(result("40")));
        }
        seen.clear();
        try (Journal j = open()) {
            assertEquals(2, j.records().size());
            assertEquals(List.of("15", "40"), seen);
            assertEquals(12.5, j.records().get(result("40").key()).metric(Metric.TPOT_P99));
        }
    }

    @Test
    void aPointAlreadyRecordedIsNotAppendedAgain() throws IOException {
        try (Journal j = open()) {
            assertTrue(j.append(result("15")));
            assertFalse(j.append(result("15")));
        }
        assertEquals(1, Files.readAllLines(dir.resolve(Journal.FILE)).size());
    }

    @Test
    void aLineTornByAKilledWriterIsCutAwayAndItsPointRunsAgain() throws IOException {
        try (Journal j = open()) {
            j.append(result("15"));
        }
        String whole = result("40").toJsonLine();
        Files.writeString(dir.resolve(Journal.FILE), whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);
        try (Journal j = open()) {
            assertEquals(1, j.records().size());
            assertTrue(j.append(result("40")));
        }
        List<String> lines = Files.readAllLines(dir.resolve(Journal.FILE));
        assertEquals(2, lines.size());
        assertEquals(whole, lines.get(1));
    }

    @Test
    void temporaryFilesOfAWriterKilledMidWriteAreRemovedOnOpen() throws IOException {
        // What AtomicFiles.write leaves when killed between creating and renaming its sibling.
        Files.createDirectories(dir.resolve(HistogramFiles.DIR));
        Path strayCsv = Files.writeString(dir.resolve(".points.csv.123.tmp"), "half a csv");
        Path strayHgrm = Files.writeString(dir.resolve(HistogramFiles.DIR).resolve(".a=1.tpot.hgrm.456.tmp"), "half");
        Path kept = Files.writeString(dir.resolve(HistogramFiles.DIR).resolve("a=1.tpot.hgrm"), "whole");
        try (Journal j = open()) {
            assertEquals(0, j.records().size());
        }
        assertFalse(Files.exists(strayCsv));
        assertFalse(Files.exists(strayHgrm));
        assertTrue(Files.exists(kept));
    }

    @Test
    void twoWritersOnOneFolderSeeEachOthersPoints() throws IOException {
        try (Journal a = open(); Journal b = open()) {
            assertTrue(a.append(result("15")));
            assertFalse(b.append(result("15")), "b reads a's line before appending");
            assertTrue(b.append(result("40")));
            a.refresh();
            assertEquals(2, a.records().size());
        }
        assertEquals(2, Files.readAllLines(dir.resolve(Journal.FILE)).size());
    }

    @Test
    void aCompleteLineThatIsNotARecordIsReportedWithItsLineNumber() throws IOException {
        Files.writeString(dir.resolve(Journal.FILE), result("15").toJsonLine() + "\n{\"point\": 3}\n",
                StandardCharsets.UTF_8);
        InputException e = assertThrows(InputException.class, this::open);
        assertTrue(e.getMessage().startsWith(dir.resolve(Journal.FILE) + ":2: not a sweep record"), e.getMessage());
    }
}
