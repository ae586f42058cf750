package dev.memwall.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.memwall.input.InputException;

/**
 * A price book: what a GPU-hour costs per GPU model (rented, or bought and amortised), what memory
 * added to a server costs (host DRAM and CXL expanders, amortised), and what energy costs. Read by
 * {@link PriceBooks}; every number in the file carries its source. NaN marks a price the book does
 * not know ({@code "value": null}): runs that need it report no cost.
 *
 * @param name               the book's {@code name}
 * @param file               where it was read from, for messages
 * @param gpuUsdPerHour      per hardware name, dollars per GPU-hour
 * @param hostDramUsdPerGb   host DRAM bought per GB (GiB of capacity), NaN when included in the GPU-hour price
 * @param cxlUsdPerGb        CXL memory per GB (GiB of capacity)
 * @param cxlUsdPerDevice    each CXL device's controller and board
 * @param amortisationYears  over how long bought memory is paid off
 * @param usdPerKwh          electricity
 * @param pue                facility power over IT power
 * @param billed             whose energy is billed
 */
public record PriceBook(String name, String file, Map<String, Double> gpuUsdPerHour, double hostDramUsdPerGb,
        double cxlUsdPerGb, double cxlUsdPerDevice, double amortisationYears, double usdPerKwh, double pue,
        Billed billed) {

    /** Whose energy a run pays for. */
    public enum Billed {
        /** Every component: GPUs, host, memory (the servers are owned). */
        ALL,
        /** Only the CXL devices added to rented servers, whose hourly price includes their own power. */
        CXL,
        /** None: energy is in the prices. */
        NONE
    }

    public PriceBook {
        gpuUsdPerHour = Collections.unmodifiableMap(new LinkedHashMap<>(gpuUsdPerHour));
    }

    /**
     * Dollars per hour of one {@code hardware} GPU; NaN when the book leaves it unpriced.
     *
     * @param where names the config that uses it, for the error when the book has no entry
     * @throws InputException when the book has no entry for {@code hardware}
     */
    public double gpuUsdPerHour(String hardware, String where) {
        Double price = gpuUsdPerHour.get(hardware);
        if (price == null) {
            throw new InputException(file + ": gpus: no price for hardware '" + hardware + "' (used by " + where
                    + "); add it (\"value\": null leaves it unpriced)");
        }
        return price;
    }
}
