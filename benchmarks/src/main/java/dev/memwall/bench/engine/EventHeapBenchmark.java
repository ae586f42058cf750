package dev.memwall.bench.engine;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.memwall.engine.EventHeap;

/**
 * Event heap push/pop in steady state: the heap holds {@code size} events and each operation pops
 * the earliest and pushes a later one, the pattern of a simulation loop. Reported per push+pop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class EventHeapBenchmark {
    @Param({"16", "1024", "65536"})
    int size;

    private EventHeap heap;
    private long[] gaps;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        heap = new EventHeap(size);
        SplittableRandom rnd = new SplittableRandom(1);
        gaps = new long[4096];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = 1 + rnd.nextInt(1_000_000);
        }
        for (int i = 0; i < size; i++) {
            heap.push(gaps[i % gaps.length], i & 3, i);
        }
    }

    @Benchmark
    public int popThenPush() {
        heap.pop();
        long t = heap.timeNs() + gaps[cursor++ & 4095];
        heap.push(t, heap.kind(), heap.arg());
        return heap.arg();
    }
}
