package dev.memwall.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class IntRingTest {

    @Test
    void behavesLikeArrayDequeUnderRandomPushesAndPopsAtBothEnds() {
        SplittableRandom rnd = new SplittableRandom(7);
        IntRing ring = new IntRing(2);
        ArrayDeque<Integer> ref = new ArrayDeque<>();
        for (int op = 0; op < 50_000; op++) {
            int choice = rnd.nextInt(4);
            if (ref.isEmpty() || choice < 2) {
                int v = rnd.nextInt();
                if (choice == 0) {
                    ring.addFirst(v);
                    ref.addFirst(v);
                } else {
                    ring.addLast(v);
                    ref.addLast(v);
                }
            } else if (choice == 2) {
                assertEquals(ref.removeFirst(), ring.removeFirst());
            } else {
                assertEquals(ref.removeLast(), ring.removeLast());
            }
            assertEquals(ref.size(), ring.size());
            if (!ref.isEmpty()) {
                assertEquals(ref.peekFirst(), ring.first());
                assertEquals(ref.peekLast(), ring.last());
            }
        }
    }

    @Test
    void retainIfKeepsOrderOfSurvivors() {
        IntRing ring = new IntRing(4);
        for (int i = 0; i < 10; i++) {
            ring.addLast(i);
        }
        boolean[] keep = new boolean[10];
        for (int i = 0; i < 10; i += 3) {
            keep[i] = true;
        }
        ring.retainIf(keep);
        assertEquals("[0, 3, 6, 9]", ring.toString());
    }
}
