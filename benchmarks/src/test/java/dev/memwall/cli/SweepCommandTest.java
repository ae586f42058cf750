package dev.memwall.cli;

import static dev.memwall.cli.SweepFixtures.args;
import static dev.memwall.cli.SweepFixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep tool end to end: outputs, kill -9 and resume, shards, bad input. */
class SweepCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSweepWritesTheCsvTheJournalOneHistogramPerPointAndThePlots() {
        Path study = SweepFixtures.study(dir, 30, "20, 200");
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("sweep", args(study, "--out", out, "--threads", 2, "--progress", "lines"));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("sweep: 32 selected, 0 already recorded, 32 to run"), r.out);
        assertTrue(r.out.contains("sweep: 32/32 points (100%)"), r.out);
        assertEquals(33, lines(out.resolve("points.csv")).size());
        assertEquals(32, lines(out.resolve("points.jsonl")).size());
        assertEquals(64, out.resolve("hgrm").toFile().list().length, "a TPOT and a TTFT histogram per point");
        assertTrue(lines(out.resolve("points.csv")).get(0).startsWith(
                "point,cxl_bw,cxl_latency,cxl_devices,placement,arrival_rate,seed,requests,completed,"), "header");
        for (String stem : List.of("tpot-vs-cxl-bandwidth", "tpot-p99-heatmap", "throughput-vs-arrival-rate",
                "tpot-cdf", "ttft-cdf")) {
            assertTrue(Files.isRegularFile(out.resolve(stem + ".png")), stem);
            assertTrue(lines(out.resolve(stem + ".svg")).stream().anyMatch(l -> l.contains("<svg")), stem + ".svg");
        }
        assertTrue(r.out.contains("tpot-p99-heatmap.png and .svg (4 cells)"), r.out);
        assertTrue(r.out.contains("tpot-vs-cxl-bandwidth.png and .svg (4 lines"), r.out);
        assertTrue(r.out.contains("throughput-vs-arrival-rate.png and .svg (2 lines)"), r.out);
        assertTrue(r.out.contains("tpot-cdf.png and .svg (2 curves)"), r.out);
        assertTrue(r.out.contains("ttft-cdf.png and .svg (2 curves)"), r.out);
        java.util.Set<java.nio.file.attribute.PosixFilePermission> plain = permissionsOfANewFile();
        for (String f : List.of("points.csv", "tpot-cdf.png", "tpot-cdf.svg")) {
            assertEquals(plain, permissions(out.resolve(f)), f + " respects the umask");
        }
    }

    @Test
    void plotRewritesTheCsvFromTheJournalAndDrawsThreeLabelledPngs() throws IOException {
        Path study = SweepFixtures.study(dir, 30, "20, 200");
        Path out = dir.resolve("out");
        assertEquals(0, CliRun.run("sweep", args(study, "--out", out, "--progress", "none", "--no-plots")).exitCode);
        byte[] csv = Files.readAllBytes(out.resolve("points.csv"));
        Files.delete(out.resolve("points.csv"));
        Files.delete(out.resolve("hgrm").resolve(out.resolve("hgrm").toFile().list()[0]));

        CliRun r = CliRun.run("plot", args(study, "--out", out));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("has 32 of 32 points"), r.out);
        assertEquals(-1, java.util.Arrays.mismatch(csv, Files.readAllBytes(out.resolve("points.csv"))));
        assertEquals(64, out.resolve("hgrm").toFile().list().length);
        for (String png : List.of("tpot-vs-cxl-bandwidth.png", "tpot-p99-heatmap.png", "throughput-vs-arrival-rate.png",
                "tpot-cdf.png", "ttft-cdf.png")) {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(out.resolve(png).toFile());
            assertEquals(1000, image.getWidth(), png);
            assertEquals(640, image.getHeight(), png);
        }
    }

    private java.util.Set<java.nio.file.attribute.PosixFilePermission> permissionsOfANewFile() {
        try {
            return Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain-" + System.nanoTime())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(Path f) {
        try {
            return Files.getPosixFilePermissions(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aStudyWithoutADeviceAxisPlotsFromTheAxesItHas() throws IOException {
        Path study = SweepFixtures.write(dir, "no-devices.json", """
                {"seed": 3, "cluster": %s,
                 "workload": {"generate": {"arrival": "poisson", "input_len": "uniform:64:512",
                              "output_len": "uniform:8:64"}, "num_reqs": 20, "arrival_rate": 4},
                 "options": {"models_dir": %s, "hardware_dir": %s},
                 "axes": [{"name": "cxl_bw", "path": "cxl_mem.mem_bw", "values": [20, 200]},
                          {"name": "seqs", "path": "options.max_num_seqs", "values": [8, 64]}]}""");
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("sweep", args(study, "--out", out, "--progress", "none"));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("tpot-vs-cxl-bandwidth.png and .svg (4 lines)"), r.out);
        assertTrue(r.out.contains("tpot-p99-heatmap.png and .svg (4 cells)"), r.out);
        CliRun p = CliRun.run("plot", args(study, "--out", out));
        assertEquals(0, p.exitCode, p.err);
        assertTrue(p.out.contains("tpot-cdf.png and .svg (2 curves)"), p.out);
    }

    @Test
    void aStudyWhoseAxesGiveNoPlotSaysSoInOneLine() {
        Path study = SweepFixtures.write(dir, "routing.json", """
                {"seed": 3, "cluster": %s,
                 "workload": {"generate": {"arrival": "poisson", "input_len": "uniform:64:512",
                              "output_len": "uniform:8:64"}, "num_reqs": 10, "arrival_rate": 4},
                 "options": {"models_dir": %s, "hardware_dir": %s},
                 "axes": [{"name": "routing", "path": "options.request_routing_policy", "values": ["LOAD", "RR"]}]}""");
        CliRun r = CliRun.run("sweep", args(study, "--out", dir.resolve("out"), "--progress", "none"));
        assertEquals(0, r.exitCode, r.err);
        List<String> plotLines = r.out.lines().filter(l -> l.contains("plot")).toList();
        assertEquals(List.of("sweep: no plot fits this study: plots need an axis of two or more numbers (axes:"
                + " routing (2))"), plotLines);
    }

    @Test
    void plotWithoutAJournalSaysToRunSweepFirst() {
        Path study = SweepFixtures.study(dir, 30, "20, 200");
        CliRun r = CliRun.run("plot", args(study, "--out", dir.resolve("none")));
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode);
        assertEquals("plot: " + dir.resolve("none").resolve("points.jsonl")
                + ": no such file (run 'sweep' first, or give its --out)", r.err.strip());
    }

    @Test
    void aSweepKilledTwiceWithKill9AndRerunGivesTheCsvOfAnUninterruptedRun() throws Exception {
        Path study = SweepFixtures.study(dir, 120, "20, 50, 100, 200");
        Path whole = dir.resolve("whole");
        assertEquals(0, CliRun.run("sweep", args(study, "--out", whole, "--threads", 2, "--progress", "none",
                "--no-plots")).exitCode);

        Path killed = dir.resolve("killed");
        int total = 64;
        int[] killAfter = {3, 12};
        for (int k : killAfter) {
            Process child = childSweep(study, killed);
            int recorded = waitForLines(killed.resolve("points.jsonl"), k, child);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assumeTrue(recorded < total, "the child finished before it could be killed");
        }
        int before = countCompleteLines(killed.resolve("points.jsonl"));
        assertTrue(before >= 12 && before < total, "recorded before the rerun: " + before);

        CliRun r = CliRun.run("sweep", args(study, "--out", killed, "--threads", 2, "--progress", "none", "--no-plots"));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains((total - before) + " to run"), r.out);
        assertSameCsv(whole.resolve("points.csv"), killed.resolve("points.csv"));
        assertEquals(total, lines(killed.resolve("points.jsonl")).size());
        assertEquals(2 * total, killed.resolve("hgrm").toFile().list().length, "TPOT and TTFT per point");
    }

    /** Byte-identical, or a failure that shows the first differing rows. */
    private static void assertSameCsv(Path expected, Path actual) throws IOException {
        if (Files.mismatch(expected, actual) == -1) {
            return;
        }
        List<String> e = Files.readAllLines(expected);
        List<String> a = Files.readAllLines(actual);
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "<none>";
            String y = i < a.size() ? a.get(i) : "<none>";
            if (!x.equals(y)) {
                assertEquals(x, y, "points.csv row " + i + " (header: " + e.get(0) + ")");
            }
        }
    }

    @Test
    void twoShardsMergeToTheCsvOfOneRun() throws IOException {
        Path study = SweepFixtures.study(dir, 30, "20, 200");
        Path whole = dir.resolve("whole");
        Path shards = dir.resolve("shards");
        assertEquals(0, CliRun.run("sweep", args(study, "--out", whole, "--progress", "none", "--no-plots")).exitCode);
        CliRun first = CliRun.run("sweep", args(study, "--out", shards, "--shard", "1/2", "--progress", "none",
                "--no-plots"));
        assertTrue(first.out.contains("16 selected"), first.out);
        assertEquals(0, CliRun.run("sweep", args(study, "--out", shards, "--shard", "2/2", "--progress", "none",
                "--no-plots")).exitCode);
        assertEquals(-1, Files.mismatch(whole.resolve("points.csv"), shards.resolve("points.csv")));
    }

    @Test
    void badInputIsOneLineAndExitCode2() {
        Path study = SweepFixtures.study(dir, 30, "20, 200");
        assertBad("sweep: --shard: expected i/N with 1 <= i <= N, e.g. 1/4 (got '3/2')", study, "--shard", "3/2");
        assertBad("sweep: --only: axis 'cxl_bw' has no value '30' (values: 20, 200)", study, "--only", "cxl_bw=30");
        assertBad("sweep: --threads: must be >= 1 (got 0)", study, "--threads", "0");
        assertBad(dir.resolve("nope.json") + ": no such file", dir.resolve("nope.json"));
    }

    @Test
    void theHelpOfSweepPlotAndMemberFits80Columns() {
        for (String tool : List.of("sweep", "plot", "member")) {
            CliRun r = CliRun.run(tool, "--help");
            assertEquals(0, r.exitCode, tool);
            assertTrue(r.out.lines().allMatch(l -> l.length() <= 80), tool + " --help:\n" + r.out);
        }
    }

    @Test
    void theShippedStudysTraceIsWhatItsRecordedGenerateCommandMakes() throws IOException {
        // The command recorded in workloads/README.md for chat-poisson-1000.jsonl.
        Path expected = CliRun.root().resolve("workloads/chat-poisson-1000.jsonl");
        Path actual = dir.resolve("chat.jsonl");
        assertEquals(0, CliRun.run("generate", "--num-reqs", "1000", "--arrival", "poisson", "--rate", "1",
                "--input-len", "lognormal:512:0.8:4096", "--output-len", "lognormal:128:0.8:1024", "--seed", "7",
                "--output", actual.toString()).exitCode);
        assertEquals(-1, Files.mismatch(expected, actual));
    }

    private void assertBad(String expected, Object... a) {
        CliRun r = CliRun.run("sweep", args(a));
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode, r.err);
        assertEquals(expected, r.err.strip());
    }

    private static Process childSweep(Path study, Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.memwall.cli.Main", "sweep", study.toString(), "--out", out.toString(), "--threads", "1",
                "--progress", "none", "--no-plots"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.appendTo(new File(out.getParent().toFile(), "child.log"))).start();
    }

    /** Waits until the journal has {@code n} more complete lines than when called, or the child exits. */
    private static int waitForLines(Path journal, int more, Process child) throws InterruptedException {
        int start = countCompleteLines(journal);
        while (child.isAlive()) {
            int now = countCompleteLines(journal);
            if (now >= start + more) {
                return now;
            }
            Thread.sleep(5);
        }
        return countCompleteLines(journal);
    }

    private static int countCompleteLines(Path journal) {
        try {
            byte[] b = Files.exists(journal) ? Files.readAllBytes(journal) : new byte[0];
            int n = 0;
            for (byte x : b) {
                if (x == '\n') {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }
}
