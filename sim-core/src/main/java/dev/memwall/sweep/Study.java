package dev.memwall.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.input.InputException;

/**
 * A loaded, checked study: the base cluster config, workload and options trees, the axes, and the
 * files its points read. Immutable; {@link #spec} builds any point's self-contained
 * {@link PointSpec}. Made by {@link StudyLoader}.
 */
public final class Study implements PointSource {
    private final String name;
    private final Path file;
    private final long seed;
    private final ObjectNode cluster;
    private final String clusterFileName;
    private final ObjectNode workload;
    private final ObjectNode options;
    private final Grid grid;
    private final Map<String, String> plotFixed;
    private final StudyFiles files;
    private final WorkloadSettings.TraceStats traceStats;
    private final String filesDigest;

    Study(String name, Path file, long seed, ObjectNode cluster, String clusterFileName, ObjectNode workload,
            ObjectNode options, List<Axis> axes, Map<String, String> plotFixed, StudyFiles files,
            WorkloadSettings.TraceStats traceStats, String filesDigest) {
        this.name = name;
        this.file = file;
        this.seed = seed;
        this.cluster = cluster;
        this.clusterFileName = clusterFileName;
        this.workload = workload;
        this.options = options;
        this.grid = new Grid(axes);
        this.plotFixed = Map.copyOf(plotFixed);
        this.files = files;
        this.traceStats = traceStats;
        this.filesDigest = filesDigest;
    }

    /** The study's name: its {@code name} key, else the file name without {@code .json}. */
    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    /** The file name, as messages name the study. */
    public String fileName() {
        return String.valueOf(file.getFileName());
    }

    public long seed() {
        return seed;
    }

    public Grid grid() {
        return grid;
    }

    public List<Axis> axes() {
        return grid.axes();
    }

    /** Axis name to the label plots hold it at when the axis is not on the chart ({@code plots.fixed}). */
    public Map<String, String> plotFixed() {
        return plotFixed;
    }

    /** Where the trace and the model, hardware and profile folders are on this machine. */
    @Override
    public StudyFiles files() {
        return files;
    }

    /**
     * The workload's mean arrival rate in requests per second: its {@code arrival_rate}, else the
     * trace's own (entries over the time to its last arrival); NaN for a burst.
     */
    public double workloadRate() {
        JsonNode r = workload.get("arrival_rate");
        if (r != null && r.isNumber()) {
            return r.doubleValue();
        }
        if (traceStats != null && traceStats.lastArrivalNs() > 0) {
            return traceStats.entries() / (traceStats.lastArrivalNs() / 1e9);
        }
        return Double.NaN;
    }

    /** Digest of every file the points read (see {@link StudyBundle}). */
    public String filesDigest() {
        return filesDigest;
    }

    /**
     * Point {@code index} with its values set.
     *
     * @throws InputException when the workload or options of this combination are invalid
     */
    @Override
    public PointSpec spec(int index) {
        return build(index, Map.of(), null);
    }

    /**
     * Point {@code index} as a probe of a search ({@code plan}): its values set, then each of
     * {@code overrides} (full JSON paths such as {@code workload.arrival_rate} or
     * {@code options.slo}), named by {@code params} instead of its axes. Its seeds are the point's
     * own, so that probes of one point differ only in what the overrides change.
     *
     * @throws InputException when an override makes the workload or options invalid
     */
    public PointSpec probe(int index, Map<String, JsonNode> overrides, Map<String, String> params) {
        return build(index, overrides, params);
    }

    private PointSpec build(int index, Map<String, JsonNode> overrides, Map<String, String> probeParams) {
        int[] c = grid.coordinates(index);
        List<Axis> axes = grid.axes();
        ObjectNode cl = cluster.deepCopy();
        ObjectNode wl = workload.deepCopy();
        ObjectNode op = options.deepCopy();
        Map<String, String> params = new LinkedHashMap<>();
        StringBuilder workloadKey = new StringBuilder("workload");
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            String label = axis.labels().get(c[a]);
            params.put(axis.name(), label);
            axis.within().set(target(axis.target(), cl, wl, op), axis.value(c[a]));
            if (axis.target() == Axis.Target.WORKLOAD) {
                workloadKey.append('\0').append(axis.name()).append('=').append(label);
            }
        }
        for (Map.Entry<String, JsonNode> o : overrides.entrySet()) {
            JsonPath path = JsonPath.parse(o.getKey());
            Axis.Target t = path.head().equals("workload") ? Axis.Target.WORKLOAD
                    : path.head().equals("options") ? Axis.Target.OPTIONS : Axis.Target.CLUSTER;
            (t == Axis.Target.CLUSTER ? path : path.tail()).set(target(t, cl, wl, op), o.getValue());
        }
        String gridKey = Canonical.key(params);
        Map<String, String> named = probeParams != null ? probeParams : params;
        String key = Canonical.key(named);
        String where = fileName() + ": point " + key;
        WorkloadSettings ws = WorkloadSettings.parse(wl, where, "workload");
        StudyOptions.parse(op, where, "options");
        double scale = ws.arrivalScale(traceStats, where + ": workload");
        long pointSeed = Seeds.of(seed, gridKey);
        long workloadSeed = Seeds.of(seed, workloadKey.toString());
        String clusterJson = Canonical.json(cl);
        String workloadJson = Canonical.json(wl);
        String optionsJson = Canonical.json(op);
        String inputs = Canonical.hash(clusterJson, workloadJson, optionsJson, Long.toString(pointSeed),
                Long.toString(workloadSeed), Long.toHexString(Double.doubleToLongBits(scale)), filesDigest);
        return new PointSpec(key, named.keySet().toArray(new String[0]), named.values().toArray(new String[0]),
                pointSeed, workloadSeed, scale, clusterJson, clusterFileName, workloadJson, optionsJson, inputs);
    }

    private static ObjectNode target(Axis.Target t, ObjectNode cluster, ObjectNode workload, ObjectNode options) {
        return switch (t) {
            case WORKLOAD -> workload;
            case OPTIONS -> options;
            default -> cluster;
        };
    }
}
