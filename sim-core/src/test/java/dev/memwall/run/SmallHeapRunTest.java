package dev.memwall.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.result.Metric;
import dev.memwall.result.RunResult;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.testing.RepoPaths;

/**
 * {@code simulate} holds the requests in flight, not the trace: 200,000 requests, their
 * per-request CSV (with every token's time) and summary written, in a 48 MiB heap, a few hundred
 * bytes per request. Maven runs this class in its own JVM with {@code -Xmx48m} (see sim-core's
 * pom); elsewhere it runs in whatever heap the JVM has.
 */
class SmallHeapRunTest {
    private static final int REQUESTS = 200_000;

    @TempDir
    Path dir;

    @Test
    void simulatesTwoHundredThousandRequestsInASmallHeap() throws IOException {
        Path trace = dir.resolve("trace.jsonl");
        // 128 prompt and 16 output tokens every 15 ms (67 req/s): two H100s keep up, so few are in flight.
        try (BufferedWriter w = Files.newBufferedWriter(trace)) {
            for (int i = 0; i < REQUESTS; i++) {
                w.write("{\"input_toks\":128,\"output_toks\":16,\"arrival_time_ns\":" + i * 15_000_000L + "}\n");
            }
        }
        Path root = RepoPaths.root();
        SimulationOptions options = SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).heartbeatIntervalNs(0).build();
        Path csv = dir.resolve("requests.csv");
        RunResult result = SimulateJob.run(new SimulateJob.Inputs(root.resolve("configs/cluster/two_instance_h100.json"),
                trace, null, 0, options, csv, dir.resolve("summary.json"), null, true),
                new PrintWriter(new StringWriter()));

        assertEquals(REQUESTS, result.metrics()[Metric.COMPLETED.ordinal()]);
        try (Stream<String> lines = Files.lines(csv)) {
            assertEquals(REQUESTS + 1, lines.count(), "the header and one row per request");
        }
        try (Stream<String> lines = Files.lines(csv)) {
            assertEquals(1, lines.filter(l -> l.matches("[01],199999,meta-llama/Llama-3.1-8B,128,16,.*")).count(),
                    "the last request's row, by its id");
        }
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"requests\" : 200000"));
    }
}
