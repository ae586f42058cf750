package dev.memwall.bench.reference;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's speed, for the wall-time gate to normalise every other score by: sorting a copy
 * of 16,384 fixed pseudo-random ints, branchy integer work on arrays in cache like the
 * simulator's, done entirely by JDK code, so it changes only with the machine, its load and the
 * JDK (which the gate refuses to compare across), never with memwall's code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MachineReferenceBenchmark {
    private static final int SIZE = 16_384;

    private final int[] source = new int[SIZE];
    private final int[] work = new int[SIZE];

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(12345);
        for (int i = 0; i < SIZE; i++) {
            source[i] = rnd.nextInt();
        }
    }

    @Benchmark
    public int sortInts() {
        System.arraycopy(source, 0, work, 0, SIZE);
        Arrays.sort(work);
        return work[SIZE / 2];
    }
}
