package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.Drain.Row;

/**
 * Every reader against the public samples under {@code ../shared}: counts from the shared README,
 * values copied by eye from the files, later arrivals worked out by hand from their timestamps.
 */
class SharedTraceSamplesTest {

    @Test
    void readsAzureConversationTraceWithArrivalsRelativeToTheFirstRow() {
        Path file = RepoPaths.sharedFile("traces/AzureLLMInferenceTrace_conv_2023.csv");
        assertEquals(TraceFormat.AZURE, Traces.detect(file));
        List<Row> rows = Drain.rows(file);
        assertEquals(19_366, rows.size());
        assertEquals(new Row(0, 374, 44, 1), rows.get(0));
        // 18:15:50.9951690 - 18:15:46.6805900 = 4.3145790 s
        assertEquals(new Row(4_314_579_000L, 396, 109, 1), rows.get(1));
        // file line 1001: 18:19:22.7079830 - 18:15:46.6805900 = 3 min 36.0273930 s
        assertEquals(new Row(216_027_393_000L, 309, 18, 1), rows.get(999));
        // last line: 19:14:08.4025270 - 18:15:46.6805900 = 58 min 21.7219370 s
        assertEquals(new Row(3_501_721_937_000L, 197, 183, 1), rows.get(19_365));
    }

    @Test
    void readsAzureCodeTrace() {
        Path file = RepoPaths.sharedFile("traces/AzureLLMInferenceTrace_code_2023.csv");
        List<Row> rows = Drain.rows(file);
        assertEquals(8_819, rows.size());
        assertEquals(new Row(0, 4808, 10, 1), rows.get(0));
        // 18:17:04.0319600 - 18:17:03.9799600 = 0.052 s
        assertEquals(new Row(52_000_000L, 3180, 8, 1), rows.get(1));
    }

    @Test
    void readsVidurLengthsWithEveryRequestArrivingAtZero() {
        Path sharegpt = RepoPaths.sharedFile("traces/sharegpt_8k_filtered_lengths_llama2.csv");
        assertEquals(TraceFormat.VIDUR, Traces.detect(sharegpt));
        List<Row> rows = Drain.rows(sharegpt);
        assertEquals(30_731, rows.size());
        assertEquals(new Row(0, 74, 918, 1), rows.get(0));
        assertTrue(rows.stream().allMatch(r -> r.arrivalNs() == 0));

        List<Row> arxiv = Drain.rows(RepoPaths.sharedFile("traces/vidur_arxiv_summarization_lengths_llama2.csv"));
        assertEquals(28_257, arxiv.size());
        assertEquals(new Row(0, 3772, 54, 1), arxiv.get(0));
        assertEquals(new Row(0, 3178, 313, 1), arxiv.get(28_256));
    }

    @Test
    void readsMooncakeTraceWithMillisecondTimestampsAndHashIds() {
        Path file = RepoPaths.sharedFile("traces/mooncake_fast25_conversation_trace.jsonl");
        assertEquals(TraceFormat.MOONCAKE, Traces.detect(file));
        TraceEntry e = new TraceEntry();
        try (WorkloadReader r = Traces.open(file, null, 0)) {
            assertTrue(r.next(e));
            assertEquals(0, e.arrivalNs);
            assertEquals(6758, e.inputTokens[0]);
            assertEquals(500, e.outputTokens[0]);
            assertEquals(14, e.hashIdCount);
            assertArrayEquals(IntStream.range(0, 14).asLongStream().toArray(), Arrays.copyOf(e.hashIds, 14));
            assertEquals(512, e.hashBlockTokens);
        }
        List<Row> rows = Drain.rows(file);
        assertEquals(12_031, rows.size());
        assertEquals(3_536_999L * 1_000_000L, rows.get(12_030).arrivalNs());

        List<Row> synthetic = Drain.rows(RepoPaths.sharedFile("traces/mooncake_fast25_synthetic_trace.jsonl"));
        assertEquals(3_993, synthetic.size());
        assertEquals(new Row(0, 40160, 6, 1), synthetic.get(0));
        assertEquals(new Row(1_022_025L * 1_000_000L, 18440, 83, 1), synthetic.get(3_992));
    }

    @Test
    void readsApexTraces() {
        Path file = RepoPaths.sharedFile("traces/apexplus_llama3_lmsys_05.csv");
        assertEquals(TraceFormat.APEX, Traces.detect(file));
        List<Row> rows = Drain.rows(file);
        assertEquals(1_024, rows.size());
        assertEquals(new Row(197_890_289L, 156, 67, 1), rows.get(0));
        assertEquals(new Row(2_023_671_132_367L, 6, 20, 1), rows.get(1_023));
        assertEquals(512, Drain.rows(RepoPaths.sharedFile("traces/apexplus_llama3_creation_025.csv")).size());
    }

    @Test
    void readsLlmServingSimExampleWithTokenIds() {
        Path file = RepoPaths.sharedFile("llmservingsim-files/workloads/example_trace.jsonl");
        assertEquals(TraceFormat.LLMSERVINGSIM, Traces.detect(file));
        TraceEntry e = new TraceEntry();
        try (WorkloadReader r = Traces.open(file, null, 0)) {
            assertTrue(r.next(e));
            assertEquals(46_926_808L, e.arrivalNs);
            assertEquals(10, e.inputTokens[0]);
            assertEquals(70, e.outputTokens[0]);
            assertEquals(1, e.subRequests);
            assertEquals(10, e.inputTokenIdCount[0]);
            assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Arrays.copyOf(e.inputTokenIds[0], 10));
            assertEquals(70, e.outputTokenIdCount[0]);
            assertEquals(11, e.outputTokenIds[0][0]);
            assertEquals(80, e.outputTokenIds[0][69]);
        }
        assertEquals(10, Drain.rows(file).size());
    }

    @Test
    void readsLlmServingSimShareGptWorkloadsWithThousandsOfIdsPerLine() {
        Path file = RepoPaths.sharedFile("llmservingsim-files/workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl");
        TraceEntry e = new TraceEntry();
        int n = 0;
        long lastArrivalNs = -1;
        try (WorkloadReader r = Traces.open(file, null, 0)) {
            while (r.next(e)) {
                lastArrivalNs = e.arrivalNs;
                assertEquals(e.inputTokens[0], e.inputTokenIdCount[0]);
                assertEquals(e.outputTokens[0], e.outputTokenIdCount[0]);
                if (n == 0) {
                    assertEquals(new Row(46_926_808L, 2358, 531, 1), new Row(e.arrivalNs, e.inputTokens[0], e.outputTokens[0], 1));
                    assertEquals(5971, e.inputTokenIds[0][0]);
                }
                n++;
            }
        }
        assertEquals(300, n);
        assertEquals(29_183_763_203L, lastArrivalNs);
    }

    @Test
    void stopsAfterMaxEntries() {
        Path file = RepoPaths.sharedFile("traces/AzureLLMInferenceTrace_conv_2023.csv");
        List<Row> rows = Drain.rows(Traces.open(file, TraceFormat.AZURE, 3));
        assertEquals(3, rows.size());
        assertEquals(396, rows.get(1).inputTokens());
    }
}
