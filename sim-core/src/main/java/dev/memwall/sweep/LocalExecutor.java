package dev.memwall.sweep;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs points on worker threads of this JVM, each with its own {@link PointRunner} (and so its
 * own engine), taking the next point in grid order as soon as it is free.
 */
public final class LocalExecutor implements PointExecutor {
    private final int threads;

    /** @param threads worker threads, at least 1 */
    public LocalExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
        }
        this.threads = threads;
    }

    @Override
    public void run(PointSource study, int[] indices, Consumer<PointResult> sink) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int n = Math.min(threads, indices.length);
        Thread[] workers = new Thread[n];
        for (int t = 0; t < n; t++) {
            String name = "sweep-" + (t + 1);
            workers[t] = new Thread(() -> {
                PointRunner runner = new PointRunner(study.files(), "local/" + name);
                while (failure.get() == null) {
                    int j = next.getAndIncrement();
                    if (j >= indices.length) {
                        return;
                    }
                    try {
                        sink.accept(runner.run(study.spec(indices[j])));
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, name);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() {
        return threads + (threads == 1 ? " thread" : " threads");
    }
}
