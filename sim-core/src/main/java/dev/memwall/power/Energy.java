package dev.memwall.power;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The energy of a run, by component, in joules: the GPUs by state ({@code npu_active},
 * {@code npu_standby}, {@code npu_idle}), the host ({@code cpu}, {@code dram}, {@code link},
 * {@code nic}, {@code storage}, {@code base}), then each CXL device ({@code cxl:<i>}) and each
 * GPU's host link ({@code instance<i>.host_link}).
 *
 * @param source where the figures came from: {@code config}, {@code defaults} or {@code config and defaults}
 */
public record Energy(Map<String, Double> components, String source) {
    public Energy {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** The sum of every component. */
    public double totalJoules() {
        double sum = 0;
        for (double j : components.values()) {
            sum += j;
        }
        return sum;
    }

    /** A component's joules, 0 when absent. */
    public double joules(String component) {
        return components.getOrDefault(component, 0.0);
    }
}
