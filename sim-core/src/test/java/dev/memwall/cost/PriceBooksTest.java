package dev.memwall.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;

/** Price books: the shipped ones, the packaged default, and every kind of bad one. */
class PriceBooksTest {
    static final String BOOK = """
            {"name": "test", "date": "2026-12-02", "currency": "USD",
             "gpus": {"H100": {"usd_per_hour": {"value": 3.0, "source": "test"}},
                      "B200": {"capex_usd": {"value": 52560, "source": "test"},
                               "amortisation_years": {"value": 2, "source": "test"}}},
             "memory": {"host_dram_usd_per_gb": {"value": 5, "source": "test"},
               "cxl_usd_per_gb": {"value": 7, "source": "test"}, "cxl_usd_per_device": {"value": 1000, "source": "test"},
               "amortisation_years": {"value": 3, "source": "test"}},
             "electricity": {"usd_per_kwh": {"value": 0.1, "source": "test"}, "pue": {"value": 1.5, "source": "test"},
               "billed": "all", "billed_source": "test"}}
            """;

    static PriceBook read(String json) throws IOException {
        return PriceBooks.read(new ObjectMapper().readTree(json), "prices.json");
    }

    static Stream<Path> shippedBooks() throws IOException {
        try (Stream<Path> s = Files.list(RepoPaths.root().resolve("configs/prices"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedBooks")
    void everyShippedBookReadsAndHasAnEntryForEveryShippedGpu(Path book) throws IOException {
        PriceBook b = PriceBooks.load(book);
        try (Stream<Path> hw = Files.list(RepoPaths.root().resolve("configs/hardware"))) {
            hw.forEach(h -> {
                String name = h.getFileName().toString().replace(".json", "");
                assertTrue(b.gpuUsdPerHour().containsKey(name), book + " lacks " + name);
            });
        }
        assertTrue(b.gpuUsdPerHour("H100", "test") > 0);
    }

    @Test
    void thePackagedDefaultIsTheShippedDefaultBook() {
        PriceBook shipped = PriceBooks.load(RepoPaths.root().resolve("configs/prices/" + PriceBooks.DEFAULT_NAME));
        PriceBook packaged = PriceBooks.builtIn();
        assertEquals(shipped.name(), packaged.name());
        assertEquals(shipped.gpuUsdPerHour(), packaged.gpuUsdPerHour());
        assertEquals(shipped.cxlUsdPerGb(), packaged.cxlUsdPerGb());
        assertEquals(PriceBook.Billed.CXL, packaged.billed());
    }

    @Test
    void aBoughtGpuCostsItsPriceOverItsAmortisationHours() throws IOException {
        // $52,560 over 2 years of 8,760 h: $3 an hour.
        assertEquals(3.0, read(BOOK).gpuUsdPerHour("B200", "test"), 1e-12);
    }

    @Test
    void aGpuTheBookDoesNotListIsBadInputNamingTheBookAndTheUser() throws IOException {
        InputException e = assertThrows(InputException.class, () -> read(BOOK).gpuUsdPerHour("A100",
                "c.json: nodes[0].instances[0]"));
        assertEquals("prices.json: gpus: no price for hardware 'A100' (used by c.json: nodes[0].instances[0]); add it"
                + " (\"value\": null leaves it unpriced)", e.getMessage());
    }

    static Stream<String[]> badBooks() {
        return Stream.of(
                new String[] {"\"currency\": \"USD\"", "\"currency\": \"EUR\"", "prices.json: currency: must be USD"},
                new String[] {"\"usd_per_hour\": {\"value\": 3.0, \"source\": \"test\"}",
                    "\"usd_per_hour\": {\"value\": 3.0}", "prices.json: gpus.H100.usd_per_hour: missing required key 'source'"},
                new String[] {"\"usd_per_hour\": {\"value\": 3.0, \"source\": \"test\"}",
                    "\"usd_per_hour\": {\"value\": 3.0, \"source\": \"test\"}, \"capex_usd\": {\"value\": 1, \"source\": \"t\"}",
                    "prices.json: gpus.H100.usd_per_hour: give exactly one of usd_per_hour"},
                new String[] {"\"pue\": {\"value\": 1.5", "\"pue\": {\"value\": 0.8",
                    "prices.json: electricity.pue.value: must be >= 1 (got 0.8)"},
                new String[] {"\"billed\": \"all\"", "\"billed\": \"some\"",
                    "prices.json: electricity.billed: must be all, cxl or none"},
                new String[] {"\"memory\"", "\"memroy\"", "prices.json: unknown key 'memroy' (did you mean 'memory'?)"});
    }

    @ParameterizedTest
    @MethodSource("badBooks")
    void aBadBookIsOneLineNamingTheFileAndJsonPath(String from, String to, String expected) {
        InputException e = assertThrows(InputException.class, () -> read(BOOK.replace(from, to)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
