package dev.memwall.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run cost, in dollars, by component: {@code gpu} (GPU-hours), {@code host_dram} and
 * {@code cxl_memory} (bought memory amortised over the run's time), {@code electricity} (the
 * billed energy times PUE). A component is NaN when the price book leaves a price it needs unset.
 *
 * @param priceBook the book's name
 * @param gpuHours  GPUs times hours held
 */
public record Cost(String priceBook, double gpuHours, Map<String, Double> components) {
    public Cost {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** The sum of the components; NaN when one is. */
    public double totalUsd() {
        double sum = 0;
        for (double usd : components.values()) {
            sum += usd;
        }
        return sum;
    }
}
