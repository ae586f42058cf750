package dev.memwall.hardware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.memwall.hardware.BatchShape;
import dev.memwall.model.ModelShape;

/**
 * LLMServingSim's golden run ({@code outputs/example_single_run.csv}: {@code example_trace.jsonl},
 * 10 requests, Llama-3.1-8B on the RTXPRO6000 bf16 bundle, tp1, weights on the NPU) reproduced
 * to the nanosecond: every TTFT and every inter-token latency, 591 values. The prompts are short
 * (2..22 tokens) and the batch never nears a limit, so the scheduler is simply vLLM V1's order:
 * running sequences decode one token each, then every arrived waiting request prefills whole; an
 * idle engine starts at the next arrival. Each iteration then costs exactly
 * {@link ProfileTimeModel#iterationNs(BatchShape, long, long)}: this pins down the lookup
 * arithmetic (whole-ns tables, truncated lookups, clamping below, the integer mean KV, the 4-D
 * axis order) and the skew rule (t_max at the longest decode, the skew rate, exact-pc buckets,
 * alpha_default, no negative correction).
 */
class GoldenRunTest {

    private static final class Request {
        final int id;
        final int input;
        final int output;
        final long arrival;
        int generated;
        final List<Long> tokenTimes = new ArrayList<>();

        Request(int id, int input, int output, long arrival) {
            this.id = id;
            this.input = input;
            this.output = output;
            this.arrival = arrival;
        }
    }

    @Test
    void reproducesEveryTtftAndInterTokenLatency() throws IOException {
        Path trace = Samples.shared("workloads/example_trace.jsonl");
        Path golden = Samples.shared("outputs/example_single_run.csv");
        ModelShape shape = Samples.llama8b(1);
        ProfileTimeModel model = new ProfileTimeModel(Samples.llamaBundle(), shape);

        ObjectMapper json = new ObjectMapper();
        List<Request> pending = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            if (!line.isBlank()) {
                JsonNode r = json.readTree(line);
                pending.add(new Request(pending.size(), r.get("input_toks").asInt(), r.get("output_toks").asInt(),
                        r.get("arrival_time_ns").asLong()));
            }
        }
        List<Request> all = List.copyOf(pending);
        List<Request> waiting = new ArrayList<>();
        List<Request> running = new ArrayList<>();
        BatchShape batch = new BatchShape();
        long now = 0;
        while (!pending.isEmpty() || !waiting.isEmpty() || !running.isEmpty()) {
            while (!pending.isEmpty() && pending.get(0).arrival <= now) {
                waiting.add(pending.remove(0));
            }
            if (waiting.isEmpty() && running.isEmpty()) {
                now = pending.get(0).arrival;
                continue;
            }
            batch.clear();
            long minKv = Long.MAX_VALUE;
            long maxKv = -1;
            List<Request> scheduled = new ArrayList<>(running);
            for (Request r : running) {
                int prior = r.input + r.generated - 1;
                batch.add(1, prior);
                minKv = Math.min(minKv, prior);
                maxKv = Math.max(maxKv, prior);
            }
            for (Request r : waiting) {
                batch.add(r.input, 0);
                scheduled.add(r);
                running.add(r);
            }
            waiting.clear();
            assertTrue(batch.scheduledTokens <= 2048 && batch.sequences <= 128);
            now += model.iterationNs(batch, minKv, maxKv);
            for (Request r : scheduled) {
                r.generated++;
                r.tokenTimes.add(now);
            }
            running.removeIf(r -> r.generated >= r.output);
        }

        Map<Integer, CSVRecord> expected = new HashMap<>();
        try (Reader in = Files.newBufferedReader(golden);
                CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            for (CSVRecord r : csv) {
                expected.put(Integer.parseInt(r.get("request id")), r);
            }
        }
        int compared = 0;
        List<String> differences = new ArrayList<>();
        for (Request r : all) {
            CSVRecord g = expected.get(r.id);
            long ttft = r.tokenTimes.get(0) - r.arrival;
            compared++;
            if (ttft != Long.parseLong(g.get("TTFT"))) {
                differences.add("request " + r.id + " TTFT " + ttft + " vs " + g.get("TTFT"));
            }
            JsonNode itl = json.readTree(g.get("ITL"));
            assertEquals(r.output - 1, itl.size());
            assertEquals(r.output, r.tokenTimes.size());
            for (int i = 0; i < itl.size(); i++) {
                long mine = r.tokenTimes.get(i + 1) - r.tokenTimes.get(i);
                compared++;
                if (mine != itl.get(i).asLong()) {
                    differences.add("request " + r.id + " ITL[" + i + "] " + mine + " vs " + itl.get(i).asLong());
                }
            }
        }
        assertEquals(591, compared);
        assertEquals(List.of(), differences);
    }
}
