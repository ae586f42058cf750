package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's bytes are fixed, and what it writes reads back as it was. */
class JsonlTraceWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesFlatRequestsWithKeysInLlmServingSimOrder() {
        TraceEntry e = flat(1000, 5, 7);
        assertEquals("{\"input_toks\":5,\"output_toks\":7,\"arrival_time_ns\":1000}\n", written(e));
    }

    @Test
    void writesTokenIdsOnlyWhenTheEntryHasThem() {
        TraceEntry e = flat(0, 2, 1);
        e.inputTokenIds[0] = new int[] {40, 41, 99};
        e.inputTokenIdCount[0] = 2;
        e.outputTokenIdCount[0] = 0;
        assertEquals("{\"input_toks\":2,\"output_toks\":1,\"arrival_time_ns\":0,\"input_tok_ids\":[40,41],"
                + "\"output_tok_ids\":[]}\n", written(e));
    }

    @Test
    void writesAgenticSessionsWithTheirIdEscaped() {
        TraceEntry e = new TraceEntry();
        e.clear();
        e.sessionId = "a\"b";
        e.arrivalNs = 9;
        e.ensureSubRequests(2);
        e.subRequests = 2;
        e.inputTokens[0] = 10;
        e.outputTokens[0] = 3;
        e.toolDurationNs[0] = 500;
        e.inputTokens[1] = 20;
        e.outputTokens[1] = 4;
        e.toolDurationNs[1] = 0;
        assertEquals("{\"session_id\":\"a\\\"b\",\"arrival_time_ns\":9,\"sub_requests\":["
                + "{\"input_toks\":10,\"output_toks\":3,\"tool_duration_ns\":500},"
                + "{\"input_toks\":20,\"output_toks\":4,\"tool_duration_ns\":0}]}\n", written(e));
    }

    @Test
    void aWriterClosedBeforeCommitLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path file = dir.resolve("kept.jsonl");
        Files.writeString(file, "old\n");
        try (JsonlTraceWriter w = JsonlTraceWriter.create(file, "test")) {
            w.write(flat(10, 1, 1));
            w.flush();
            assertEquals("old\n", Files.readString(file), "the file changes only at commit");
        }
        assertEquals("old\n", Files.readString(file));
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writtenFilesReadBackEntryForEntry() throws IOException {
        Path file = dir.resolve("out.jsonl");
        TraceEntry withIds = flat(20, 3, 2);
        withIds.inputTokenIds[0] = new int[] {7, 8, 9};
        withIds.inputTokenIdCount[0] = 3;
        try (JsonlTraceWriter w = JsonlTraceWriter.create(file, "test")) {
            w.write(flat(10, 1, 1));
            w.write(withIds);
            assertEquals(2, w.written());
            w.commit();
        }
        assertEquals(2, Files.readAllLines(file, StandardCharsets.UTF_8).size());
        TraceEntry e = new TraceEntry();
        try (WorkloadReader r = Traces.open(file, null, 0)) {
            assertTrue(r.next(e));
            assertEquals(10, e.arrivalNs);
            assertEquals(-1, e.inputTokenIdCount[0]);
            assertTrue(r.next(e));
            assertEquals(20, e.arrivalNs);
            assertEquals(3, e.inputTokens[0]);
            assertArrayEquals(new int[] {7, 8, 9}, Arrays.copyOf(e.inputTokenIds[0], e.inputTokenIdCount[0]));
        }
    }

    private static TraceEntry flat(long arrivalNs, int input, int output) {
        TraceEntry e = new TraceEntry();
        e.clear();
        e.subRequests = 1;
        e.arrivalNs = arrivalNs;
        e.inputTokens[0] = input;
        e.outputTokens[0] = output;
        return e;
    }

    private static String written(TraceEntry e) {
        StringWriter out = new StringWriter();
        try (JsonlTraceWriter w = new JsonlTraceWriter(out, "<memory>")) {
            w.write(e);
        }
        return out.toString();
    }
}
