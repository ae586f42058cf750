package dev.memwall.plan;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.memwall.sweep.PointSpec;
import dev.memwall.sweep.Study;

/**
 * One cluster a plan sizes: point {@code index} of {@code study} (a study's grid point, or the
 * one point of a study made from a cluster config).
 *
 * @param label names it in tables, plots and probe keys
 * @param gpus  its GPUs, for the table
 */
public record Candidate(String label, Study study, int index, int gpus) {
    /** A probe of this candidate at {@code rate} under {@code slo}, named {candidate, arrival_rate}. */
    public PointSpec probe(double rate, String slo) {
        Map<String, JsonNode> overrides = new LinkedHashMap<>();
        overrides.put("workload.arrival_rate", JsonNodeFactory.instance.numberNode(rate));
        overrides.put("options.slo", JsonNodeFactory.instance.textNode(slo));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("candidate", label);
        params.put("arrival_rate", CapacitySearch.label(rate));
        return study.probe(index, overrides, params);
    }
}
