package dev.memwall.cli;

import static dev.memwall.cli.SweepFixtures.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edges of every tool, as a user meets them: each ends in one line on stderr with the right
 * exit code (2 for bad input or a bad environment), never a stack trace, never a hang.
 */
class ToolErrorsTest {
    @TempDir
    Path dir;

    // ---- the front door -------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"simulat, simulate", "smulate, simulate", "sweeep, sweep", "gtae, gate", "plto, plot",
        "genrate, generate", "memebr, member", "valdate, validate"})
    void aFirstArgumentWithinTwoEditsOfAToolIsAnErrorNamingIt(String typed, String tool) {
        assertEquals("memwall: unknown tool '" + typed + "' (did you mean " + tool + "?)",
                Main.notAToolOrBenchmark(typed));
        CliRun.run(typed).assertBadInput("(did you mean " + tool + "?)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EventHeap", "CxlGrid.*", "-l", "-f", "DecodeHeavy"})
    void benchmarkPatternsAndJmhOptionsStillGoToJmh(String arg) {
        assertNull(Main.notAToolOrBenchmark(arg));
    }

    @ParameterizedTest
    @CsvSource({"simulate, -V", "simulate, --version", "sweep, --version", "generate, -V", "gate, -V",
        "validate, --version", "plot, -V", "member, --version"})
    void everyToolPrintsTheVersion(String tool, String flag) {
        CliRun r = CliRun.run(tool, flag);
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.strip().matches("memwall \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)"), r.out);
    }

    @Test
    void aMistypedOptionGetsPicocliSuggestionOnTheSameLine() {
        CliRun.run("simulate", "--outptu", "x.csv").assertBadInput(
                "simulate: Unknown options: '--outptu', 'x.csv' (did you mean --output?) (see 'simulate --help')");
        CliRun.run("sweep", "s.json", "--thread", "2").assertBadInput("(did you mean --threads?)");
    }

    // ---- out of memory ---------------------------------------------------------------------------

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aTraceTooBigForTheHeapSaysToGiveJavaMoreMemory() throws Exception {
        Path trace = dir.resolve("big.jsonl");
        assertEquals(0, CliRun.run("generate", "--num-reqs", "300000", "--arrival", "burst", "--input-len", "fixed:16",
                "--output-len", "fixed:2", "--output", trace.toString()).exitCode);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx40m", "-cp", System.getProperty("java.class.path"),
                "dev.memwall.cli.Main", "simulate", "--log-interval", "0", "--dataset", trace.toString(),
                "--cluster-config", CliRun.root().resolve("configs/cluster/single_node_single_instance.json").toString()));
        cmd.addAll(List.of(CliRun.catalogs()));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(100, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), err);
        assertFalse(err.contains("\n"), err);
        assertTrue(err.startsWith("simulate: out of memory: the inputs need more than this Java heap of 0.0"), err);
        assertTrue(err.contains("give Java more with -Xmx"), err);
    }

    // ---- sweep and its cluster ---------------------------------------------------------------------

    @Test
    void sweepOutOnARegularFileOrAReadOnlyPlaceIsOneLine() throws IOException {
        Path study = SweepFixtures.study(dir, 10, "20");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun.run("sweep", args(study, "--out", file, "--progress", "none"))
                .assertBadInput("sweep: --out: cannot write " + file + ": " + file + " is a file, not a folder");
        CliRun.run("sweep", args(study, "--out", file.resolve("below"), "--progress", "none"))
                .assertBadInput("sweep: --out: cannot write " + file.resolve("below"));
        Path proc = Path.of("/proc/memwall-no-such-place");
        assumeTrue(Files.isDirectory(Path.of("/proc")) && !Files.exists(proc));
        CliRun.run("sweep", args(study, "--out", proc, "--progress", "none"))
                .assertBadInput("sweep: --out: cannot write " + proc + ": cannot create folder");
        CliRun.run("plot", args(study, "--out", file)).assertBadInput("plot: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"notaport", "host:", ":5701", "10.0.0.5:0", "10.0.0.5:70000", "999.1.1.1:5701",
        "a b:5701"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aMalformedClusterAddressIsRefusedAtOnce(String address) {
        Path study = SweepFixtures.study(dir, 10, "20");
        CliRun.run("sweep", args(study, "--cluster", address, "--out", dir.resolve("o"), "--progress", "none"))
                .assertBadInput("sweep: --cluster: ");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aClusterNobodyAnswersAtIsOneLineAndNoHazelcastLog() {
        Path study = SweepFixtures.study(dir, 10, "20");
        int port = SweepFixtures.freePort();
        CliRun r = CliRun.run("sweep", args(study, "--cluster", "127.0.0.1:" + port, "--out", dir.resolve("o"),
                "--progress", "none"));
        r.assertBadInput("sweep: --cluster: no member of cluster 'memwall' answers at 127.0.0.1:" + port + " within 4 s;"
                + " start them with 'member' (and check --cluster-name)");
        assertEquals(java.util.logging.Level.OFF, java.util.logging.Logger.getLogger("com.hazelcast").getLevel());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "999.1.1.1 | member: --bind: '999.1.1.1' is not an IPv4 address (four numbers 0..255)",
        "no-such-host.invalid | member: --bind: unknown host 'no-such-host.invalid'",
        "192.0.2.1 | member: --bind: 192.0.2.1 is not an address of this machine"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMemberBindingAnAddressThatIsNotThisMachinesIsOneLine(String bind, String expected) {
        CliRun.run("member", "--bind", bind, "--port", "5799").assertBadInput(expected);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMemberOnATakenPortIsOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun.run("member", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()))
                    .assertBadInput("member: cannot start a Hazelcast member on 127.0.0.1:" + taken.getLocalPort());
        }
        CliRun.run("member", "--members", "127.0.0.1").assertBadInput("member: --members: expected HOST:PORT");
    }

    // ---- gate's golden files -----------------------------------------------------------------------

    @Test
    void goldenFilesInAFolderThatIsNotThereOrTruncatedAreOneLine() throws IOException {
        CliRun.run("gate", "--golden", "--golden-dir", dir.resolve("nonexistent").toString())
                .assertBadInput("gate: --golden-dir: " + dir.resolve("nonexistent") + ": no such folder");
        Path golds = Files.createDirectories(dir.resolve("golden"));
        byte[] first = Files.readAllBytes(CliRun.root().resolve("results/golden/h100-chat.json"));
        Files.write(golds.resolve("h100-chat.json"), java.util.Arrays.copyOf(first, first.length / 2));
        CliRun.run("gate", "--golden", "--golden-dir", golds.toString())
                .assertBadInput(golds.resolve("h100-chat.json") + ":");
    }

    // ---- trace formats -------------------------------------------------------------------------------

    @Test
    void aFormatThatDoesNotMatchTheTraceSaysWhichWasDetected() {
        CliRun r = CliRun.run("simulate", args((Object[]) concat(CliRun.catalogs(), "--cluster-config",
                CliRun.root().resolve("configs/cluster/single_node_single_instance.json").toString(), "--dataset",
                CliRun.root().resolve("workloads/example-poisson-200.jsonl").toString(), "--dataset-format", "vidur",
                "--log-interval", "0")));
        r.assertBadInput("format vidur does not match the file, whose first line shows the llmservingsim format"
                + " (give --dataset-format llmservingsim, or auto)");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
