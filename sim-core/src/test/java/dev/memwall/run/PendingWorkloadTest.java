package dev.memwall.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.memwall.input.InputException;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.WorkloadReader;

/**
 * However {@code simulate} reads its trace (ahead on a second core, or as the run goes), it gives
 * the same entries, a bad line stops the run with its file and line, a missing trace is raised
 * when the run opens it, a bad config is still reported before the trace's problems, and no
 * reader thread outlives the run.
 */
class PendingWorkloadTest {
    @TempDir
    Path dir;

    /** 300 good requests, then line 301 with 0 output tokens. */
    private Path traceWithBadLine301() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add("{\"input_toks\":64,\"output_toks\":16,\"arrival_time_ns\":" + i * 10_000_000L + "}");
        }
        lines.add("{\"input_toks\":64,\"output_toks\":0,\"arrival_time_ns\":3000000000}");
        return Files.write(dir.resolve("bad.jsonl"), lines);
    }

    private static SimulateJob.Inputs inputs(Path config, Path trace) {
        SimulationOptions options = SimulationOptions.defaults().toBuilder().modelsDir(RepoPaths.models())
                .hardwareDir(RepoPaths.hardware()).heartbeatIntervalNs(0).build();
        return new SimulateJob.Inputs(config, trace, null, 0, options, null, null, null, true);
    }

    @Test
    void stopsAtABadLineWithItsFileAndLineNumber() throws Exception {
        Path trace = traceWithBadLine301();
        Path config = RepoPaths.configs().resolve("cluster/single_node_single_instance.json");
        InputException e = assertThrows(InputException.class,
                () -> SimulateJob.run(inputs(config, trace), new PrintWriter(new StringWriter())));
        assertEquals(trace + ":301: output_toks: must be >= 1 (got 0)", e.getMessage());
        assertNoReaderThreadLeft();
    }

    @Test
    void reportsABadConfigBeforeTheTracesBadLine() throws Exception {
        Path trace = traceWithBadLine301();
        Path config = Files.writeString(dir.resolve("cluster.json"), "{\"num_nodes\": ");
        InputException e = assertThrows(InputException.class,
                () -> SimulateJob.run(inputs(config, trace), new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().startsWith("cluster.json:1:15: invalid JSON"), e.getMessage());
        assertNoReaderThreadLeft();
    }

    @ParameterizedTest(name = "{0} cores")
    @ValueSource(ints = {1, 2})
    void givesTheTracesEntriesThenItsBadLinesErrorOnAnyNumberOfCores(int cores) throws Exception {
        Path trace = traceWithBadLine301();
        Path config = RepoPaths.configs().resolve("cluster/single_node_single_instance.json");
        PendingWorkload workload = PendingWorkload.of(inputs(config, trace), new PrintWriter(new StringWriter()), cores);
        TraceEntry e = new TraceEntry();
        try (WorkloadReader reader = workload.open(1)) {
            for (int i = 0; i < 300; i++) {
                assertTrue(reader.next(e));
                assertEquals(i * 10_000_000L, e.arrivalNs);
            }
            InputException bad = assertThrows(InputException.class, () -> reader.next(e));
            assertEquals(trace + ":301: output_toks: must be >= 1 (got 0)", bad.getMessage());
        }
        assertNoReaderThreadLeft();
    }

    @ParameterizedTest(name = "{0} cores")
    @ValueSource(ints = {1, 2})
    void raisesAMissingTraceWhenOpenedOnAnyNumberOfCores(int cores) {
        Path config = RepoPaths.configs().resolve("cluster/single_node_single_instance.json");
        Path missing = dir.resolve("missing.jsonl");
        PendingWorkload workload = PendingWorkload.of(inputs(config, missing), new PrintWriter(new StringWriter()),
                cores);
        InputException e = assertThrows(InputException.class, () -> workload.open(1));
        assertEquals(missing + ": no such file", e.getMessage());
        workload.abandon(e);
        assertNoReaderThreadLeft();
    }

    private static void assertNoReaderThreadLeft() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().startsWith("memwall-read-ahead") && t.isAlive(), "left running: " + t.getName());
        }
    }
}
