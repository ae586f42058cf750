package dev.memwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.config.InstanceConfig;
import dev.memwall.input.InputException;
import dev.memwall.input.JsonFiles;
import dev.memwall.input.ShippedFiles;
import dev.memwall.metrics.Slo;
import dev.memwall.options.RunOption;
import dev.memwall.plan.Candidate;
import dev.memwall.plan.CapacitySearch;
import dev.memwall.plan.Plan;
import dev.memwall.plan.PlanRow;
import dev.memwall.plan.PlanTable;
import dev.memwall.report.PlanCharts;
import dev.memwall.sweep.Journal;
import dev.memwall.sweep.LocalExecutor;
import dev.memwall.sweep.PointExecutor;
import dev.memwall.sweep.PointSpec;
import dev.memwall.sweep.Study;
import dev.memwall.sweep.StudyLoader;
import dev.memwall.distributed.ClusterExecutor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan}: each candidate's capacity under an SLO, its cost there, ranked. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = RunOptionFlags.class,
        description = {
            "For each candidate (the points of a study, or cluster configs separated by commas), finds the"
                    + " highest arrival rate whose run meets --slo (the trace re-timed, or the study's generator"
                    + " settings) by bracketing and bisection to 2 %%, prices a million tokens at that rate, and"
                    + " writes a ranked table (plan.md), a cost-versus-capacity Pareto plot (pareto.png) and the"
                    + " probes' journal (points.jsonl: a plan resumes, and shards merge).",
            "",
            "Example:",
            "  java -jar benchmarks/target/benchmarks.jar plan \\",
            "      --candidates configs/cluster/two_instance_h100.json,configs/cluster/two_instance_h100_cxl.json \\",
            "      --dataset ../shared/traces/AzureLLMInferenceTrace_conv_2023.csv --num-reqs 2000 \\",
            "      --slo ttft_p99<=2s,tpot_p99<=100ms --rates 1:64 --target-rate 8",
            ""},
        footer = {"", "Exit codes: 0 success, 2 bad input (one line on stderr), 1 internal fault."})
public final class PlanCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--candidates", paramLabel = "STUDY|C1,C2,...", required = true,
            description = "A study file (each grid point a candidate) or cluster configs separated by commas.")
    String candidates;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "Request trace (required with configs; with a study, replaces its workload).")
    Path dataset;

    @Mixin
    TraceSelection trace = new TraceSelection();

    @Option(names = "--rates", paramLabel = "LO:HI",
            description = "Arrival rates (req/s) to search within; default: from the trace's own rate, doubling or"
                    + " halving until bracketed.")
    String rates;

    @Option(names = "--target-rate", paramLabel = "R",
            description = "Also run every candidate that reaches R req/s at R, and name the cheapest there.")
    Double targetRate;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("results/plan");

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--shard", paramLabel = "i/N", description = "Search only every N-th candidate, from the i-th;"
            + " shards of one --out merge (rerun without --shard for the whole table).")
    String shard;

    @Option(names = "--cluster", paramLabel = "HOST:PORT,...", split = ",",
            description = "Run probes on these Hazelcast members (see 'member') instead of local threads.")
    List<String> cluster;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Hazelcast cluster name (default: memwall).")
    String clusterName = "memwall";

    @Mixin
    PricesOption prices = new PricesOption();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter log = spec.commandLine().getOut();
        Object given = spec.commandLine().getParseResult().hasMatchedOption("--slo")
                ? spec.findOption("--slo").getValue() : null;
        String slo = given == null ? null : given.toString();
        if (slo == null) {
            throw new InputException("plan: --slo: required (e.g. ttft_p99<=2s,tpot_p99<=100ms)");
        }
        Slo.parse(slo, "plan: --slo");
        double[] range = parseRates();
        require(targetRate == null || targetRate > 0 && Double.isFinite(targetRate), "--target-rate",
                "must be a number > 0 (got " + targetRate + ")");
        trace.numReqs("plan");
        int[] slice = SweepCommand.shard(shard, "plan");
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        require(nThreads >= 1, "--threads", "must be >= 1 (got " + nThreads + ")");
        List<Candidate> all = candidates();
        List<Candidate> mine = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            if (k % slice[1] == slice[0] - 1) {
                mine.add(all.get(k));
            }
        }
        double start = all.get(0).study().workloadRate();
        Plan.Settings settings = new Plan.Settings(slo, range[0], range[1], Double.isNaN(start) ? 1 : start,
                targetRate == null ? Double.NaN : targetRate);
        log.printf(Locale.US, "plan: %d candidate%s%s, SLO %s, into %s%n", mine.size(), mine.size() == 1 ? "" : "s",
                slice[1] > 1 ? " (shard " + slice[0] + "/" + slice[1] + " of " + all.size() + ")" : "", slo, out);
        log.flush();
        long t0 = System.nanoTime();
        List<PlanRow> rows;
        try (Journal journal = Journal.open(out, r -> { })) {
            if (cluster != null) {
                try (ClusterExecutor executor = ClusterExecutor.connect(clusterName, cluster, log)) {
                    rows = search(mine, settings, executor, journal, log);
                }
            } else {
                rows = search(mine, settings, new LocalExecutor(nThreads), journal, log);
            }
        }
        report(rows, settings, log, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static List<PlanRow> search(List<Candidate> c, Plan.Settings s, PointExecutor e, Journal j,
            PrintWriter log) throws IOException, InterruptedException {
        return Plan.run(c, s, e, j, (round, probes, recorded) -> {
            log.printf(Locale.US, "plan: round %d: %d probe%s (%d recorded)%n", round, probes,
                    probes == 1 ? "" : "s", recorded);
            log.flush();
        });
    }

    private void report(List<PlanRow> rows, Plan.Settings s, PrintWriter log, double wallSeconds) throws IOException {
        List<PlanRow> ranked = PlanTable.ranked(rows);
        String table = PlanTable.markdown(ranked, s.targetRate());
        PlanRow best = PlanTable.cheapestAtTarget(rows);
        String verdict = Double.isNaN(s.targetRate()) ? ""
                : best == null ? "No candidate reaches " + CapacitySearch.label(s.targetRate()) + " req/s within the SLO."
                : String.format(Locale.US, "Cheapest candidate reaching %s req/s within the SLO: %s, $%.4f per 1M"
                        + " tokens there.", CapacitySearch.label(s.targetRate()), best.candidate().label(),
                        best.atTarget().metric(dev.memwall.result.Metric.USD_PER_M_TOKENS));
        Files.createDirectories(out);
        Files.write(out.resolve(PlanCharts.PARETO), PlanCharts.pareto(ranked, "Cost vs capacity within " + s.slo()));
        String md = "# memwall plan\n\n- SLO: `" + s.slo() + "`\n- rates: " + (Double.isNaN(s.rangeLo())
                ? "bracketed from " + CapacitySearch.label(s.startRate()) + " req/s"
                : CapacitySearch.label(s.rangeLo()) + " to " + CapacitySearch.label(s.rangeHi()) + " req/s")
                + ", bisected to 2 %\n- price book: " + prices.load("plan").name() + "\n\n" + table + "\n"
                + (verdict.isEmpty() ? "" : verdict + "\n\n") + "![cost vs capacity](" + PlanCharts.PARETO + ")\n";
        Files.writeString(out.resolve("plan.md"), md);
        log.print(table);
        if (!verdict.isEmpty()) {
            log.println(verdict);
        }
        log.printf(Locale.US, "plan: wrote %s and %s; %.1f s wall%n", out.resolve("plan.md"),
                out.resolve(PlanCharts.PARETO), wallSeconds);
        log.flush();
    }

    private double[] parseRates() {
        if (rates == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        String[] p = rates.split(":", -1);
        double lo;
        double hi;
        try {
            lo = Double.parseDouble(p[0].trim());
            hi = p.length == 2 ? Double.parseDouble(p[1].trim()) : Double.NaN;
        } catch (NumberFormatException e) {
            lo = Double.NaN;
            hi = Double.NaN;
        }
        require(p.length == 2 && !Double.isNaN(hi), "--rates", "expected LO:HI in req/s, e.g. 1:32 (got '" + rates
                + "')");
        require(lo > 0 && hi > lo && Double.isFinite(hi), "--rates", "needs 0 < lo < hi (got '" + rates + "')");
        return new double[] {lo, hi};
    }

    /** The candidates: a study's grid points, or one single-point study per cluster config. */
    private List<Candidate> candidates() {
        Path first = Path.of(candidates.split(",", -1)[0].trim());
        boolean isStudy = !candidates.contains(",") && Files.isRegularFile(first)
                && JsonFiles.readObject(first).has("axes");
        List<Candidate> out = new ArrayList<>();
        if (isStudy) {
            ObjectNode root = (ObjectNode) JsonFiles.readObject(first);
            if (dataset != null) {
                root.set("workload", workload());
            }
            overrideOptions(root.withObjectProperty("options"));
            Study s = StudyLoader.load(root, first, prices.file("plan"));
            for (int i = 0; i < s.grid().size(); i++) {
                PointSpec p = s.spec(i);
                out.add(new Candidate(String.join(",", p.params().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList()), s, i, gpus(p)));
            }
            return out;
        }
        require(dataset != null, "--dataset", "required when the candidates are cluster configs");
        for (String c : candidates.split(",", -1)) {
            Path config = Path.of(c.trim());
            if (!ShippedFiles.isFile(config)) { // a shipped configs/cluster file is found in the jar too
                throw new InputException("plan: --candidates: " + config + ": no such file");
            }
            Study s = StudyLoader.load(configStudy(config), config, prices.file("plan"));
            out.add(new Candidate(String.valueOf(config.getFileName()).replaceFirst("\\.json$", ""), s, 0,
                    gpus(s.spec(0))));
        }
        return out;
    }

    /** A one-point study of {@code config} on the trace with the command line's options. */
    private ObjectNode configStudy(Path config) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", "plan");
        if (Files.isRegularFile(config)) {
            root.put("cluster", config.toAbsolutePath().toString());
        } else {
            root.set("cluster", JsonFiles.readObject(config)); // shipped in the jar: inlined
        }
        ObjectNode w = workload();
        w.put("arrival_rate", 1.0);
        root.set("workload", w);
        ObjectNode o = root.putObject("options");
        // Relative to where plan runs, as simulate's defaults are (a study's own are relative to it);
        // left to the study's defaults, which fall back to the shipped ones, where there are none.
        for (String dir : new String[] {"models", "hardware"}) {
            Path onDisk = Path.of("configs", dir);
            if (Files.isDirectory(onDisk)) {
                o.put(dir + "_dir", onDisk.toAbsolutePath().toString());
            }
        }
        overrideOptions(o);
        ArrayNode axes = root.putArray("axes");
        ObjectNode a = axes.addObject();
        a.put("name", "arrival_rate");
        a.put("path", "workload.arrival_rate");
        a.putArray("values").add(1.0);
        return root;
    }

    private ObjectNode workload() {
        if (!Files.isRegularFile(dataset)) {
            throw new InputException(dataset + ": no such file");
        }
        ObjectNode w = JSON.createObjectNode();
        w.put("trace", dataset.toAbsolutePath().toString());
        if (trace.formatName() != null) {
            w.put("format", trace.formatName());
        }
        if (trace.numReqs("plan") > 0) {
            w.put("num_reqs", trace.numReqs("plan"));
        }
        return w;
    }

    /** Every run option given on the command line, set in a study's {@code options}. */
    private void overrideOptions(ObjectNode options) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (RunOption o : RunOption.values()) {
            if (!o.inStudies() || o == RunOption.SLO || !parsed.hasMatchedOption(o.flag())) {
                continue;
            }
            String v = RunOptionFlags.text(spec.findOption(o.flag()));
            switch (o.kind()) {
                case INTEGER -> options.put(o.key(), Long.parseLong(v.trim()));
                case NUMBER -> options.put(o.key(), Double.parseDouble(v.trim()));
                case BOOLEAN -> options.put(o.key(), Boolean.parseBoolean(v));
                case DIRECTORY -> options.put(o.key(), Path.of(v).toAbsolutePath().toString());
                case LIST -> options.put(o.key(), v);
                default -> options.put(o.key(), v);
            }
        }
    }

    private static int gpus(PointSpec p) {
        try {
            ClusterConfig c = ClusterConfigLoader.load(JSON.readTree(p.clusterJson()), p.clusterFileName());
            int n = 0;
            for (InstanceConfig i : c.instances()) {
                n += i.tpSize() * i.ppSize();
            }
            return n;
        } catch (IOException e) {
            throw new IllegalStateException("a point's cluster JSON does not parse", e);
        }
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new InputException("plan: " + option + ": " + problem);
        }
    }
}
