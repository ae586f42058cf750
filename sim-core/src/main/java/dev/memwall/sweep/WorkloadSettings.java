package dev.memwall.sweep;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.workload.ArrivalProcess;
import dev.memwall.workload.LengthDistribution;
import dev.memwall.workload.SyntheticWorkload;
import dev.memwall.workload.TraceCache;
import dev.memwall.workload.TraceEntry;
import dev.memwall.workload.TraceFormat;
import dev.memwall.workload.WorkloadReader;

/**
 * A study's {@code workload} object: either a trace file
 * ({@code {"trace": PATH, "format": "auto", "num_reqs": 0, "arrival_rate": R}}) or generator
 * settings ({@code {"generate": {"arrival": "poisson", "cv": C, "input_len": SPEC,
 * "output_len": SPEC}, "num_reqs": N, "arrival_rate": R}}), with the {@code generate} tool's
 * meanings.
 *
 * <p>{@code arrival_rate} (requests per second) is the generator's rate; on a trace it re-times
 * the arrivals: each is multiplied by {@code measured / arrival_rate}, where the measured rate is
 * the entries read divided by the last arrival time. A Poisson trace re-timed so is a Poisson
 * trace at the new rate, with the same requests in the same order.
 *
 * @param trace        the trace as written in the study (relative to it), or null when generated
 * @param format       trace format, or null to detect it
 * @param numReqs      entries to read (trace: 0 = all) or to generate
 * @param arrivalRate  requests per second, or NaN when not set
 * @param arrival      generator arrival process name: poisson, gamma or burst
 * @param cv           Gamma coefficient of variation, or NaN
 */
record WorkloadSettings(String trace, TraceFormat format, int numReqs, double arrivalRate, String arrival, double cv,
        LengthDistribution inputLen, LengthDistribution outputLen) {

    static final List<String> KEYS = List.of("trace", "format", "num_reqs", "arrival_rate", "generate");
    static final List<String> GENERATE_KEYS = List.of("arrival", "cv", "input_len", "output_len");

    /** Entries and span of a trace, for re-timing. */
    record TraceStats(long entries, long lastArrivalNs) {
    }

    /**
     * Reads and checks a workload object.
     *
     * @throws InputException naming {@code file} and the JSON path of the first bad value
     */
    static WorkloadSettings parse(JsonNode node, String file, String path) {
        JsonFields f = JsonFields.closed(node, path, file, KEYS);
        boolean isTrace = !f.isNull("trace");
        boolean isGenerated = !f.isNull("generate");
        if (isTrace == isGenerated) {
            throw InputException.at(file, path + ": give exactly one of 'trace' (a trace file) or 'generate'"
                    + " (generator settings)");
        }
        double rate = Double.NaN;
        if (!f.isNull("arrival_rate")) {
            rate = f.get("arrival_rate").number(ArrivalProcess.RATE_PER_S);
        }
        int numReqs = 0;
        if (!f.isNull("num_reqs")) {
            numReqs = f.get("num_reqs").intAtLeast(isTrace ? 0 : 1);
        }
        if (isTrace) {
            String trace = f.string("trace");
            TraceFormat format = null;
            if (!f.isNull("format") && !f.string("format").equalsIgnoreCase("auto")) {
                format = TraceFormat.parse(f.string("format"), file + ": " + f.pathOf("format"));
            }
            return new WorkloadSettings(trace, format, numReqs, rate, null, Double.NaN, null, null);
        }
        if (!f.isNull("format")) {
            throw f.error("format", "only for a trace, not with 'generate'");
        }
        if (f.isNull("num_reqs")) {
            throw f.error("num_reqs", "required with 'generate' (requests to generate)");
        }
        JsonFields g = f.object("generate", GENERATE_KEYS);
        String arrival = g.isNull("arrival") ? "poisson" : g.string("arrival");
        double cv = Double.NaN;
        switch (arrival) {
            case "poisson":
            case "gamma":
                if (Double.isNaN(rate)) {
                    throw f.error("arrival_rate", "required with " + arrival + " arrivals (requests per second)");
                }
                ArrivalProcess.poisson(rate).checkSpan(numReqs, file + ": " + f.pathOf("arrival_rate"));
                if (arrival.equals("gamma")) {
                    cv = g.get("cv").number(ArrivalProcess.CV);
                } else if (!g.isNull("cv")) {
                    throw g.error("cv", "only used with gamma arrivals");
                }
                break;
            case "burst":
                if (!Double.isNaN(rate)) {
                    throw f.error("arrival_rate", "not used with burst arrivals, where all requests arrive at t=0");
                }
                break;
            default:
                throw g.error("arrival", "expected poisson, gamma or burst (got '" + arrival + "')");
        }
        LengthDistribution in = LengthDistribution.parse(g.string("input_len"), file + ": " + g.pathOf("input_len"));
        LengthDistribution out = LengthDistribution.parse(g.string("output_len"), file + ": " + g.pathOf("output_len"));
        if (in.file() != null || out.file() != null) {
            throw g.error(in.file() != null ? "input_len" : "output_len",
                    "file: lengths are not available in studies (generate a trace and use 'trace')");
        }
        return new WorkloadSettings(null, null, numReqs, rate, arrival, cv, in, out);
    }

    boolean isTrace() {
        return trace != null;
    }

    /**
     * Reads a whole trace once: checks every entry and measures what re-timing needs. The points
     * then replay what this read kept ({@link TraceCache}).
     *
     * @throws InputException for a missing or malformed trace, naming it and the line
     */
    static TraceStats measure(Path file, TraceFormat format, int numReqs) {
        long n = 0;
        long last = 0;
        TraceEntry e = new TraceEntry();
        try (WorkloadReader r = TraceCache.open(file, format, numReqs)) {
            while (r.next(e)) {
                n++;
                last = e.arrivalNs;
            }
        }
        return new TraceStats(n, last);
    }

    /**
     * The factor arrivals are multiplied by: 1 without {@code arrival_rate} or when generated.
     *
     * @throws InputException when a trace whose arrivals are all at 0 is to be re-timed
     */
    double arrivalScale(TraceStats stats, String where) {
        if (!isTrace() || Double.isNaN(arrivalRate)) {
            return 1.0;
        }
        if (stats.lastArrivalNs() <= 0) {
            throw InputException.at(where, "arrival_rate: the trace's requests all arrive at t=0, so it has no"
                    + " rate to re-time (remove arrival_rate or use 'generate')");
        }
        double measuredPerS = stats.entries() / (stats.lastArrivalNs() / 1e9);
        return measuredPerS / arrivalRate;
    }

    /** A reader of this workload for one point. */
    WorkloadReader open(Path traceFile, long seed, double arrivalScale) {
        if (isTrace()) {
            // Every point reads the same trace: kept in memory after the first (TraceCache).
            WorkloadReader r = TraceCache.open(traceFile, format, numReqs);
            return arrivalScale == 1.0 ? r : new Retimed(r, arrivalScale);
        }
        ArrivalProcess process = switch (arrival) {
            case "gamma" -> ArrivalProcess.gamma(arrivalRate, cv);
            case "burst" -> ArrivalProcess.burst();
            default -> ArrivalProcess.poisson(arrivalRate);
        };
        return SyntheticWorkload.builder().requests(numReqs).seed(seed).arrivals(process)
                .inputLengths(inputLen).outputLengths(outputLen).build();
    }

    /** A trace with every arrival multiplied by a factor (tool durations of sessions kept). */
    private static final class Retimed implements WorkloadReader {
        private final WorkloadReader inner;
        private final double scale;

        Retimed(WorkloadReader inner, double scale) {
            this.inner = inner;
            this.scale = scale;
        }

        @Override
        public boolean next(TraceEntry entry) {
            if (!inner.next(entry)) {
                return false;
            }
            entry.arrivalNs = Math.round(entry.arrivalNs * scale);
            return true;
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
