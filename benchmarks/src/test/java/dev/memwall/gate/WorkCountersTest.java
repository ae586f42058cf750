package dev.memwall.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.bench.support.RepoRoot;

/**
 * The second, noise-free regression gate: the work a scenario costs (events dispatched,
 * iterations, KV block operations), counted by the engine and kept in the golden summaries,
 * where counts must match exactly. An algorithmic regression that leaves every simulated result
 * alone but doubles the events fails {@code mvn verify} on any machine.
 */
class WorkCountersTest {

    @Test
    void goldenSummariesCarryTheEnginesWorkCounters() {
        JsonNode summary = GoldenScenarios.summarize(GoldenScenarios.named("h100-chat"), RepoRoot.get());
        JsonNode work = summary.get("work");
        assertTrue(work.get("events").asLong() > 0);
        // Every iteration ends in one event; arrivals and heartbeats add the rest.
        assertTrue(work.get("events").asLong() >= work.get("iterations").asLong());
        assertTrue(work.get("kv_block_ops").asLong() > 0);
    }

    @Test
    void aRunThatDispatchesTwiceTheEventsForTheSameResultsFailsTheGoldenCheck() {
        JsonNode golden = GoldenScenarios.summarize(GoldenScenarios.named("h100-chat"), RepoRoot.get());
        // A counting fake of a regressed engine: the same answers, twice the events.
        ObjectNode regressed = golden.deepCopy();
        ObjectNode work = (ObjectNode) regressed.get("work");
        long events = work.get("events").asLong();
        work.put("events", 2 * events);
        List<String> diffs = GoldenComparison.differences(golden, regressed);
        assertEquals(List.of("work.events: expected " + events + ", got " + 2 * events
                + " (counts must match exactly)"), diffs);
    }
}
