package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A kept trace replays exactly what its file's reader gives, and a changed file is read again. */
class TraceCacheTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        TraceCache.forget();
    }

    private static final String AGENTIC_WITH_IDS = String.join("\n",
            "{\"input_toks\":5,\"output_toks\":3,\"arrival_time_ns\":100,\"input_tok_ids\":[1,2,3,4,5],"
                    + "\"output_tok_ids\":[7,8,9]}",
            "{\"session_id\":\"swe-1\",\"arrival_time_ns\":200,\"sub_requests\":["
                    + "{\"input_toks\":2,\"output_toks\":20,\"tool_duration_ns\":3000000,\"input_tok_ids\":[9,8]},"
                    + "{\"input_toks\":150,\"output_toks\":30,\"tool_duration_ns\":0},"
                    + "{\"input_toks\":180,\"output_toks\":40,\"tool_duration_ns\":5}]}",
            "{\"input_toks\":6,\"output_toks\":8,\"arrival_time_ns\":300}") + "\n";
    private static final String MOONCAKE = "{\"timestamp\":0,\"input_length\":1030,\"output_length\":5,\"hash_ids\":[4,5,6]}\n"
            + "{\"timestamp\":7,\"input_length\":10,\"output_length\":2,\"hash_ids\":[]}\n";
    private static final String AZURE = "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n";

    @ParameterizedTest
    @ValueSource(strings = {"agentic.jsonl", "mooncake.jsonl", "azure.csv"})
    void replaysEveryFieldTheReaderFills(String name) throws Exception {
        String content = switch (name) {
            case "agentic.jsonl" -> AGENTIC_WITH_IDS;
            case "mooncake.jsonl" -> MOONCAKE;
            default -> AZURE;
        };
        Path file = TempFiles.write(dir, name, content);
        List<String> streamed = Drain.snapshots(Traces.open(file, null, 0));
        assertEquals(streamed, Drain.snapshots(TraceCache.open(file, null, 0)), "first read, kept");
        assertEquals(streamed, Drain.snapshots(TraceCache.open(file, null, 0)), "replayed from memory");
    }

    @Test
    void keepsEntryLimitsApart() {
        Path file = TempFiles.write(dir, "agentic.jsonl", AGENTIC_WITH_IDS);
        assertEquals(3, Drain.snapshots(TraceCache.open(file, null, 0)).size());
        assertEquals(1, Drain.snapshots(TraceCache.open(file, null, 1)).size());
        assertEquals(3, Drain.snapshots(TraceCache.open(file, null, 0)).size());
    }

    @Test
    void readsAChangedFileAgain() throws Exception {
        Path file = TempFiles.write(dir, "t.jsonl", "{\"input_toks\":1,\"output_toks\":2,\"arrival_time_ns\":0}\n");
        assertEquals(1, Drain.snapshots(TraceCache.open(file, null, 0)).size());
        Files.writeString(file, "{\"input_toks\":1,\"output_toks\":2,\"arrival_time_ns\":0}\n"
                + "{\"input_toks\":3,\"output_toks\":4,\"arrival_time_ns\":5}\n");
        assertEquals(Drain.snapshots(Traces.open(file, null, 0)), Drain.snapshots(TraceCache.open(file, null, 0)));
        // Same size, other bytes: the modification time tells.
        Files.writeString(file, "{\"input_toks\":7,\"output_toks\":2,\"arrival_time_ns\":0}\n"
                + "{\"input_toks\":8,\"output_toks\":4,\"arrival_time_ns\":5}\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2_000));
        assertEquals(Drain.snapshots(Traces.open(file, null, 0)), Drain.snapshots(TraceCache.open(file, null, 0)));
    }

    @Test
    void replaysToEachReaderFromTheStart() {
        Path file = TempFiles.write(dir, "azure.csv", AZURE);
        WorkloadReader first = TraceCache.open(file, null, 0);
        WorkloadReader second = TraceCache.open(file, null, 0);
        TraceEntry e = new TraceEntry();
        first.next(e);
        first.next(e);
        assertFalse(first.next(e));
        assertEquals(Drain.snapshots(Traces.open(file, null, 0)), Drain.snapshots(second));
    }
}
