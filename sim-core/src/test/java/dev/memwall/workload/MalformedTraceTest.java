package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;

/** Each broken line gives one exact line of error: file as given, physical line, field, problem, value. */
class MalformedTraceTest {
    private static final String OK = "{\"input_toks\":5,\"output_toks\":7,\"arrival_time_ns\":1000}";

    @TempDir
    Path dir;

    @Test
    void rejectsJsonlLineWithZeroOutputTokens() {
        assertRejects("trace.jsonl", OK + "\n{\"input_toks\":5,\"output_toks\":0,\"arrival_time_ns\":1000}\n",
                ":2: output_toks: must be >= 1 (got 0)");
    }

    @Test
    void rejectsJsonlLineWithNegativeInputTokens() {
        assertRejects("trace.jsonl", "{\"input_toks\":-5,\"output_toks\":7,\"arrival_time_ns\":0}\n",
                ":1: input_toks: must be >= 1 (got -5)");
    }

    @Test
    void rejectsNegativeArrivalTime() {
        assertRejects("trace.jsonl", "{\"input_toks\":5,\"output_toks\":7,\"arrival_time_ns\":-1}\n",
                ":1: arrival_time_ns: must be >= 0 (got -1)");
    }

    @Test
    void rejectsArrivalGoingBackInTimeNamingBothLines() {
        assertRejects("trace.jsonl", "{\"input_toks\":5,\"output_toks\":7,\"arrival_time_ns\":2000}\n\n" + OK + "\n",
                ":3: arrival_time_ns: must be >= 2000, the arrival on line 1: arrivals must be non-decreasing (got 1000)");
    }

    @Test
    void rejectsMisspeltKeySuggestingTheNearestOne() {
        assertRejects("trace.jsonl", "{\"input_tokens\":5,\"output_toks\":7,\"arrival_time_ns\":0}\n",
                ":1: unknown key 'input_tokens' (did you mean 'input_toks'?)");
    }

    @Test
    void rejectsUnknownKeyFarFromAnyListingTheKnownOnes() {
        assertRejects("trace.jsonl", "{\"input_toks\":5,\"prio\":1}\n",
                ":1: unknown key 'prio' (allowed: input_toks, output_toks, arrival_time_ns, input_tok_ids, "
                        + "output_tok_ids, session_id, sub_requests)");
    }

    @Test
    void rejectsTokenIdsWhoseCountIsNotTheTokenCount() {
        assertRejects("trace.jsonl", OK + "\n{\"input_toks\":3,\"output_toks\":1,\"arrival_time_ns\":1000,"
                + "\"input_tok_ids\":[4,5]}\n", ":2: input_tok_ids: has 2 ids but input_toks is 3 (one id per token)");
        assertRejects("trace.jsonl", "{\"input_toks\":2,\"output_toks\":2,\"arrival_time_ns\":0,"
                + "\"input_tok_ids\":[4,5],\"output_tok_ids\":[1,2,3]}\n",
                ":1: output_tok_ids: has 3 ids but output_toks is 2 (one id per token)");
        assertRejects("agentic.jsonl", "{\"session_id\":\"s\",\"arrival_time_ns\":0,\"sub_requests\":["
                + "{\"input_toks\":2,\"output_toks\":1,\"tool_duration_ns\":0,\"input_tok_ids\":[1,2]},"
                + "{\"input_toks\":4,\"output_toks\":1,\"tool_duration_ns\":0,\"input_tok_ids\":[1]}]}\n",
                ":1: sub_requests[1].input_tok_ids: has 1 ids but input_toks is 4 (one id per token)");
    }

    @Test
    void rejectsLineMissingOutputTokens() {
        assertRejects("trace.jsonl", OK + "\n{\"input_toks\":5,\"arrival_time_ns\":1000}\n", ":2: output_toks: missing");
    }

    @Test
    void rejectsTokenCountWrittenAsString() {
        assertRejects("trace.jsonl", "{\"input_toks\":\"12\",\"output_toks\":7,\"arrival_time_ns\":0}\n",
                ":1: input_toks: expected an integer (got \"12\")");
    }

    @Test
    void rejectsFractionalTokenCount() {
        assertRejects("trace.jsonl", "{\"input_toks\":12,\"output_toks\":2.5,\"arrival_time_ns\":0}\n",
                ":1: output_toks: expected an integer (got 2.5)");
    }

    @Test
    void rejectsTokenCountBeyondInt() {
        assertRejects("trace.jsonl", "{\"input_toks\":3000000000,\"output_toks\":2,\"arrival_time_ns\":0}\n",
                ":1: input_toks: must be <= 2147483647 (got 3000000000)");
    }

    @Test
    void rejectsTruncatedJsonLine() {
        assertRejects("trace.jsonl", OK + "\n{\"input_toks\": 3, \"outp\n",
                ":2: malformed JSON at column 24: Unexpected end-of-input in field name");
    }

    @Test
    void rejectsLineThatIsNotAnObject() {
        assertRejects("trace.jsonl", TraceFormat.LLMSERVINGSIM, "[1, 2]\n", ":1: expected a JSON object (got an array)");
    }

    @Test
    void rejectsTwoObjectsOnOneLine() {
        assertRejects("trace.jsonl", OK + " " + OK + "\n", ":1: unexpected text after the JSON object (got an object)");
    }

    @Test
    void rejectsDuplicateKey() {
        assertRejects("trace.jsonl", "{\"input_toks\":5,\"input_toks\":6,\"output_toks\":7,\"arrival_time_ns\":0}\n",
                ":1: input_toks: duplicate key");
    }

    @Test
    void rejectsSubRequestMissingToolDurationNamingItsIndex() {
        assertRejects("agentic.jsonl", "{\"session_id\":\"s1\",\"arrival_time_ns\":0,\"sub_requests\":["
                        + "{\"input_toks\":5,\"output_toks\":7,\"tool_duration_ns\":10},{\"input_toks\":5,\"output_toks\":7}]}\n",
                ":1: sub_requests[1].tool_duration_ns: missing");
    }

    @Test
    void rejectsNegativeTokenIdNamingItsPosition() {
        assertRejects("trace.jsonl", "{\"input_toks\":2,\"output_toks\":1,\"arrival_time_ns\":0,\"input_tok_ids\":[4,-2]}\n",
                ":1: input_tok_ids[1]: must be >= 0 (got -2)");
    }

    @Test
    void rejectsSessionIdWithoutSubRequests() {
        assertRejects("trace.jsonl", "{\"session_id\":\"s1\",\"input_toks\":5,\"output_toks\":7,\"arrival_time_ns\":0}\n",
                ":1: sub_requests: missing (an entry with session_id is agentic)");
    }

    @Test
    void rejectsFlatFieldsBesideSubRequests() {
        assertRejects("trace.jsonl", "{\"session_id\":\"s1\",\"arrival_time_ns\":0,\"input_toks\":5,\"sub_requests\":["
                        + "{\"input_toks\":5,\"output_toks\":7,\"tool_duration_ns\":0}]}\n",
                ":1: input_toks: not allowed beside sub_requests (an agentic entry gives it per sub-request)");
    }

    @Test
    void rejectsEmptySubRequests() {
        assertRejects("trace.jsonl", "{\"session_id\":\"s1\",\"arrival_time_ns\":0,\"sub_requests\":[]}\n",
                ":1: sub_requests: must hold at least 1 sub-request (got [])");
    }

    @Test
    void rejectsAzureRowWithZeroGeneratedTokens() {
        assertRejects("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                        + "2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,0\n",
                ":3: GeneratedTokens: must be >= 1 (got 0)");
    }

    @Test
    void rejectsAzureRowWithUnreadableTimestamp() {
        assertRejects("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n16/11/2023 18:15,374,44\n",
                ":2: TIMESTAMP: expected a time like 2023-11-16 18:17:03.9799600 (got '16/11/2023 18:15')");
    }

    @Test
    void rejectsAzureRowsGoingBackInTime() {
        assertRejects("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                        + "2023-11-16 18:15:46.6805900,374,44\n\n2023-11-16 18:15:46.6805899,396,9\n",
                ":4: TIMESTAMP: must be >= 2023-11-16 18:15:46.6805900, the arrival on line 2: arrivals must be "
                        + "non-decreasing (got 2023-11-16 18:15:46.6805899)");
    }

    @Test
    void rejectsCsvRowWithTooFewFields() {
        assertRejects("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374\n",
                ":2: expected 3 fields like the header (got 2)");
    }

    @Test
    void rejectsVidurRowWithTextForTokens() {
        assertRejects("lengths.csv", "num_prefill_tokens,num_decode_tokens,num_total_tokens,pd_ratio\n74,abc,992,0.08\n",
                ":2: num_decode_tokens: expected an integer (got 'abc')");
    }

    @Test
    void rejectsApexArrivalsGoingBackInTime() {
        assertRejects("apex.csv", "request_id,start_time_offset_ns,context_tokens,generated_tokens\n"
                        + "a,500,3,4\nb,400,3,4\n",
                ":3: start_time_offset_ns: must be >= 500, the arrival on line 2: arrivals must be non-decreasing (got 400)");
    }

    @Test
    void rejectsCsvWithTheWrongHeaderForTheNamedFormat() {
        Path file = write("apex.csv", "id,start,ctx,gen\na,1,2,3\n");
        InputException e = assertThrows(InputException.class, () -> Traces.open(file, TraceFormat.APEX, 0));
        assertEquals(file + ":1: header must name the apex columns request_id,start_time_offset_ns,context_tokens,"
                + "generated_tokens (got 'id,start,ctx,gen')", e.getMessage());
    }

    @Test
    void rejectsMooncakeKeyMisspeltSuggestingTheNearestOne() {
        assertRejects("mooncake.jsonl", "{\"timestamp\": 0, \"input_len\": 5, \"output_length\": 2}\n",
                ":1: unknown key 'input_len' (did you mean 'input_length'?)");
    }

    @Test
    void rejectsMooncakeLineWithZeroOutputLength() {
        assertRejects("mooncake.jsonl", "{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 0, \"hash_ids\": [1]}\n",
                ":1: output_length: must be >= 1 (got 0)");
    }

    /** Reads {@code content} as a trace named {@code name} (format detected) and expects one error. */
    private void assertRejects(String name, String content, String expectedAfterFileName) {
        assertRejects(name, null, content, expectedAfterFileName);
    }

    private void assertRejects(String name, TraceFormat format, String content, String expectedAfterFileName) {
        Path file = write(name, content);
        InputException e = assertThrows(InputException.class, () -> Drain.rows(Traces.open(file, format, 0)));
        assertEquals(file + expectedAfterFileName, e.getMessage());
    }

    private Path write(String name, String content) {
        return TempFiles.write(dir, name, content);
    }
}
