package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;
import dev.memwall.workload.Drain.Row;

/** Opening traces: detection, the file-level rules, agentic entries, and the formats by name. */
class TracesTest {
    @TempDir
    Path dir;

    @Test
    void detectsEachFormatFromItsFirstLine() {
        assertEquals(TraceFormat.LLMSERVINGSIM, Traces.detect(write("a.jsonl", "{\"input_toks\":1,\"output_toks\":1,\"arrival_time_ns\":0}\n")));
        assertEquals(TraceFormat.LLMSERVINGSIM, Traces.detect(write("b.jsonl", "\n{\"session_id\":\"x\",\"sub_requests\":[]}\n")));
        assertEquals(TraceFormat.MOONCAKE, Traces.detect(write("c.jsonl", "{\"timestamp\":0,\"input_length\":1,\"output_length\":1,\"hash_ids\":[]}\n")));
        assertEquals(TraceFormat.AZURE, Traces.detect(write("d.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n")));
        assertEquals(TraceFormat.VIDUR, Traces.detect(write("e.csv", "num_prefill_tokens,num_decode_tokens,num_total_tokens,pd_ratio\n")));
        assertEquals(TraceFormat.APEX, Traces.detect(write("f.csv", "request_id,start_time_offset_ns,context_tokens,generated_tokens\n")));
    }

    @Test
    void detectsCsvHeaderBehindAByteOrderMark() {
        Path file = write("bom.csv", "\uFEFFnum_prefill_tokens,num_decode_tokens\n3,4\n");
        assertEquals(TraceFormat.VIDUR, Traces.detect(file));
        assertEquals(List.of(new Row(0, 3, 4, 1)), Drain.rows(file));
    }

    @Test
    void aNamedFormatThatTheFirstLineContradictsIsRefusedNamingTheDetectedOne() {
        Path jsonl = write("t.jsonl", "{\"input_toks\":1,\"output_toks\":1,\"arrival_time_ns\":0}\n");
        InputException e = assertThrows(InputException.class, () -> Traces.open(jsonl, TraceFormat.VIDUR, 0));
        assertEquals(jsonl + ": format vidur does not match the file, whose first line shows the llmservingsim"
                + " format (give --dataset-format llmservingsim, or auto)", e.getMessage());
        Path azure = write("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n");
        e = assertThrows(InputException.class, () -> Traces.open(azure, TraceFormat.APEX, 0));
        assertEquals(azure + ": format apex does not match the file, whose first line shows the azure format"
                + " (give --dataset-format azure, or auto)", e.getMessage());
        // A format whose header the detector cannot tell apart still opens when named.
        assertEquals(List.of(new Row(0, 3, 4, 1)), Drain.rows(Traces.open(write("v.csv",
                "num_prefill_tokens,num_decode_tokens\n3,4\n"), TraceFormat.VIDUR, 0)));
    }

    @Test
    void reportsAnUndetectableFileListingTheFormatsAndTheFlag() {
        Path file = write("odd.csv", "a,b,c\n1,2,3\n");
        InputException e = assertThrows(InputException.class, () -> Traces.open(file, null, 0));
        assertEquals(file + ": cannot tell the trace format from its first line; name it with --dataset-format "
                + "(one of llmservingsim, azure, vidur, mooncake, apex)", e.getMessage());
    }

    @Test
    void reportsAMissingFileAsGiven() {
        Path file = Path.of("no/such/trace.jsonl");
        InputException e = assertThrows(InputException.class, () -> Traces.open(file, null, 0));
        assertEquals("no/such/trace.jsonl: no such file", e.getMessage());
        InputException named = assertThrows(InputException.class, () -> Traces.open(file, TraceFormat.AZURE, 0));
        assertEquals("no/such/trace.jsonl: no such file", named.getMessage());
    }

    @Test
    void reportsEmptyTracesWhateverTheFormat() {
        for (String content : new String[] {"", "\n  \n\n"}) {
            Path file = write("empty.jsonl", content);
            assertEquals(file + ": trace is empty",
                    assertThrows(InputException.class, () -> Traces.open(file, null, 0)).getMessage());
            assertEquals(file + ": trace is empty",
                    assertThrows(InputException.class, () -> Traces.open(file, TraceFormat.MOONCAKE, 0)).getMessage());
        }
        Path headerOnly = write("header.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n\n");
        assertEquals(headerOnly + ": trace is empty",
                assertThrows(InputException.class, () -> Traces.open(headerOnly, null, 0)).getMessage());
    }

    @Test
    void rawReadersOfEmptyFilesYieldNothing() {
        Path file = write("empty.csv", "");
        TraceEntry e = new TraceEntry();
        for (TraceFormat f : TraceFormat.values()) {
            try (WorkloadReader r = f.reader(file, "empty.csv")) {
                assertFalse(r.next(e), f.cliName());
            }
        }
    }

    @Test
    void readsAgenticSessionsIntoSubRequestsMixedWithFlatRequests() {
        Path file = write("agentic.jsonl", String.join("\n",
                "{\"input_toks\":5,\"output_toks\":7,\"arrival_time_ns\":100}",
                "{\"session_id\":\"swe-1\",\"arrival_time_ns\":200,\"sub_requests\":["
                        + "{\"input_toks\":2,\"output_toks\":20,\"tool_duration_ns\":3000000,\"input_tok_ids\":[9,8]},"
                        + "{\"input_toks\":150,\"output_toks\":30,\"tool_duration_ns\":0},"
                        + "{\"input_toks\":180,\"output_toks\":40,\"tool_duration_ns\":5}]}",
                "{\"input_toks\":6,\"output_toks\":8,\"arrival_time_ns\":300}"));
        TraceEntry e = new TraceEntry();
        try (WorkloadReader r = Traces.open(file, null, 0)) {
            assertTrue(r.next(e));
            assertEquals(1, e.subRequests);
            assertEquals(null, e.sessionId);

            assertTrue(r.next(e));
            assertEquals("swe-1", e.sessionId);
            assertEquals(200, e.arrivalNs);
            assertEquals(3, e.subRequests);
            assertEquals(List.of(2, 150, 180), List.of(e.inputTokens[0], e.inputTokens[1], e.inputTokens[2]));
            assertEquals(List.of(20, 30, 40), List.of(e.outputTokens[0], e.outputTokens[1], e.outputTokens[2]));
            assertEquals(List.of(3_000_000L, 0L, 5L), List.of(e.toolDurationNs[0], e.toolDurationNs[1], e.toolDurationNs[2]));
            assertEquals(2, e.inputTokenIdCount[0]);
            assertEquals(9, e.inputTokenIds[0][0]);
            assertEquals(-1, e.inputTokenIdCount[1]);
            assertEquals(-1, e.outputTokenIdCount[0]);

            assertTrue(r.next(e));
            assertEquals(null, e.sessionId);
            assertEquals(1, e.subRequests);
            assertEquals(6, e.inputTokens[0]);
            assertEquals(-1, e.inputTokenIdCount[0]);
            assertFalse(r.next(e));
        }
    }

    @Test
    void acceptsBlankLinesAndWindowsLineEndings() {
        Path file = write("crlf.jsonl", "\r\n{\"input_toks\":5,\"output_toks\":7,\"arrival_time_ns\":1}\r\n\r\n"
                + "{\"input_toks\":6,\"output_toks\":8,\"arrival_time_ns\":1}\r\n");
        assertEquals(List.of(new Row(1, 5, 7, 1), new Row(1, 6, 8, 1)), Drain.rows(file));
    }

    @Test
    void countsCsvLinesPastBlankLinesAndCarriageReturns() {
        Path file = write("apex.csv", "request_id,start_time_offset_ns,context_tokens,generated_tokens\r\n"
                + "a,1,2,3\r\n\r\n\r\nb,5,0,3\r\n");
        InputException e = assertThrows(InputException.class, () -> Drain.rows(file));
        assertEquals(file + ":5: context_tokens: must be >= 1 (got 0)", e.getMessage());
    }

    @Test
    void parsesFormatNamesCaseInsensitivelyAndRejectsOthers() {
        assertEquals(TraceFormat.MOONCAKE, TraceFormat.parse("Mooncake", "simulate: --dataset-format"));
        for (TraceFormat f : TraceFormat.values()) {
            assertEquals(f, TraceFormat.parse(f.cliName(), "x"));
        }
        InputException e = assertThrows(InputException.class, () -> TraceFormat.parse("sharegpt", "simulate: --dataset-format"));
        assertEquals("simulate: --dataset-format: expected one of llmservingsim, azure, vidur, mooncake, apex (got 'sharegpt')",
                e.getMessage());
    }

    private Path write(String name, String content) {
        return TempFiles.write(dir, name, content);
    }
}
