package dev.memwall.bench.memory;

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

import dev.memwall.memory.KvBlockPool;

/**
 * KV block allocate and free, one request's worth of {@code blocks} per operation, in a pool the
 * size of one H100's for Llama-3.1-8B (36,578 blocks of 16 tokens) with half its blocks held by
 * other requests. With {@code prefixCaching} each allocated block is also registered under a new
 * prefix hash, so in steady state every allocation evicts a cached block, as under vLLM's prefix
 * cache when the free queue holds only cached blocks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class KvBlockPoolBenchmark {
    private static final int POOL_BLOCKS = 36_578;
    private static final int BLOCK_TOKENS = 16;

    @Param({"1", "16", "128"})
    int blocks;

    @Param({"false", "true"})
    boolean prefixCaching;

    private KvBlockPool pool;
    private int[] table;
    private long nextHash = 1;

    @Setup(Level.Trial)
    public void setUp() {
        pool = new KvBlockPool(POOL_BLOCKS, BLOCK_TOKENS);
        int[] held = new int[POOL_BLOCKS / 2];
        if (!pool.allocate(held.length, held, 0)) {
            throw new IllegalStateException("cannot hold half the pool");
        }
        table = new int[blocks];
    }

    @Benchmark
    public int allocateThenFree() {
        if (!pool.allocate(blocks, table, 0)) {
            throw new IllegalStateException("pool exhausted");
        }
        if (prefixCaching) {
            for (int i = 0; i < blocks; i++) {
                pool.cache(table[i], nextHash++);
            }
        }
        pool.free(table, 0, blocks);
        return table[0];
    }
}
