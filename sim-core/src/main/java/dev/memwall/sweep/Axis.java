package dev.memwall.sweep;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One axis of a study: a name (a CSV column), the JSON path it sets, and its values, each with a
 * label (a preset's name, or the value as written).
 */
public final class Axis {
    /** Which tree an axis path points into. */
    public enum Target {
        /** The cluster config ({@code cxl_mem.mem_bw}, {@code nodes[0].instances[*].placement}). */
        CLUSTER,
        /** The workload settings ({@code workload.arrival_rate}). */
        WORKLOAD,
        /** The simulate options ({@code options.max_num_seqs}). */
        OPTIONS
    }

    private final String name;
    private final String path;
    private final String unit;
    private final Target target;
    private final JsonPath within;
    private final List<JsonNode> values;
    private final List<String> labels;

    Axis(String name, String path, String unit, Target target, JsonPath within, List<JsonNode> values,
            List<String> labels) {
        this.name = name;
        this.path = path;
        this.unit = unit;
        this.target = target;
        this.within = within;
        this.values = List.copyOf(values);
        this.labels = List.copyOf(labels);
    }

    /** The column name, e.g. {@code cxl_bw}. */
    public String name() {
        return name;
    }

    /** The path as written in the study, e.g. {@code cxl_mem.mem_bw} or {@code workload.arrival_rate}. */
    public String path() {
        return path;
    }

    /** Unit for plot labels as the study gives it, e.g. {@code GB/s}; null when not given. */
    public String unit() {
        return unit;
    }

    public Target target() {
        return target;
    }

    /** The path inside its target tree. */
    JsonPath within() {
        return within;
    }

    public int size() {
        return values.size();
    }

    /** Labels in study order: the values as written, or preset names. */
    public List<String> labels() {
        return labels;
    }

    JsonNode value(int i) {
        return values.get(i);
    }
}
