package dev.memwall.cost;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.memwall.power.Energy;

/**
 * The cost of a run under a price book: GPUs for the time they were held, bought memory
 * amortised over that time (straight line: price over the amortisation period in seconds, times
 * the run's seconds), and billed energy at the facility's PUE.
 */
public final class CostModel {
    private static final double SECONDS_PER_HOUR = 3600;
    private static final double SECONDS_PER_YEAR = 8760 * SECONDS_PER_HOUR;
    private static final double JOULES_PER_KWH = 3.6e6;

    private CostModel() {
    }

    /**
     * Prices {@code in} with {@code book}.
     *
     * @throws dev.memwall.input.InputException when the book has no entry for a GPU the run used
     */
    public static Cost cost(PriceBook book, CostInputs in) {
        double hours = in.seconds() / SECONDS_PER_HOUR;
        double gpuHours = 0;
        double gpu = 0;
        for (CostInputs.Gpus g : in.gpus()) {
            gpuHours += g.count() * hours;
            gpu += g.count() * hours * book.gpuUsdPerHour(g.hardware(), g.where());
        }
        double share = in.seconds() / (book.amortisationYears() * SECONDS_PER_YEAR);
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("gpu", gpu);
        c.put("host_dram", Double.isNaN(book.hostDramUsdPerGb()) ? 0 : in.hostDramGib() * book.hostDramUsdPerGb() * share);
        c.put("cxl_memory", in.cxlDevices() * (book.cxlUsdPerDevice() + in.cxlGibPerDevice() * book.cxlUsdPerGb()) * share);
        c.put("electricity", billedJoules(book.billed(), in.energy()) / JOULES_PER_KWH * book.pue() * book.usdPerKwh());
        return new Cost(book.name(), gpuHours, c);
    }

    private static double billedJoules(PriceBook.Billed billed, Energy e) {
        return switch (billed) {
            case ALL -> e.totalJoules();
            case NONE -> 0;
            case CXL -> e.components().entrySet().stream().filter(x -> x.getKey().startsWith("cxl:"))
                    .mapToDouble(Map.Entry::getValue).sum();
        };
    }
}
