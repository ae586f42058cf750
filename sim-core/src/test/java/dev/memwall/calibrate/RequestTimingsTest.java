package dev.memwall.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;

/** Mean TTFT and TPOT from a vLLM bench requests.jsonl and from an LLMServingSim per-request CSV. */
class RequestTimingsTest {
    @TempDir
    Path dir;

    @Test
    void aVllmBenchJsonlGivesTtftFromArrivalAndTpotBetweenFirstAndLastToken() throws IOException {
        // TTFT 0.5 s and 0.25 s; TPOT (3.5 - 1.5) / 4 = 0.5 s; the one-token request has no TPOT.
        Path f = dir.resolve("requests.jsonl");
        Files.writeString(f, """
                {"request_id": "a", "input_toks": 10, "output_toks": 5, "arrival_time": 1.0, "queued_ts": 1.0, "first_token_ts": 1.5, "last_token_ts": 3.5}
                {"request_id": "b", "input_toks": 10, "output_toks": 1, "arrival_time": 2.0, "first_token_ts": 2.25, "last_token_ts": 2.25}
                """);
        RequestTimings t = RequestTimings.read(f);
        assertEquals(2, t.requests());
        assertEquals(0.375e9, t.ttftMeanNs(), 1);
        assertEquals(0.5e9, t.tpotMeanNs(), 1);
    }

    @Test
    void anLlmServingSimCsvGivesTpotAsLatencyLessTtftOverOutputLessOne() throws IOException {
        Path f = dir.resolve("sim.csv");
        Files.writeString(f, "instance id,request id,model,input,output,arrival,end_time,latency,queuing_delay,TTFT,TPOT\n"
                + "0,0,m,10,3,0,100,100,0,20,40\n0,1,m,10,11,0,300,300,0,100,20\n");
        RequestTimings t = RequestTimings.read(f);
        assertEquals(60, t.ttftMeanNs(), 1e-9);
        assertEquals(30, t.tpotMeanNs(), 1e-9);
    }

    @Test
    void aTimestampOutOfOrderNamesFileAndLine() throws IOException {
        Path f = dir.resolve("requests.jsonl");
        Files.writeString(f, "{\"output_toks\": 2, \"arrival_time\": 1, \"first_token_ts\": 3, \"last_token_ts\": 2}\n");
        InputException e = assertThrows(InputException.class, () -> RequestTimings.read(f));
        assertEquals(f + ":1: timestamps out of order: expected arrival_time <= first_token_ts <= last_token_ts",
                e.getMessage());
    }

    @Test
    void aMissingFieldNamesFileLineAndField() throws IOException {
        Path f = dir.resolve("requests.jsonl");
        Files.writeString(f, "\n{\"output_toks\": 2, \"arrival_time\": 1, \"last_token_ts\": 2}\n");
        InputException e = assertThrows(InputException.class, () -> RequestTimings.read(f));
        assertEquals(f + ":2: first_token_ts: missing or not a number (a vLLM bench requests.jsonl line has"
                + " output_toks, arrival_time, first_token_ts, last_token_ts)", e.getMessage());
    }

    @Test
    void aNegativeTimeIsAnError() throws IOException {
        Path f = dir.resolve("sim.csv");
        Files.writeString(f, "output,TTFT,latency\n3,-5,100\n");
        InputException e = assertThrows(InputException.class, () -> RequestTimings.read(f));
        assertEquals(f + ":2: TTFT: must be >= 0 (got -5)", e.getMessage());
    }

    @Test
    void anEmptyFileHasNoRequests() throws IOException {
        Path f = dir.resolve("requests.jsonl");
        Files.writeString(f, "");
        InputException e = assertThrows(InputException.class, () -> RequestTimings.read(f));
        assertEquals(f + ":1: no requests", e.getMessage());
    }
}
