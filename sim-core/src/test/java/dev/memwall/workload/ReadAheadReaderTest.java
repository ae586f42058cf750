package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;

/**
 * A trace read ahead on its own thread gives what its reader gives, in order, raises the same
 * exception at the same entry, holds a bounded number of entries ahead, and stops when closed.
 */
class ReadAheadReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"workloads/chat-poisson-1000.jsonl", "workloads/long-context-32k-200.jsonl",
        "../shared/llmservingsim-files/workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl",
        "../shared/traces/AzureLLMInferenceTrace_conv_2023.csv",
        "../shared/traces/mooncake_fast25_conversation_trace.jsonl"})
    void givesEveryFieldOfEveryEntryAsTheFilesReaderDoes(String relative) {
        Path file = relative.startsWith("../shared/") ? RepoPaths.sharedFile(relative.substring("../shared/".length()))
                : RepoPaths.root().resolve(relative);
        assertEquals(Drain.snapshots(Traces.open(file, null, 0)),
                Drain.snapshots(ReadAheadReader.start(() -> Traces.open(file, null, 0), "test").awaitOpen()));
    }

    @Test
    void givesEntriesLargerThanItKeepsAndMoreThanItsSlots() {
        // Every 50th entry holds 20,000 ids, more than a slot keeps after use; 3 x 256 entries wrap the ring.
        int entries = 3 * ReadAheadReader.SLOTS;
        assertEquals(Drain.snapshots(new CountingSource(entries, 3, -1).everyFiftieth(20_000)),
                Drain.snapshots(ReadAheadReader.start(() -> new CountingSource(entries, 3, -1).everyFiftieth(20_000),
                        "test")));
    }

    @Test
    void raisesABadEntrysExceptionAfterTheEntriesBeforeIt() {
        CountingSource source = new CountingSource(1_000, 3, 700);
        ReadAheadReader reader = ReadAheadReader.start(() -> source, "test");
        TraceEntry e = new TraceEntry();
        for (int i = 0; i < 700; i++) {
            assertTrue(reader.next(e), "entry " + i);
            assertEquals(i, e.arrivalNs);
        }
        InputException raised = assertThrows(InputException.class, () -> reader.next(e));
        assertSame(source.failure, raised);
        reader.close();
        assertEquals(1, source.closes.get());
    }

    @Test
    void raisesWhatOpeningRaisedFromAwaitOpen() {
        InputException missing = new InputException("trace.jsonl: no such file");
        ReadAheadReader reader = ReadAheadReader.start(() -> {
            throw missing;
        }, "test");
        assertSame(missing, assertThrows(InputException.class, reader::awaitOpen));
        assertSame(missing, assertThrows(InputException.class, () -> reader.next(new TraceEntry())));
        reader.close();
    }

    @Test
    void readsNoMoreThanItsSlotsAheadOfAConsumerThatWaits() throws Exception {
        CountingSource source = new CountingSource(100_000, 1, -1);
        ReadAheadReader reader = ReadAheadReader.start(() -> source, "test");
        awaitRead(source, ReadAheadReader.SLOTS);
        Thread.sleep(50); // time to read past the bound, were there none
        assertEquals(ReadAheadReader.SLOTS, source.read.get());
        reader.close();
    }

    @Test
    void readsNoMoreThanItsIdBudgetAhead() throws Exception {
        int idsPerEntry = 300_000;
        CountingSource source = new CountingSource(1_000, idsPerEntry, -1);
        ReadAheadReader reader = ReadAheadReader.start(() -> source, "test");
        long bound = ReadAheadReader.MAX_BUFFERED_IDS / idsPerEntry + 1;
        awaitRead(source, (int) bound);
        Thread.sleep(50);
        assertEquals(bound, source.read.get());
        reader.close();
    }

    @Test
    void closeStopsTheReaderAndClosesTheSourceOnce() {
        CountingSource source = new CountingSource(1_000_000, 1, -1);
        ReadAheadReader reader = ReadAheadReader.start(() -> source, "test");
        TraceEntry e = new TraceEntry();
        assertTrue(reader.next(e));
        reader.close();
        reader.close();
        assertEquals(1, source.closes.get());
        assertTrue(source.read.get() < 1_000_000, "stopped reading at close");
    }

    @Test
    void endsWithFalseAndKeepsEnding() {
        ReadAheadReader reader = ReadAheadReader.start(() -> new CountingSource(2, 1, -1), "test");
        TraceEntry e = new TraceEntry();
        assertTrue(reader.next(e));
        assertTrue(reader.next(e));
        assertFalse(reader.next(e));
        assertFalse(reader.next(e));
        reader.close();
    }

    private static void awaitRead(CountingSource source, int entries) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (source.read.get() < entries && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /**
     * Entry {@code i} arrives at {@code i} ns with {@code ids} input token ids counting up from
     * {@code i}; entry {@code failAt} raises instead (-1: none).
     */
    private static final class CountingSource implements WorkloadReader {
        final AtomicInteger read = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final InputException failure = new InputException("trace.jsonl:701: output_toks: must be >= 1 (got 0)");
        private final int entries;
        private final int ids;
        private final int failAt;
        private int idsOfEveryFiftieth;

        CountingSource(int entries, int ids, int failAt) {
            this.entries = entries;
            this.ids = ids;
            this.failAt = failAt;
        }

        /** Gives every fiftieth entry {@code n} ids instead. */
        CountingSource everyFiftieth(int n) {
            idsOfEveryFiftieth = n;
            return this;
        }

        @Override
        public boolean next(TraceEntry entry) {
            int i = read.get();
            int ids = idsOfEveryFiftieth > 0 && i % 50 == 0 ? idsOfEveryFiftieth : this.ids;
            if (i == failAt) {
                throw failure;
            }
            if (i == entries) {
                return false;
            }
            entry.arrivalNs = i;
            entry.subRequests = 1;
            entry.inputTokens[0] = ids;
            entry.outputTokens[0] = 1 + i % 7;
            if (entry.inputTokenIds[0].length < ids) {
                entry.inputTokenIds[0] = new int[ids];
            }
            for (int k = 0; k < ids; k++) {
                entry.inputTokenIds[0][k] = i + k;
            }
            entry.inputTokenIdCount[0] = ids;
            read.incrementAndGet();
            return true;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
