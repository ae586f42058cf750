package dev.memwall.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one point needs besides the study's files, as plain text and numbers so that it can
 * travel to another machine: the cluster config, workload and options with the point's values
 * set, its seeds, and the hash of all of it that tells a recorded point from a stale one.
 *
 * @param key             the point's parameters as canonical JSON (names sorted)
 * @param names           axis names, in study order
 * @param labels          the point's value labels, in the same order
 * @param seed            simulation seed (RAND routing), from the study seed and every parameter
 * @param workloadSeed    generator seed, from the study seed and the workload parameters only,
 *                        so points that differ only in hardware see the same requests
 * @param arrivalScale    factor applied to trace arrivals (1 when not re-timed)
 * @param clusterJson     the cluster config
 * @param clusterFileName what errors name the cluster config by
 * @param workloadJson    the workload settings
 * @param optionsJson     the simulate options
 * @param inputs          hash of all of the above and of the study's files
 */
public record PointSpec(String key, String[] names, String[] labels, long seed, long workloadSeed,
        double arrivalScale, String clusterJson, String clusterFileName, String workloadJson, String optionsJson,
        String inputs) implements Serializable {

    private static final long serialVersionUID = 1L;

    public PointSpec {
        names = names.clone();
        labels = labels.clone();
    }

    @Override
    public String[] names() {
        return names.clone();
    }

    @Override
    public String[] labels() {
        return labels.clone();
    }

    /** Parameter name to label, in study order. */
    public Map<String, String> params() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], labels[i]);
        }
        return m;
    }
}
