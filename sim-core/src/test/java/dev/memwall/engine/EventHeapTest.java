package dev.memwall.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventHeapTest {

    /** The reference: java.util.PriorityQueue over (time, insertion order). */
    private record Ref(long timeNs, long seq, int kind, int arg) {
    }

    private static final Comparator<Ref> ORDER =
            Comparator.comparingLong(Ref::timeNs).thenComparingLong(Ref::seq);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 4242, 99991})
    void popsTheSameEventsAsPriorityQueueOverRandomOperationSequences(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        EventHeap heap = new EventHeap(4); // tiny, so growth is exercised
        PriorityQueue<Ref> ref = new PriorityQueue<>(ORDER);
        long seq = 0;
        // Few distinct times, so ties (where insertion order must decide) are common.
        int timeRange = 1 + rnd.nextInt(50);
        for (int op = 0; op < 20_000; op++) {
            boolean push = ref.isEmpty() || rnd.nextInt(100) < 55;
            if (push) {
                long t = rnd.nextInt(timeRange);
                int kind = rnd.nextInt(8);
                int arg = rnd.nextInt(1_000_000);
                heap.push(t, kind, arg);
                ref.add(new Ref(t, seq++, kind, arg));
            } else {
                Ref expected = ref.poll();
                assertEquals(expected.timeNs(), heap.peekTimeNs(), "peek at op " + op);
                heap.pop();
                assertEquals(expected.timeNs(), heap.timeNs(), "time at op " + op);
                assertEquals(expected.kind(), heap.kind(), "kind at op " + op);
                assertEquals(expected.arg(), heap.arg(), "arg at op " + op);
            }
            assertEquals(ref.size(), heap.size());
        }
        while (!ref.isEmpty()) {
            Ref expected = ref.poll();
            heap.pop();
            assertEquals(expected.arg(), heap.arg());
            assertEquals(expected.timeNs(), heap.timeNs());
        }
        assertTrue(heap.isEmpty());
    }

    @Test
    void equalTimesComeOutInInsertionOrder() {
        EventHeap heap = new EventHeap(2);
        for (int i = 0; i < 100; i++) {
            heap.push(7, 0, i);
        }
        for (int i = 0; i < 100; i++) {
            heap.pop();
            assertEquals(i, heap.arg());
        }
    }

    @Test
    void refusesToPopWhenEmpty() {
        assertThrows(IllegalStateException.class, () -> new EventHeap(4).pop());
    }
}
