package dev.memwall.plan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.memwall.input.InputException;
import dev.memwall.result.Metric;
import dev.memwall.sweep.Journal;
import dev.memwall.sweep.PointExecutor;
import dev.memwall.sweep.PointResult;
import dev.memwall.sweep.PointSpec;
import dev.memwall.sweep.StudyFiles;

/**
 * Finds every candidate's capacity under an SLO, in rounds: each round probes every candidate
 * still searching at its next rate, on the executor, recording each probe in the journal; a probe
 * already recorded from the same inputs is not run again, so a plan resumes where it stopped and
 * shards ({@code --shard}) merge. Then, with a target rate, each candidate that reaches it is run
 * once at it, for its cost there.
 */
public final class Plan {
    /**
     * What to search.
     *
     * @param slo        the SLO every probe is judged by ({@code --slo})
     * @param rangeLo    bottom of the rate range, or NaN to bracket from {@code startRate}
     * @param rangeHi    top of the rate range, or NaN
     * @param startRate  where an unranged search starts: the trace's own rate
     * @param targetRate the rate the cheapest candidate must reach, or NaN
     */
    public record Settings(String slo, double rangeLo, double rangeHi, double startRate, double targetRate) {
    }

    /** Progress, for the console. */
    public interface Listener {
        void round(int number, int probes, int recorded);
    }

    private Plan() {
    }

    /** Searches {@code candidates} and returns one row each, in their order. */
    public static List<PlanRow> run(List<Candidate> candidates, Settings s, PointExecutor executor, Journal journal,
            Listener listener) throws IOException, InterruptedException {
        StudyFiles files = sharedFiles(candidates);
        List<CapacitySearch> searches = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++) {
            searches.add(Double.isNaN(s.rangeLo()) ? CapacitySearch.from(s.startRate())
                    : CapacitySearch.within(s.rangeLo(), s.rangeHi()));
        }
        Map<String, PointResult> byKey = new HashMap<>();
        String[] errors = new String[candidates.size()];
        int round = 0;
        while (true) {
            List<PointSpec> specs = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            for (int k = 0; k < candidates.size(); k++) {
                PointSpec spec = nextProbe(candidates.get(k), searches.get(k), s, journal, byKey, errors, k);
                if (spec != null) {
                    specs.add(spec);
                    owners.add(k);
                }
            }
            if (specs.isEmpty()) {
                break;
            }
            listener.round(++round, specs.size(), journal.records().size());
            runRound(new ProbeRound(specs, files), executor, journal, byKey);
        }
        List<PlanRow> rows = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++) {
            rows.add(row(candidates.get(k), searches.get(k), s, byKey, errors[k]));
        }
        return atTarget(rows, s, executor, journal, byKey, files);
    }

    /**
     * The candidate's next probe not recorded yet; recorded ones are replayed into its search on
     * the way. Null when its search is over.
     */
    private static PointSpec nextProbe(Candidate c, CapacitySearch search, Settings s, Journal journal,
            Map<String, PointResult> byKey, String[] errors, int k) {
        while (!search.done() && errors[k] == null) {
            double rate = search.next();
            PointSpec spec = c.probe(rate, s.slo());
            PointResult r = recorded(spec, journal, byKey);
            if (r == null) {
                return spec;
            }
            if (r.error() != null) {
                errors[k] = r.error();
                return null;
            }
            search.record(rate, r.metric(Metric.SLO_MET) == 1);
        }
        return null;
    }

    private static PointResult recorded(PointSpec spec, Journal journal, Map<String, PointResult> byKey) {
        PointResult r = byKey.get(spec.key());
        if (r == null) {
            r = journal.records().get(spec.key());
        }
        if (r != null && !r.inputs().equals(spec.inputs())) {
            throw new InputException(journal.file() + ": probe " + spec.key() + " was recorded from other inputs"
                    + " (a config, the trace, the SLO, the prices, models or hardware changed since); use another"
                    + " --out, or delete " + journal.file().getParent() + " to start over");
        }
        if (r != null) {
            byKey.put(spec.key(), r);
        }
        return r;
    }

    private static void runRound(ProbeRound round, PointExecutor executor, Journal journal,
            Map<String, PointResult> byKey) throws InterruptedException {
        int[] all = IntStream.range(0, round.specs().size()).toArray();
        executor.run(round, all, r -> {
            if (r.fault() != null) {
                throw new IllegalStateException("probe " + r.key() + " failed on " + r.worker() + ": " + r.fault());
            }
            try {
                journal.append(r);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot record a probe in " + journal.file(), e);
            }
            synchronized (byKey) {
                byKey.put(r.key(), r);
            }
        });
    }

    private static PlanRow row(Candidate c, CapacitySearch search, Settings s, Map<String, PointResult> byKey,
            String error) {
        PointResult at = search.capacity() > 0 ? byKey.get(c.probe(search.capacity(), s.slo()).key()) : null;
        return new PlanRow(c, search.capacity(), search.lowestMiss(), search.bound(), search.probes(), at, null, error);
    }

    /** With a target rate, runs each candidate that reaches it once at it. */
    private static List<PlanRow> atTarget(List<PlanRow> rows, Settings s, PointExecutor executor, Journal journal,
            Map<String, PointResult> byKey, StudyFiles files) throws InterruptedException {
        if (Double.isNaN(s.targetRate())) {
            return rows;
        }
        double target = CapacitySearch.round(s.targetRate());
        List<PointSpec> specs = new ArrayList<>();
        for (PlanRow r : rows) {
            if (r.error() == null && r.capacity() >= target) {
                PointSpec spec = r.candidate().probe(target, s.slo());
                if (recorded(spec, journal, byKey) == null) {
                    specs.add(spec);
                }
            }
        }
        if (!specs.isEmpty()) {
            runRound(new ProbeRound(specs, files), executor, journal, byKey);
        }
        List<PlanRow> out = new ArrayList<>();
        for (PlanRow r : rows) {
            PointResult t = r.error() == null && r.capacity() >= target
                    ? byKey.get(r.candidate().probe(target, s.slo()).key()) : null;
            out.add(new PlanRow(r.candidate(), r.capacity(), r.lowestMiss(), r.bound(), r.probes(), r.atCapacity(), t,
                    r.error()));
        }
        return out;
    }

    private static StudyFiles sharedFiles(List<Candidate> candidates) {
        StudyFiles files = candidates.get(0).study().files();
        for (Candidate c : candidates) {
            if (!c.study().files().equals(files)) {
                throw new IllegalArgumentException("candidates must share their trace, models, hardware and prices");
            }
        }
        return files;
    }
}
