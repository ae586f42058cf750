package dev.memwall.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;

/** Points are numbered with the first axis slowest; slices select by labels and by shard. */
class GridTest {
    @TempDir
    Path dir;

    @Test
    void pointsAreNumberedLikeNestedLoopsAndFoundAgainByTheirLabels() {
        Grid g = StudyLoader.load(TestStudies.small(dir)).grid();
        assertEquals(32, g.size());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, g.coordinates(1));
        assertArrayEquals(new int[] {1, 0, 0, 0, 0}, g.coordinates(16));
        assertEquals("{cxl_bw=200, cxl_latency=150, cxl_devices=1, placement=weights-cxl, arrival_rate=2}",
                g.params(16).toString());
        for (int i = 0; i < g.size(); i++) {
            assertEquals(i, g.indexOf(g.params(i)));
        }
        assertEquals(-1, g.indexOf(Map.of("cxl_bw", "15")));
    }

    @Test
    void shardsCoverEveryPointExactlyOnce() {
        Grid g = StudyLoader.load(TestStudies.small(dir)).grid();
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(g.select(Map.of(), 1, 3)),
                Arrays.stream(g.select(Map.of(), 2, 3))), Arrays.stream(g.select(Map.of(), 3, 3))).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 32).toArray(), all);
    }

    @Test
    void onlyKeepsTheNamedValues() {
        Grid g = StudyLoader.load(TestStudies.small(dir)).grid();
        int[] picked = g.select(Map.of("placement", Set.of("kv-cxl"), "cxl_bw", Set.of("20")), 1, 1);
        assertEquals(8, picked.length);
        for (int i : picked) {
            assertEquals("kv-cxl", g.params(i).get("placement"));
            assertEquals("20", g.params(i).get("cxl_bw"));
        }
    }

    @Test
    void onlyWithAnUnknownAxisOrValueNamesWhatExists() {
        Grid g = StudyLoader.load(TestStudies.small(dir)).grid();
        assertEquals("sweep: --only: the study has no axis 'bw' (axes: cxl_bw, cxl_latency, cxl_devices, placement,"
                + " arrival_rate)", assertThrows(InputException.class,
                        () -> g.select(Map.of("bw", Set.of("20")), 1, 1)).getMessage());
        assertEquals("sweep: --only: axis 'cxl_bw' has no value '30' (values: 20, 200)",
                assertThrows(InputException.class, () -> g.select(Map.of("cxl_bw", Set.of("30")), 1, 1)).getMessage());
    }
}
