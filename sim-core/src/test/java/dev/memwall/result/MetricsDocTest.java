package dev.memwall.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.memwall.testing.RepoPaths;

/** The vocabulary's names are unique in every output, and docs/metrics.md is its current table. */
class MetricsDocTest {

    @Test
    void everyNameIsUniqueInEachOutput() {
        Set<String> ids = new HashSet<>();
        Set<String> json = new HashSet<>();
        Set<String> csv = new HashSet<>();
        Set<String> jmh = new HashSet<>();
        for (Metric m : Metric.values()) {
            assertTrue(ids.add(m.id()), m.id());
            assertTrue(json.add(m.jsonPath()), m.jsonPath());
            assertTrue(csv.add(m.csvColumn()), m.csvColumn());
            assertTrue(jmh.add(m.jmhName()), m.jmhName());
            assertEquals(m, Metric.byName(m.id()));
            assertEquals(m, Metric.byName(m.csvColumn()));
        }
    }

    @Test
    void namesDeriveFromOneEntry() {
        assertEquals("tpot_p999", Metric.TPOT_P999.id());
        assertEquals("tpot_ms.p999", Metric.TPOT_P999.jsonPath());
        assertEquals("tpot_p999_ms", Metric.TPOT_P999.csvColumn());
        assertEquals("sim.tpot.p99.9", Metric.TPOT_P999.jmhName());
        assertEquals("memory.cxl_busy_max", Metric.CXL_BUSY_MAX.jsonPath());
        assertEquals("cxl_busy_max", Metric.CXL_BUSY_MAX.csvColumn());
        assertEquals("requests", Metric.REQUESTS.jsonPath());
    }

    @Test
    void docsMetricsMdIsTheGeneratedTable() throws IOException {
        Path doc = RepoPaths.root().resolve("docs/metrics.md");
        String expected = MetricsDoc.markdown();
        if (Boolean.getBoolean("memwall.updateDocs")) {
            Files.writeString(doc, expected);
        }
        assertEquals(expected, Files.exists(doc) ? Files.readString(doc) : "(missing)",
                "docs/metrics.md is stale: rewrite it with"
                        + " mvn -q -pl sim-core test -Dtest=MetricsDocTest -Dmemwall.updateDocs=true");
    }
}
