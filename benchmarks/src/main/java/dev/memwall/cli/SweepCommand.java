package dev.memwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.memwall.input.InputException;
import dev.memwall.output.OutputPaths;
import dev.memwall.sweep.LocalExecutor;
import dev.memwall.sweep.PointExecutor;
import dev.memwall.sweep.Study;
import dev.memwall.sweep.StudyLoader;
import dev.memwall.sweep.Sweep;
import dev.memwall.distributed.ClusterExecutor;
import dev.memwall.distributed.Members;
import dev.memwall.plot.StudyPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sweep}: a study's grid of simulations, resumable, sharded or spread over a cluster. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs every point of a study (a base cluster config, a workload and simulate",
            "options, varied along axes; see configs/studies/) and writes under --out:",
            "  points.csv    a row per point: parameters, seed, TTFT/TPOT/ITL/E2E mean",
            "                and percentiles, throughput, GPU busy, peak HBM, memory use",
            "                by kind; simulated results only, the same for the same inputs",
            "  points.jsonl  the journal: a line per finished point, with per-device use",
            "                and wall time",
            "  hgrm/         one TPOT percentile file per point (HdrHistogram, ms)",
            "  *.png         plots (see 'plot --help')",
            "Rerunning skips recorded points, so an interrupted sweep (even by kill -9)",
            "resumes where it stopped. Shards and processes may share one --out.",
            "",
            "Examples (java -jar benchmarks/target/benchmarks.jar sweep ...):",
            "  sweep configs/studies/cxl-grid.json --threads 2",
            "  sweep configs/studies/cxl-grid.json --only placement=weights-cxl \\",
            "      --only arrival_rate=4",
            "  sweep configs/studies/cxl-grid.json --shard 1/2   (2/2 elsewhere, same --out)",
            "  sweep configs/studies/cxl-grid.json --cluster 10.0.0.5:5701,10.0.0.6:5701",
            ""},
        footer = {"", "Exit codes: 0 success, 1 internal fault, 2 bad input or environment (one line on stderr)."})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "The study file, e.g. configs/studies/cxl-grid.json.")
    Path study;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: results/<study name>).")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads, one engine each (default: all cores).")
    Integer threads;

    @Option(names = "--shard", paramLabel = "i/N",
            description = "Run only slice i of N (points i-1, i-1+N, ...); the slices of one --out merge into the"
                    + " same points.csv as one run.")
    String shard;

    @Option(names = "--only", paramLabel = "AXIS=V1,V2", description = "Run only these values of an axis"
            + " (repeatable); e.g. --only placement=weights-cxl.")
    List<String> only = List.of();

    @Option(names = "--cluster", paramLabel = "HOST:PORT,...", split = ",",
            description = "Run the points on these Hazelcast members (started with 'member'); results are"
                    + " written here.")
    List<String> cluster;

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "Hazelcast cluster name the members use (default: ${DEFAULT-VALUE}).")
    String clusterName = MemberCommand.DEFAULT_CLUSTER_NAME;

    @Option(names = "--progress", paramLabel = "MODE",
            description = "auto (a bar on a terminal, else lines), bar, lines or none (default: ${DEFAULT-VALUE}).")
    String progress = "auto";

    @Option(names = "--progress-interval", paramLabel = "SECONDS",
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    double progressInterval = 5;

    @Mixin
    PricesOption prices = new PricesOption();

    @Option(names = "--no-plots", description = "Do not draw the plots at the end.")
    boolean noPlots;

    @Option(names = "--verbose", description = "With --cluster, show Hazelcast's own log (connections, retries).")
    boolean verbose;

    @Override
    public Integer call() throws IOException, InterruptedException {
        C2Scope.applyInBackground();
        PrintWriter log = spec.commandLine().getOut();
        int[] slice = parseShard();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        require(nThreads >= 1, "--threads", "must be >= 1 (got " + nThreads + ")");
        require(progressInterval > 0 && Double.isFinite(progressInterval), "--progress-interval",
                "must be > 0 (got " + progressInterval + ")");
        SweepProgress.Mode mode = switch (progress.toLowerCase(Locale.ROOT)) {
            case "auto" -> SweepProgress.auto();
            case "bar" -> SweepProgress.Mode.BAR;
            case "lines" -> SweepProgress.Mode.LINES;
            case "none" -> SweepProgress.Mode.NONE;
            default -> throw new InputException("sweep: --progress: expected auto, bar, lines or none (got '"
                    + progress + "')");
        };
        Study s = StudyLoader.load(study, prices.file("sweep"));
        Path outDir = out != null ? out : Path.of("results", s.name());
        OutputPaths.requireWritableFolder("sweep: --out", outDir, outDir);
        Sweep.Settings settings = new Sweep.Settings(outDir, parseOnly(), slice[0], slice[1]);
        SweepProgress listener = new SweepProgress(mode, log, progressInterval);
        Sweep.Outcome o;
        if (cluster != null) {
            if (verbose) {
                Members.verbose();
            }
            try (ClusterExecutor executor = ClusterExecutor.connect(clusterName, cluster, log)) {
                o = run(s, settings, executor, listener, log);
            }
        } else {
            o = run(s, settings, new LocalExecutor(nThreads), listener, log);
        }
        log.printf(Locale.US, "sweep: ran %d point%s (%d could not be simulated) in %.2f s wall; %s has %d of %d"
                + " points%n", o.ran(), o.ran() == 1 ? "" : "s", o.errors(), o.wallSeconds(),
                outDir.resolve("points.csv"), o.csvRows(), o.gridPoints());
        if (!noPlots) {
            for (String line : StudyPlots.write(s, outDir)) {
                log.println("sweep: " + line);
            }
        }
        log.flush();
        return 0;
    }

    private static Sweep.Outcome run(Study s, Sweep.Settings settings, PointExecutor executor, SweepProgress listener,
            PrintWriter log) throws IOException, InterruptedException {
        log.printf(Locale.US, "sweep: %s: %d points%s, into %s on %s%n", s.name(), s.grid().size(),
                settings.shards() > 1 ? " (shard " + settings.shard() + "/" + settings.shards() + ")" : "",
                settings.outDir(), executor.describe());
        log.flush();
        return Sweep.run(s, settings, executor, new Sweep.Listener() {
            @Override
            public void started(int toRun, int recorded, int selected, String where) {
                log.printf(Locale.US, "sweep: %d selected, %d already recorded, %d to run%n", selected, recorded,
                        toRun);
                log.flush();
                listener.started(toRun, recorded, selected, where);
            }

            @Override
            public void recorded(dev.memwall.sweep.PointResult r, int done, int toRun) {
                listener.recorded(r, done, toRun);
            }

            @Override
            public void finished() {
                listener.finished();
            }
        });
    }

    private int[] parseShard() {
        return shard(shard, "sweep");
    }

    /** {@code --shard i/N} as {i, N}; {1, 1} when not given. */
    static int[] shard(String shard, String tool) {
        if (shard == null) {
            return new int[] {1, 1};
        }
        String[] p = shard.split("/", -1);
        int i;
        int n;
        try {
            i = Integer.parseInt(p[0].trim());
            n = p.length == 2 ? Integer.parseInt(p[1].trim()) : -1;
        } catch (NumberFormatException e) {
            i = -1;
            n = -1;
        }
        if (!(p.length == 2 && n >= 1 && i >= 1 && i <= n)) {
            throw new InputException(tool + ": --shard: expected i/N with 1 <= i <= N, e.g. 1/4 (got '" + shard
                    + "')");
        }
        return new int[] {i, n};
    }

    private Map<String, Set<String>> parseOnly() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (String o : only) {
            int eq = o.indexOf('=');
            require(eq > 0 && eq < o.length() - 1, "--only", "expected AXIS=V1,V2,... (got '" + o + "')");
            m.computeIfAbsent(o.substring(0, eq), k -> new LinkedHashSet<>())
                    .addAll(List.of(o.substring(eq + 1).split(",")));
        }
        return m;
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new InputException("sweep: " + option + ": " + problem);
        }
    }
}
