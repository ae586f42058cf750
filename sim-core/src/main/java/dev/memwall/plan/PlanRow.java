package dev.memwall.plan;

import dev.memwall.sweep.PointResult;

/**
 * What a plan found for one candidate.
 *
 * @param capacity   the highest arrival rate (req/s) that met the SLO, 0 when none did
 * @param lowestMiss the lowest rate probed that missed it, NaN when none did
 * @param bound      how the capacity is bounded
 * @param atCapacity the run at that rate (null when none met the SLO)
 * @param atTarget   the run at the target rate, when the candidate reaches it; else null
 * @param error      why the candidate could not be simulated, or null
 */
public record PlanRow(Candidate candidate, double capacity, double lowestMiss, CapacitySearch.Bound bound, int probes,
        PointResult atCapacity, PointResult atTarget, String error) {
}
