package dev.memwall.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import java.util.List;

/** Validates a hardware file's tree into a {@link HardwareSpec}, converting to SI units. */
final class HardwareReader {
    private static final double GIGA = 1e9;
    private static final double TERA = 1e12;
    private static final String PCIE = "PCIe";

    private static final List<String> TOP_KEYS = List.of("name", "description", "memory_gb",
            "memory_bandwidth_gb_per_s", "bf16_dense_tflops", "fp8_dense_tflops", "sm_count", "host_link",
            "scale_up_link", "pcie_collective", "efficiency", "calibration", "board_power_w");
    private static final List<String> HOST_LINK_KEYS =
            List.of("kind", "generation", "lanes", "achievable_gb_per_s", "latency_ns");
    private static final List<String> SCALE_UP_KEYS = List.of("kind", "gb_per_s", "latency_ns");
    private static final List<String> COLLECTIVE_KEYS = List.of("bus_gb_per_s", "latency_ns");
    private static final List<String> CALIBRATION_KEYS = List.of("status", "against");
    /** Engine terms that hardware files used to carry. */
    private static final List<String> ENGINE_KEYS = List.of("iteration_overhead_us", "sequence_overhead_us",
            "prefill_kernel_overhead_us");
    /** Efficiency keys whose value is a fraction in (0, 1]. */
    private static final List<String> FRACTIONS = List.of("memory_bandwidth", "compute");
    /** Efficiency keys that are whole tile sizes. */
    private static final List<String> TILES = List.of("gemm_tile_m", "gemm_tile_n");

    private HardwareReader() {
    }

    /** Reads {@code root}, the top-level object of {@code file}, which must be named {@code name}. */
    static HardwareSpec read(JsonNode root, String name, String file) {
        JsonFields top = JsonFields.closed(root, "", file, TOP_KEYS);
        String declared = top.string("name");
        if (!declared.equals(name)) {
            throw top.error("name", "must match the file name '" + name + "' (got '" + declared + "')");
        }
        // Read in schema order so that errors come out in the order the files are written.
        String description = top.string("description");
        double memoryBytes = top.sourcedPositive("memory_gb") * GIGA;
        double bandwidth = top.sourcedPositive("memory_bandwidth_gb_per_s") * GIGA;
        double bf16 = top.sourcedPositive("bf16_dense_tflops") * TERA;
        double fp8 = fp8(top);
        int sms = (int) wholeAtLeastOne(top, "sm_count");
        HostLink host = hostLink(top.object("host_link", HOST_LINK_KEYS));
        ScaleUpLink scaleUp = scaleUpLink(top.object("scale_up_link", SCALE_UP_KEYS));
        HardwareSpec.CollectiveLink collective = top.isNull("pcie_collective") ? null
                : collective(top.object("pcie_collective", COLLECTIVE_KEYS));
        RooflineConstants constants = efficiency(top, file);
        HardwareSpec.Calibration calibration = calibration(top.object("calibration", CALIBRATION_KEYS));
        return new HardwareSpec(declared, description, memoryBytes, bandwidth, bf16, fp8, sms, host, scaleUp,
                collective, constants, calibration, boardPower(top));
    }

    private static RooflineConstants efficiency(JsonFields top, String file) {
        JsonNode node = top.required("efficiency");
        for (String old : ENGINE_KEYS) {
            if (node.has(old)) {
                throw InputException.at(file, top.pathOf("efficiency") + ": " + old + " is an engine term now: it"
                        + " moved to configs/engines/<engine>.json (see --engine)");
            }
        }
        JsonFields eff = top.object("efficiency", RooflineConstants.KEYS);
        double[] values = new double[RooflineConstants.KEYS.size()];
        for (int i = 0; i < values.length; i++) {
            String key = RooflineConstants.KEYS.get(i);
            if (FRACTIONS.contains(key)) {
                values[i] = eff.sourcedFraction(key);
            } else if (TILES.contains(key)) {
                values[i] = wholeAtLeastOne(eff, key);
            } else if (key.endsWith("_us")) {
                values[i] = eff.sourcedNonNegative(key);
            } else {
                values[i] = eff.sourcedPositive(key);
            }
        }
        return RooflineConstants.fromFileValues(values);
    }

    private static long wholeAtLeastOne(JsonFields f, String key) {
        double v = f.sourcedPositive(key);
        if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw f.sourcedError(key, "must be a whole number >= 1");
        }
        return (long) v;
    }

    private static HardwareSpec.Calibration calibration(JsonFields c) {
        String status = c.string("status");
        if (!status.equals("calibrated") && !status.equals("uncalibrated")) {
            throw c.error("status", "expected \"calibrated\" or \"uncalibrated\" (got \"" + status + "\")");
        }
        return new HardwareSpec.Calibration(status.equals("calibrated"), c.string("against"));
    }

    /** The optional {@code board_power_w}: NaN when absent or null, else > 0. */
    private static double boardPower(JsonFields top) {
        if (top.isNull("board_power_w")) {
            return Double.NaN;
        }
        double w = top.sourced("board_power_w", true);
        if (!Double.isNaN(w) && !(w > 0)) {
            throw top.sourcedError("board_power_w", "must be > 0, or null when not known");
        }
        return w;
    }

    private static double fp8(JsonFields top) {
        double tflops = top.sourced("fp8_dense_tflops", true);
        if (Double.isNaN(tflops)) {
            return Double.NaN;
        }
        if (!(tflops > 0)) {
            throw top.sourcedError("fp8_dense_tflops", "must be > 0, or null when the GPU has no FP8");
        }
        return tflops * TERA;
    }

    private static HostLink hostLink(JsonFields link) {
        String kind = link.string("kind");
        int generation = 0;
        int lanes = 0;
        if (kind.equals(PCIE)) {
            generation = link.positiveInt("generation");
            lanes = link.positiveInt("lanes");
        } else {
            // Only PCIe has generations and lanes; a number here means a kind typo.
            for (String key : List.of("generation", "lanes")) {
                if (!link.isNull(key)) {
                    throw link.error(key, "must be null for a " + kind + " link (only PCIe has one)");
                }
            }
        }
        return new HostLink(kind, generation, lanes,
                link.sourcedPositive("achievable_gb_per_s") * GIGA,
                Math.round(link.sourcedNonNegative("latency_ns")));
    }

    private static HardwareSpec.CollectiveLink collective(JsonFields link) {
        return new HardwareSpec.CollectiveLink(link.sourcedPositive("bus_gb_per_s") * GIGA,
                Math.round(link.sourcedNonNegative("latency_ns")));
    }

    private static ScaleUpLink scaleUpLink(JsonFields link) {
        String kind = link.nullableString("kind");
        if (kind == null) {
            for (String key : List.of("gb_per_s", "latency_ns")) {
                if (!Double.isNaN(link.sourced(key, true))) {
                    throw link.sourcedError(key, "must be null when kind is null (no scale-up link)");
                }
            }
            return ScaleUpLink.NONE;
        }
        return new ScaleUpLink(kind, link.sourcedPositive("gb_per_s") * GIGA,
                Math.round(link.sourcedNonNegative("latency_ns")));
    }
}
