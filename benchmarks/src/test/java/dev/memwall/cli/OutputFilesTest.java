package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No file of the user's is ever lost or half written: an output that is an input or another
 * output is refused before anything runs (compared by real path), every output is checked
 * writable before simulating, and every output appears whole, by rename, with the umask's
 * permissions.
 */
class OutputFilesTest {
    @TempDir
    Path dir;
    private Path trace;
    private Path cluster;

    @BeforeEach
    void copyInputs() throws IOException {
        trace = Files.copy(CliRun.root().resolve("workloads/example-poisson-200.jsonl"), dir.resolve("trace.jsonl"));
        cluster = Files.copy(CliRun.root().resolve("configs/cluster/single_node_single_instance.json"),
                dir.resolve("cluster.json"));
        Files.createDirectories(dir.resolve("sub"));
    }

    private CliRun simulate(String... more) {
        List<String> args = new ArrayList<>(List.of(CliRun.catalogs()));
        args.addAll(List.of("--cluster-config", cluster.toString(), "--dataset", trace.toString(), "--log-interval",
                "0", "--num-reqs", "40"));
        args.addAll(List.of(more));
        return CliRun.run("simulate", args.toArray(String[]::new));
    }

    /** {@code @TRACE}, {@code @CLUSTER} and {@code @DIR} in a case stand for the files and the temp folder. */
    private String path(String spec) {
        return spec.replace("@TRACE", trace.toString()).replace("@CLUSTER", cluster.toString())
                .replace("@DIR", dir.toString());
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({
        "--output, @TRACE, , , is the same file as --dataset; refusing to overwrite an input",
        "--summary-json, @CLUSTER, , , is the same file as --cluster-config; refusing to overwrite an input",
        "--output, @DIR/sub/../trace.jsonl, , , is the same file as --dataset",
        "--output, @DIR/sub/../sub/../cluster.json, , , is the same file as --cluster-config",
        "--output, @DIR/a.csv, --summary-json, @DIR/sub/../a.csv, is the same file as --output; give each output its own file",
        "--output, @DIR/h/ttft.hgrm, --hgrm-dir, @DIR/h, is the same file as --output",
    })
    void refusesAnOutputThatIsAnInputOrAnotherOutputAndTouchesNothing(String opt1, String val1, String opt2,
            String val2, String expected) throws IOException {
        byte[] traceBefore = Files.readAllBytes(trace);
        byte[] clusterBefore = Files.readAllBytes(cluster);
        List<String> args = new ArrayList<>(List.of(opt1, path(val1)));
        if (opt2 != null) {
            args.addAll(List.of(opt2, path(val2)));
        }
        simulate(args.toArray(String[]::new)).assertBadInput(expected);
        assertArrayEquals(traceBefore, Files.readAllBytes(trace));
        assertArrayEquals(clusterBefore, Files.readAllBytes(cluster));
        assertFalse(Files.exists(dir.resolve("a.csv")));
    }

    @Test
    void aSymbolicLinkToTheTraceIsTheTrace() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), trace);
        simulate("--output", link.toString()).assertBadInput("is the same file as --dataset");
    }

    @Test
    void anUnwritableSummaryIsRefusedBeforeSimulatingSoNoCsvIsWritten() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a folder should be");
        Path csv = dir.resolve("out.csv");
        simulate("--output", csv.toString(), "--summary-json", blocker.resolve("s.json").toString())
                .assertBadInput("--summary-json: cannot write " + blocker.resolve("s.json") + ": " + blocker
                        + " is a file, not a folder");
        assertFalse(Files.exists(csv), "the CSV was written before the summary was found unwritable");
        simulate("--output", csv.toString(), "--hgrm-dir", blocker.toString())
                .assertBadInput("--hgrm-dir: cannot write");
        assertFalse(Files.exists(csv));
        simulate("--output", dir.resolve("sub").toString()).assertBadInput("is a folder, not a file");
    }

    @Test
    void aReadOnlyPlaceIsOneLine() throws IOException {
        Path readOnly = readOnlyFolder();
        simulate("--summary-json", readOnly.resolve("s.json").toString())
                .assertBadInput("--summary-json: cannot write " + readOnly.resolve("s.json"));
    }

    @Test
    void outputsAppearWholeWithTheUmasksPermissionsAndNoTemporaryFiles() throws IOException {
        Path out = dir.resolve("run");
        CliRun r = simulate("--output", out.resolve("o.csv").toString(), "--summary-json",
                out.resolve("s.json").toString(), "--hgrm-dir", out.resolve("h").toString());
        assertEquals(0, r.exitCode, r.err);
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        List<Path> written;
        try (Stream<Path> files = Files.walk(out)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertEquals(7, written.size(), "csv, summary and five .hgrm: " + written);
        for (Path f : written) {
            assertFalse(f.getFileName().toString().startsWith("."), "a temporary file was left: " + f);
            assertEquals(plain, Files.getPosixFilePermissions(f), "permissions of " + f);
        }
    }

    @Test
    void twoRunsOnTheSameOutputAtOnceLeaveOneWholeCsv() throws Exception {
        Path solo = dir.resolve("solo.csv");
        assertEquals(0, simulate("--output", solo.toString(), "--reproducible").exitCode);
        Path shared = dir.resolve("shared.csv");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<CliRun>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> simulate("--output", shared.toString(), "--reproducible")));
            }
            for (Future<CliRun> f : runs) {
                assertEquals(0, f.get().exitCode, f.get().err);
            }
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(Files.readAllBytes(solo), Files.readAllBytes(shared));
    }

    @Test
    void generateRefusesToOverwriteItsLengthFileAndWritesToAReadOnlyPlaceAsOneLine() throws IOException {
        CliRun.run("generate", "--num-reqs", "5", "--rate", "1", "--input-len", "file:" + trace,
                "--output-len", "fixed:4", "--output", dir.resolve("sub/../trace.jsonl").toString())
                .assertBadInput("generate: --output " + dir.resolve("sub/../trace.jsonl")
                        + " is the same file as --input-len file:; refusing to overwrite an input");
        Path readOnly = readOnlyFolder();
        CliRun.run("generate", "--num-reqs", "5", "--rate", "1", "--output", readOnly.resolve("g.jsonl").toString())
                .assertBadInput("generate: --output: cannot write " + readOnly.resolve("g.jsonl"));
        Path g = dir.resolve("g.jsonl");
        Files.writeString(g, "old");
        CliRun.run("generate", "--num-reqs", "5", "--rate", "1e-300", "--output", g.toString())
                .assertBadInput("generate: --rate: must be 0 (all at t=0) or in [0.000001, 1000000000] req/s");
        assertEquals("old", Files.readString(g), "a refused run left the old trace alone");
    }

    /**
     * A folder this process cannot write into: a read-only folder for an ordinary user; for root,
     * who may write anywhere, a path under {@code /proc}, where no file can be made.
     */
    private Path readOnlyFolder() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE));
        if (!Files.isWritable(ro)) {
            return ro;
        }
        Files.setPosixFilePermissions(ro, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        Path proc = Path.of("/proc/memwall-no-such-place");
        assumeTrue(Files.isDirectory(Path.of("/proc")) && !Files.exists(proc), "no read-only place to test with");
        return proc;
    }

    @Test
    void theProbeOfAWritableFolderLeavesNothingBehind() throws IOException {
        assertEquals(0, simulate("--summary-json", dir.resolve("s.json").toString()).exitCode);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")));
        }
    }
}
