package dev.memwall.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.memwall.input.InputException;

/**
 * Runs a study into an output folder: reads the journal, refuses records made from other inputs,
 * runs the selected points not yet recorded on an executor, appends each result as it arrives,
 * and writes {@code points.csv} (periodically, and at the end however the run ends) and the
 * {@code .hgrm} files.
 */
public final class Sweep {
    /** How often points.csv is rewritten during a run. */
    private static final long CSV_INTERVAL_NS = 10_000_000_000L;

    /**
     * What to run and where.
     *
     * @param outDir the output folder
     * @param only   axis name to the labels to run; axes not named run all their values
     * @param shard  this run's shard, 1 .. shards
     * @param shards how many shards the grid is cut into (1: no sharding)
     */
    public record Settings(Path outDir, Map<String, Set<String>> only, int shard, int shards) {
        public Settings {
            only = Map.copyOf(only);
            if (shards < 1 || shard < 1 || shard > shards) {
                throw new IllegalArgumentException("shard must be in 1.." + shards + " (got " + shard + ")");
            }
        }
    }

    /**
     * How a run went.
     *
     * @param selected points in this run's slice
     * @param recorded of those, already in the journal when it started
     * @param ran      points this run recorded
     * @param errors   of those, points that could not be simulated
     * @param csvRows  rows of points.csv at the end (every recorded point of the grid)
     */
    public record Outcome(int gridPoints, int selected, int recorded, int ran, int errors, int csvRows,
            double wallSeconds) {
    }

    /** Progress of a run. */
    public interface Listener {
        /** Called once, before the first point runs. */
        void started(int toRun, int recorded, int selected, String where);

        /** Called after each result is recorded; {@code done} counts this run's results so far. */
        void recorded(PointResult r, int done, int toRun);

        /** Called once, after the last point, also when the run fails. */
        void finished();
    }

    private Sweep() {
    }

    /**
     * Runs the study.
     *
     * @throws InputException when the journal holds a point recorded from other inputs, or the
     *     study is bad
     * @throws SweepFault when a point failed by a fault of ours
     */
    public static Outcome run(Study study, Settings settings, PointExecutor executor, Listener listener)
            throws IOException, InterruptedException {
        long startNs = System.nanoTime();
        Grid grid = study.grid();
        int[] selected = grid.select(settings.only(), settings.shard(), settings.shards());
        Path out = settings.outDir();
        try (Journal journal = Journal.open(out, r -> writeHistogram(out, r))) {
            Map<String, PointResult> recorded = journal.records();
            for (PointResult r : recorded.values()) {
                int i = grid.indexOf(r.params());
                if (i >= 0 && !study.spec(i).inputs().equals(r.inputs())) {
                    throw new InputException(journal.file() + ": point " + r.key() + " was recorded from other inputs"
                            + " (the study, its cluster config, trace, models or hardware changed since); use another"
                            + " --out, or delete " + out + " to start over");
                }
            }
            int[] pending = Arrays.stream(selected)
                    .filter(i -> !recorded.containsKey(Canonical.key(grid.params(i)))).toArray();
            int already = selected.length - pending.length;
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            long[] lastCsvNs = {System.nanoTime()};
            listener.started(pending.length, already, selected.length, executor.describe());
            try {
                executor.run(study, pending, new Consumer<>() {
                    private int done;

                    @Override
                    public synchronized void accept(PointResult r) {
                        if (r.fault() != null) {
                            throw new SweepFault("point " + r.key() + " failed on " + r.worker() + ": " + r.fault());
                        }
                        try {
                            if (journal.append(r)) {
                                ran.incrementAndGet();
                                if (r.error() != null) {
                                    errors.incrementAndGet();
                                }
                            }
                            done++;
                            listener.recorded(r, done, pending.length);
                            if (System.nanoTime() - lastCsvNs[0] > CSV_INTERVAL_NS) {
                                writeCsv(journal, out, grid);
                                lastCsvNs[0] = System.nanoTime();
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot record a point in " + journal.file(), e);
                        }
                    }
                });
            } catch (RuntimeException | Error | InterruptedException e) {
                // What was recorded stays readable in points.csv however the run ends.
                try {
                    writeCsv(journal, out, grid);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                listener.finished();
            }
            int rows = writeCsv(journal, out, grid);
            return new Outcome(grid.size(), selected.length, already, ran.get(), errors.get(), rows,
                    (System.nanoTime() - startNs) / 1e9);
        }
    }

    /**
     * Rewrites {@code points.csv} and any missing {@code .hgrm} from the journal in {@code outDir},
     * running nothing (e.g. after shards elsewhere appended their points).
     *
     * @return rows written
     */
    public static int writeOutputs(Study study, Path outDir) throws IOException {
        try (Journal journal = Journal.open(outDir, r -> writeHistogram(outDir, r))) {
            return writeCsv(journal, outDir, study.grid());
        }
    }

    private static int writeCsv(Journal journal, Path out, Grid grid) throws IOException {
        return journal.locked(() -> PointsCsv.write(out, grid, journal.records()));
    }

    private static void writeHistogram(Path out, PointResult r) {
        try {
            HistogramFiles.writeIfMissing(out, r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the histogram of point " + r.key(), e);
        }
    }
}
