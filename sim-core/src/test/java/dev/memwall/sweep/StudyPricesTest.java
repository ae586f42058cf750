package dev.memwall.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;
import dev.memwall.result.Metric;

/** A study's price book: it prices every point, travels in the study's files, and is checked at load. */
class StudyPricesTest {
    private static final String BOOK = """
            {"name": "flat", "date": "2026-12-02", "currency": "USD",
             "gpus": {"H100": {"usd_per_hour": {"value": 10, "source": "test"}}},
             "memory": {"host_dram_usd_per_gb": {"value": null, "source": "included"},
               "cxl_usd_per_gb": {"value": 0, "source": "test"}, "cxl_usd_per_device": {"value": 0, "source": "test"},
               "amortisation_years": {"value": 3, "source": "test"}},
             "electricity": {"usd_per_kwh": {"value": 0.1, "source": "test"}, "pue": {"value": 1.2, "source": "test"},
               "billed": "none", "billed_source": "test"}}
            """;

    @TempDir
    Path dir;

    private Path study(String pricesKey) {
        String axes = "[{\"name\": \"cxl_bw\", \"path\": \"cxl_mem.mem_bw\", \"values\": [200]}]";
        Path plain = TestStudies.write(dir, "plain.json", axes);
        String text;
        try {
            text = java.nio.file.Files.readString(plain);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TestStudies.writeRaw(dir, "priced.json", text.replaceFirst("\\{", "{" + pricesKey));
    }

    @Test
    void aStudysPriceBookPricesEveryPoint() {
        TestStudies.writeRaw(dir, "book.json", BOOK);
        Study s = StudyLoader.load(study("\"prices\": \"book.json\","));
        PointResult r = new PointRunner(s.files(), "test").run(s.spec(0));
        assertTrue(r.error() == null, r.error());
        double gpuHours = r.metric(Metric.GPU_HOURS);
        assertEquals(2 * r.metric(Metric.SIMULATED_SECONDS) / 3600, gpuHours, 1e-12);
        assertEquals(10 * gpuHours, r.metric(Metric.COST_USD), 1e-12);
    }

    @Test
    void anotherPriceBookMakesOtherInputsSoRecordedPointsAreNotReused() {
        TestStudies.writeRaw(dir, "book.json", BOOK);
        Study priced = StudyLoader.load(study("\"prices\": \"book.json\","));
        Study plain = StudyLoader.load(dir.resolve("plain.json"));
        assertNotEquals(plain.spec(0).inputs(), priced.spec(0).inputs());
        Study overridden = StudyLoader.load(dir.resolve("plain.json"), dir.resolve("book.json"));
        assertEquals(priced.spec(0).inputs(), overridden.spec(0).inputs());
    }

    @Test
    void aMissingPriceBookIsRefusedAtLoadNamingTheKey() {
        InputException e = assertThrows(InputException.class,
                () -> StudyLoader.load(study("\"prices\": \"nope.json\",")));
        assertTrue(e.getMessage().startsWith("priced.json: prices: no such file: "), e.getMessage());
    }
}
