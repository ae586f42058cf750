package dev.memwall.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;

/** Sweeps give the same points.csv however they are run: threads, interruptions, shards. */
class SweepTest {
    @TempDir
    Path dir;

    private static final Sweep.Listener QUIET = new Sweep.Listener() {
        @Override
        public void started(int toRun, int recorded, int selected, String where) {
        }

        @Override
        public void recorded(PointResult r, int done, int toRun) {
        }

        @Override
        public void finished() {
        }
    };

    private Sweep.Outcome sweep(Study study, Path out, int threads, Map<String, Set<String>> only, int shard,
            int shards) throws IOException, InterruptedException {
        return Sweep.run(study, new Sweep.Settings(out, only, shard, shards), new LocalExecutor(threads), QUIET);
    }

    @Test
    void oneThreadAndThreeThreadsWriteTheSameFiles() throws Exception {
        Study study = StudyLoader.load(TestStudies.small(dir));
        Sweep.Outcome one = sweep(study, dir.resolve("one"), 1, Map.of(), 1, 1);
        Sweep.Outcome three = sweep(study, dir.resolve("three"), 3, Map.of(), 1, 1);
        assertEquals(32, one.ran());
        assertEquals(32, three.csvRows());
        assertSameCsv(dir.resolve("one"), dir.resolve("three"));
        assertSameHistograms(dir.resolve("one"), dir.resolve("three"));
    }

    @Test
    void aRerunRunsNothingAndAPartialRunResumesToTheSameCsv() throws Exception {
        Study study = StudyLoader.load(TestStudies.small(dir));
        sweep(study, dir.resolve("whole"), 2, Map.of(), 1, 1);
        assertEquals(0, sweep(study, dir.resolve("whole"), 2, Map.of(), 1, 1).ran());

        Sweep.Outcome part = sweep(study, dir.resolve("resumed"), 2, Map.of("cxl_bw", Set.of("200")), 1, 1);
        assertEquals(16, part.ran());
        assertEquals(16, part.csvRows());
        Sweep.Outcome rest = sweep(study, dir.resolve("resumed"), 2, Map.of(), 1, 1);
        assertEquals(16, rest.recorded());
        assertEquals(16, rest.ran());
        assertSameCsv(dir.resolve("whole"), dir.resolve("resumed"));
        assertEquals(32, Files.readAllLines(dir.resolve("resumed").resolve(Journal.FILE)).size());
    }

    @Test
    void twoShardsInOneFolderMergeToTheSameCsvAsOneRun() throws Exception {
        Study study = StudyLoader.load(TestStudies.small(dir));
        sweep(study, dir.resolve("whole"), 2, Map.of(), 1, 1);
        Sweep.Outcome first = sweep(study, dir.resolve("shards"), 1, Map.of(), 1, 2);
        Sweep.Outcome second = sweep(study, dir.resolve("shards"), 1, Map.of(), 2, 2);
        assertEquals(16, first.ran());
        assertEquals(16, second.ran());
        assertSameCsv(dir.resolve("whole"), dir.resolve("shards"));
    }

    @Test
    void twoShardsRunningAtOnceInOneFolderRecordEveryPointOnce() throws Exception {
        Study study = StudyLoader.load(TestStudies.small(dir));
        sweep(study, dir.resolve("whole"), 2, Map.of(), 1, 1);
        List<Throwable> failures = new ArrayList<>();
        Thread[] shards = new Thread[2];
        for (int s = 0; s < 2; s++) {
            int shard = s + 1;
            shards[s] = new Thread(() -> {
                try {
                    sweep(study, dir.resolve("together"), 1, Map.of(), shard, 2);
                } catch (Exception | Error e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            shards[s].start();
        }
        for (Thread t : shards) {
            t.join();
        }
        assertEquals(List.of(), failures);
        Sweep.writeOutputs(study, dir.resolve("together"));
        assertSameCsv(dir.resolve("whole"), dir.resolve("together"));
        assertEquals(32, Files.readAllLines(dir.resolve("together").resolve(Journal.FILE)).size());
    }

    @Test
    void aPointThatCannotBeBuiltIsRecordedWithItsErrorAndTheRestRun() throws Exception {
        // kv on cxl:1 exists with 4 devices (the base) but not with 1.
        Study study = StudyLoader.load(TestStudies.write(dir, "errors.json", """
                [{"name": "cxl_devices", "path": "cxl_mem.num_devices", "values": [1, 2]},
                 {"name": "placement", "path": "nodes[0].instances[*].placement", "presets": {
                    "kv-on-cxl1": {"default": {"weights": "npu", "kv_loc": "cxl:1", "kv_evict_loc": "cpu"}}}}]"""));
        Sweep.Outcome o = sweep(study, dir.resolve("out"), 2, Map.of(), 1, 1);
        assertEquals(2, o.ran());
        assertEquals(1, o.errors());
        List<String> csv = Files.readAllLines(dir.resolve("out").resolve(PointsCsv.FILE));
        assertTrue(csv.get(1).startsWith("0,1,kv-on-cxl1,"), csv.get(1));
        assertTrue(csv.get(1).contains("cxl:1"), "the error names the device: " + csv.get(1));
        assertTrue(csv.get(2).endsWith(","), "no error for 2 devices: " + csv.get(2));
        assertEquals(List.of(), files(dir.resolve("out").resolve("hgrm")).stream()
                .filter(f -> f.contains("cxl_devices=1")).toList(), "no histogram for the errored point");
    }

    @Test
    void aRecordMadeFromOtherInputsIsRefusedNotMixedIn() throws Exception {
        Study study = StudyLoader.load(TestStudies.small(dir));
        sweep(study, dir.resolve("out"), 2, Map.of("cxl_bw", Set.of("20")), 1, 1);
        Path changed = TestStudies.writeRaw(dir.resolve("v2"), "small.json",
                Files.readString(dir.resolve("small.json")).replace("\"seed\": 7", "\"seed\": 8"));
        Study other = StudyLoader.load(changed);
        InputException e = assertThrows(InputException.class,
                () -> sweep(other, dir.resolve("out"), 2, Map.of(), 1, 1));
        assertTrue(e.getMessage().contains("points.jsonl: point {") && e.getMessage().contains("other inputs"),
                e.getMessage());
    }

    @Test
    void pointSeedsDependOnTheirParametersAndTheStudySeedOnly() {
        Study study = StudyLoader.load(TestStudies.small(dir));
        PointSpec a = study.spec(5);
        PointSpec b = study.spec(5);
        assertEquals(a.seed(), b.seed());
        assertEquals(a.inputs(), b.inputs());
        assertTrue(study.spec(4).seed() != a.seed());
        // Points differing only in hardware share the generated workload (common random numbers).
        assertEquals(study.spec(0).workloadSeed(), study.spec(2).workloadSeed());
        assertTrue(study.spec(0).workloadSeed() != study.spec(1).workloadSeed());
    }

    static void assertSameCsv(Path a, Path b) throws IOException {
        List<String> x = Files.readAllLines(a.resolve(PointsCsv.FILE));
        List<String> y = Files.readAllLines(b.resolve(PointsCsv.FILE));
        assertEquals(x, y);
        assertEquals(-1, Files.mismatch(a.resolve(PointsCsv.FILE), b.resolve(PointsCsv.FILE)));
    }

    static void assertSameHistograms(Path a, Path b) throws IOException {
        List<String> names = files(a.resolve(HistogramFiles.DIR));
        assertEquals(names, files(b.resolve(HistogramFiles.DIR)));
        for (String n : names) {
            assertEquals(-1, Files.mismatch(a.resolve(HistogramFiles.DIR).resolve(n), b.resolve(HistogramFiles.DIR).resolve(n)), n);
        }
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
