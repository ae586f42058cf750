package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.TraceFormat;
import dev.memwall.workload.Traces;
import dev.memwall.workload.WorkloadReader;

/** The generate tool end to end, through {@link Main#run}. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void writesATraceThatReadsBackWithTheRequestedCountAndLengths() {
        Path file = dir.resolve("t.jsonl");
        assertEquals(0, generate("--num-reqs", "50", "--rate", "5", "--input-len", "uniform:10:20",
                "--output-len", "fixed:7", "--output", file.toString()));
        assertEquals(TraceFormat.LLMSERVINGSIM, Traces.detect(file));
        TraceEntry e = new TraceEntry();
        int n = 0;
        long prevNs = 0;
        try (WorkloadReader r = Traces.open(file, null, 0)) {
            while (r.next(e)) {
                assertTrue(e.inputTokens[0] >= 10 && e.inputTokens[0] <= 20);
                assertEquals(7, e.outputTokens[0]);
                assertTrue(e.arrivalNs > prevNs);
                prevNs = e.arrivalNs;
                n++;
            }
        }
        assertEquals(50, n);
        assertTrue(out.toString().startsWith("generate: wrote 50 requests to " + file), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void sameOptionsGiveTheSameBytes() throws IOException {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        String[] opts = {"--num-reqs", "100", "--arrival", "gamma", "--rate", "8", "--cv", "2"};
        assertEquals(0, generate(concat(opts, "--output", a.toString())));
        assertEquals(0, generate(concat(opts, "--output", b.toString())));
        assertEquals(-1, Files.mismatch(a, b));
        assertTrue(Files.size(a) > 0);
    }

    @Test
    void writesToStdoutWithADashAndKeepsItsNoteOnStderr() {
        assertEquals(0, generate("--num-reqs", "3", "--arrival", "burst", "--input-len", "fixed:1024",
                "--output-len", "fixed:512", "--output", "-"));
        String line = "{\"input_toks\":1024,\"output_toks\":512,\"arrival_time_ns\":0}\n";
        assertEquals(line + line + line, out.toString());
        assertTrue(err.toString().startsWith("generate: wrote 3 requests to stdout (burst"), err.toString());
    }

    @Test
    void rejectsAnUnknownLengthSpecWithExitTwo() {
        assertEquals(Main.EXIT_BAD_INPUT, generate("--rate", "1", "--input-len", "foo", "--output", dir.resolve("x").toString()));
        assertEquals("generate: --input-len: expected fixed:N, uniform:A:B, lognormal:MEDIAN:SIGMA[:MAX] or file:PATH "
                + "(got 'foo')\n", err.toString().replace(System.lineSeparator(), "\n"));
        assertFalse(Files.exists(dir.resolve("x")), "nothing written on bad input");
    }

    @Test
    void rejectsOutOfRangeOutputLengthWithExitTwo() {
        assertBadInput("generate: --output-len: uniform:A:B needs 1 <= A <= B (got 'uniform:0:5')",
                "--rate", "1", "--output-len", "uniform:0:5");
    }

    @Test
    void rejectsGammaWithoutCv() {
        assertBadInput("generate: --cv: required with --arrival gamma (1 is Poisson, above 1 burstier)",
                "--arrival", "gamma", "--rate", "3");
    }

    @Test
    void rejectsPoissonWithoutRate() {
        assertBadInput("generate: --rate: required with --arrival poisson (requests per second; 0 = all at t=0)");
    }

    @Test
    void rejectsNegativeNonNumericOrVanishingRate() {
        assertBadInput("generate: --rate: must be 0 (all at t=0) or in [0.000001, 1000000000] req/s (got '-2')",
                "--rate", "-2");
        assertBadInput("generate: --rate: must be 0 (all at t=0) or in [0.000001, 1000000000] req/s (got '1e-300')",
                "--rate", "1e-300");
        assertBadInput("generate: --rate: 100000 requests at 0.00001 req/s would arrive over 1.00e+10 s, more than the"
                + " 1000000000 s a trace may span; raise the rate", "--rate", "1e-5", "--num-reqs", "100000");
        assertBadInput("generate: --rate: expected a number (got 'fast')", "--rate", "fast");
    }

    @Test
    void rejectsRateWithBurst() {
        assertBadInput("generate: --rate: not used with --arrival burst, where all requests arrive at t=0 (got '4')",
                "--arrival", "burst", "--rate", "4");
    }

    @Test
    void rejectsUnknownArrivalKind() {
        assertBadInput("generate: --arrival: expected poisson, gamma or burst (got 'uniform')", "--arrival", "uniform");
    }

    @Test
    void rejectsZeroRequests() {
        assertBadInput("generate: --num-reqs: must be >= 1 (got 0)", "--num-reqs", "0", "--rate", "1");
    }

    @Test
    void reportsAMissingLengthFileByName() {
        Path missing = dir.resolve("nope.csv");
        assertBadInput(missing + ": no such file", "--rate", "1", "--input-len", "file:" + missing);
    }

    @Test
    void helpShowsDefaultsAndExamples() {
        assertEquals(0, generate("--help"));
        String help = out.toString();
        assertTrue(help.contains("--num-reqs=N"), help);
        assertTrue(help.contains("Default: 1000."), help);
        assertTrue(help.contains("Default: 42."), help);
        assertTrue(help.contains("Default: lognormal:512:0.8:4096."), help);
        assertTrue(help.contains("Examples"), help);
        assertTrue(help.lines().allMatch(l -> l.length() <= 80), "fits 80 columns:\n" + help);
    }

    @Test
    void shippedWorkloadsAreWhatTheirRecordedCommandsProduce() throws IOException {
        // The commands recorded in workloads/README.md, byte for byte.
        assertReproduces("example-poisson-200.jsonl", "--num-reqs", "200", "--arrival", "poisson", "--rate", "5",
                "--input-len", "lognormal:512:0.8:4096", "--output-len", "lognormal:128:0.8:1024", "--seed", "42");
        assertReproduces("decode-heavy-2000.jsonl", "--num-reqs", "2000", "--arrival", "burst",
                "--input-len", "fixed:1024", "--output-len", "fixed:512", "--seed", "42");
    }

    private void assertReproduces(String shipped, String... args) throws IOException {
        Path expected = repoRoot().resolve("workloads").resolve(shipped);
        assumeTrue(Files.isRegularFile(expected), "not in this checkout: " + expected);
        Path actual = dir.resolve(shipped);
        assertEquals(0, generate(concat(args, "--output", actual.toString())));
        assertEquals(-1, Files.mismatch(expected, actual), shipped + " differs from what its command makes now");
    }

    private static Path repoRoot() {
        String root = System.getProperty("memwall.root");
        if (root != null && !root.isEmpty()) {
            return Path.of(root);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("sim-core"))) {
                return d;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private void assertBadInput(String expectedLine, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(Main.EXIT_BAD_INPUT, generate(concat(args, "--output", dir.resolve("bad.jsonl").toString())));
        assertEquals(expectedLine, err.toString().strip());
    }

    private int generate(String... args) {
        return Main.run("generate", args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
