package dev.memwall.cost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.input.JsonFiles;

/**
 * Reads price books:
 * <pre>
 * {
 *   "name": "cloud-specialty-2026", "description": "...", "date": "2026-12-02", "currency": "USD",
 *   "gpus": {"H100": {"usd_per_hour": {"value": 3.0, "source": "..."}},
 *            "X":    {"capex_usd": {...}, "amortisation_years": {...}}},      bought instead of rented
 *   "memory": {"host_dram_usd_per_gb": {...}, "cxl_usd_per_gb": {...}, "cxl_usd_per_device": {...},
 *              "amortisation_years": {...}},
 *   "electricity": {"usd_per_kwh": {...}, "pue": {...}, "billed": "all" | "cxl" | "none",
 *                   "billed_source": "..."}
 * }
 * </pre>
 * A GPU's or host DRAM's {@code "value": null} means unpriced (GPU) or included in the GPU-hour
 * price (host DRAM). Every error names the file and the JSON path.
 */
public final class PriceBooks {
    /** The book every result is priced with unless told otherwise ({@code configs/prices/}). */
    public static final String DEFAULT_NAME = "cloud-specialty-2026.json";
    private static final String RESOURCE = "/dev/memwall/cost/" + DEFAULT_NAME;
    private static final List<String> TOP_KEYS =
            List.of("name", "description", "date", "currency", "gpus", "memory", "electricity");
    private static final List<String> GPU_KEYS = List.of("usd_per_hour", "capex_usd", "amortisation_years");
    private static final List<String> MEMORY_KEYS =
            List.of("host_dram_usd_per_gb", "cxl_usd_per_gb", "cxl_usd_per_device", "amortisation_years");
    private static final List<String> ELECTRICITY_KEYS = List.of("usd_per_kwh", "pue", "billed", "billed_source");
    private static final double HOURS_PER_YEAR = 8760;
    private static volatile PriceBook builtIn;

    private PriceBooks() {
    }

    /** Reads the price book in {@code file}. */
    public static PriceBook load(Path file) {
        return read(JsonFiles.readObject(file), file.toString());
    }

    /** memwall's default price book, {@code configs/prices/cloud-specialty-2026.json}, as packaged. */
    public static PriceBook builtIn() {
        PriceBook b = builtIn;
        if (b == null) {
            try (InputStream in = PriceBooks.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the default price book is not on the class path: " + RESOURCE);
                }
                String shownAs = "configs/prices/" + DEFAULT_NAME;
                b = read(JsonFiles.parse(shownAs, in.readAllBytes()), shownAs);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the default price book", e);
            }
            builtIn = b;
        }
        return b;
    }

    /** Reads a price book's tree; {@code file} names it in errors. */
    public static PriceBook read(JsonNode root, String file) {
        JsonFields top = JsonFields.closed(root, "", file, TOP_KEYS);
        String name = top.string("name");
        top.optionalString("description");
        top.string("date");
        if (!top.string("currency").equals("USD")) {
            throw top.error("currency", "must be USD (got " + root.get("currency") + ")");
        }
        Map<String, Double> gpus = gpus(top, root.get("gpus"), file);
        JsonFields mem = top.object("memory", MEMORY_KEYS);
        double hostDram = nonNegativeOrNull(mem, "host_dram_usd_per_gb");
        double cxlPerGb = mem.sourcedNonNegative("cxl_usd_per_gb");
        double cxlPerDevice = mem.sourcedNonNegative("cxl_usd_per_device");
        double years = mem.sourcedPositive("amortisation_years");
        JsonFields el = top.object("electricity", ELECTRICITY_KEYS);
        double perKwh = el.sourcedNonNegative("usd_per_kwh");
        double pue = el.sourced("pue", false);
        if (!(pue >= 1)) {
            throw el.sourcedError("pue", "must be >= 1");
        }
        PriceBook.Billed billed = switch (el.string("billed")) {
            case "all" -> PriceBook.Billed.ALL;
            case "cxl" -> PriceBook.Billed.CXL;
            case "none" -> PriceBook.Billed.NONE;
            default -> throw el.error("billed", "must be all, cxl or none (got " + root.path("electricity")
                    .get("billed") + ")");
        };
        el.string("billed_source");
        return new PriceBook(name, file, gpus, hostDram, cxlPerGb, cxlPerDevice, years, perKwh, pue, billed);
    }

    private static Map<String, Double> gpus(JsonFields top, JsonNode node, String file) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw top.error("gpus", "must be an object of hardware name to price (got " + node + ")");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw top.error("gpus." + e.getKey(), "must be an object (got " + e.getValue() + ")");
            }
            JsonFields g = JsonFields.closed(e.getValue(), "gpus." + e.getKey(), file, GPU_KEYS);
            out.put(e.getKey(), hourly(g));
        }
        return out;
    }

    /** Rented: {@code usd_per_hour}; bought: {@code capex_usd} over {@code amortisation_years}. */
    private static double hourly(JsonFields g) {
        boolean rented = g.has("usd_per_hour");
        if (rented == g.has("capex_usd")) {
            throw g.error("usd_per_hour", "give exactly one of usd_per_hour (rented) or capex_usd with"
                    + " amortisation_years (bought)");
        }
        if (rented) {
            if (g.has("amortisation_years")) {
                throw g.error("amortisation_years", "only a bought GPU (capex_usd) is amortised");
            }
            return nonNegativeOrNull(g, "usd_per_hour");
        }
        double capex = nonNegativeOrNull(g, "capex_usd");
        return capex / (g.sourcedPositive("amortisation_years") * HOURS_PER_YEAR);
    }

    private static double nonNegativeOrNull(JsonFields f, String key) {
        double v = f.sourced(key, true);
        if (!Double.isNaN(v) && v < 0) {
            throw f.sourcedError(key, "must be >= 0, or null");
        }
        return v;
    }
}
