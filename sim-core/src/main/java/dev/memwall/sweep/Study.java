package dev.memwall.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.input.InputException;

/**
 * A loaded, checked study: the base cluster config, workload and options trees, the axes, and the
 * files its points read. Immutable; {@link #spec} builds any point's self-contained
 * {@link PointSpec}. Made by {@link StudyLoader}.
 */
public final class Study {
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
    public StudyFiles files() {
        return files;
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
    public PointSpec spec(int index) {
        int[] c = grid.coordinates(index);
        List<Axis> axes = grid.axes();
        ObjectNode cl = cluster.deepCopy();
        ObjectNode wl = workload.deepCopy();
        ObjectNode op = options.deepCopy();
        String[] names = new String[axes.size()];
        String[] labels = new String[axes.size()];
        StringBuilder workloadKey = new StringBuilder("workload");
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            names[a] = axis.name();
            labels[a] = axis.labels().get(c[a]);
            ObjectNode target = switch (axis.target()) {
                case WORKLOAD -> wl;
                case OPTIONS -> op;
                default -> cl;
            };
            axis.within().set(target, axis.value(c[a]));
            if (axis.target() == Axis.Target.WORKLOAD) {
                workloadKey.append('\0').append(axis.name()).append('=').append(labels[a]);
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int a = 0; a < names.length; a++) {
            params.put(names[a], labels[a]);
        }
        String key = Canonical.key(params);
        String where = fileName() + ": point " + key;
        WorkloadSettings ws = WorkloadSettings.parse(wl, where, "workload");
        StudyOptions.parse(op, where, "options");
        double scale = ws.arrivalScale(traceStats, where + ": workload");
        long pointSeed = Seeds.of(seed, key);
        long workloadSeed = Seeds.of(seed, workloadKey.toString());
        String clusterJson = Canonical.json(cl);
        String workloadJson = Canonical.json(wl);
        String optionsJson = Canonical.json(op);
        String inputs = Canonical.hash(clusterJson, workloadJson, optionsJson, Long.toString(pointSeed),
                Long.toString(workloadSeed), Long.toHexString(Double.doubleToLongBits(scale)), filesDigest);
        return new PointSpec(key, names, labels, pointSeed, workloadSeed, scale, clusterJson, clusterFileName,
                workloadJson, optionsJson, inputs);
    }
}
