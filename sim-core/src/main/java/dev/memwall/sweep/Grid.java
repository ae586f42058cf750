package dev.memwall.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memwall.input.InputException;

/**
 * The Cartesian product of a study's axes, numbered 0 .. size-1 with the first axis varying
 * slowest (as nested loops in axis order would run), and the slices a run may select.
 */
public final class Grid {
    /** Most points one study may have. */
    public static final int MAX_POINTS = 10_000_000;

    private final List<Axis> axes;
    private final int size;
    private final List<Map<String, Integer>> labelIndex = new ArrayList<>();

    Grid(List<Axis> axes) {
        this.axes = List.copyOf(axes);
        long n = 1;
        for (Axis a : axes) {
            n *= a.size();
            if (n > MAX_POINTS) {
                throw new IllegalArgumentException("more than " + MAX_POINTS + " points");
            }
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i < a.size(); i++) {
                m.put(a.labels().get(i), i);
            }
            labelIndex.add(m);
        }
        this.size = (int) n;
    }

    public int size() {
        return size;
    }

    public List<Axis> axes() {
        return axes;
    }

    /** Value index of each axis at point {@code index}. */
    public int[] coordinates(int index) {
        int[] c = new int[axes.size()];
        int rest = index;
        for (int a = axes.size() - 1; a >= 0; a--) {
            c[a] = rest % axes.get(a).size();
            rest /= axes.get(a).size();
        }
        return c;
    }

    /** Axis name to value label at point {@code index}, in axis order. */
    public Map<String, String> params(int index) {
        int[] c = coordinates(index);
        Map<String, String> m = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            m.put(axes.get(a).name(), axes.get(a).labels().get(c[a]));
        }
        return m;
    }

    /** The point with these parameters, or -1 when they are not exactly one point of this grid. */
    public int indexOf(Map<String, String> params) {
        if (params.size() != axes.size()) {
            return -1;
        }
        int index = 0;
        for (int a = 0; a < axes.size(); a++) {
            String label = params.get(axes.get(a).name());
            Integer i = label == null ? null : labelIndex.get(a).get(label);
            if (i == null) {
                return -1;
            }
            index = index * axes.get(a).size() + i;
        }
        return index;
    }

    /**
     * The points of one run, ascending: those whose labels are all allowed by {@code only} (axis
     * name to allowed labels; axes not named are not restricted) and that fall in shard
     * {@code shard} of {@code shards} (point {@code i} belongs to shard {@code i % shards + 1}).
     *
     * @throws InputException when {@code only} names an axis or label the study does not have
     */
    public int[] select(Map<String, Set<String>> only, int shard, int shards) {
        boolean[][] allowed = new boolean[axes.size()][];
        for (int a = 0; a < axes.size(); a++) {
            allowed[a] = new boolean[axes.get(a).size()];
            Set<String> keep = only.get(axes.get(a).name());
            for (int i = 0; i < allowed[a].length; i++) {
                allowed[a][i] = keep == null || keep.contains(axes.get(a).labels().get(i));
            }
        }
        for (Map.Entry<String, Set<String>> e : only.entrySet()) {
            int a = axisIndex(e.getKey());
            if (a < 0) {
                throw new InputException("sweep: --only: the study has no axis '" + e.getKey() + "' (axes: "
                        + String.join(", ", axes.stream().map(Axis::name).toList()) + ")");
            }
            for (String label : e.getValue()) {
                if (!labelIndex.get(a).containsKey(label)) {
                    throw new InputException("sweep: --only: axis '" + e.getKey() + "' has no value '" + label
                            + "' (values: " + String.join(", ", axes.get(a).labels()) + ")");
                }
            }
        }
        List<Integer> picked = new ArrayList<>();
        for (int i = shard - 1; i < size; i += shards) {
            int[] c = coordinates(i);
            boolean ok = true;
            for (int a = 0; a < c.length && ok; a++) {
                ok = allowed[a][c[a]];
            }
            if (ok) {
                picked.add(i);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Position of the axis named {@code name}, or -1. */
    public int axisIndex(String name) {
        for (int a = 0; a < axes.size(); a++) {
            if (axes.get(a).name().equals(name)) {
                return a;
            }
        }
        return -1;
    }
}
