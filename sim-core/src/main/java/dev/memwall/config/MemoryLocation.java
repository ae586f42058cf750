package dev.memwall.config;

import dev.memwall.input.JsonFields;
import dev.memwall.input.InputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A parsed placement value: {@code npu} (the instance's own HBM), {@code cpu} (its node's host
 * memory), {@code cxl:<i>} (one CXL device), or the memwall extensions {@code cxl:0+1+2} (striped
 * over the listed devices) and {@code cxl:*} (striped over all devices).
 *
 * @param kind the tier
 * @param cxlDevices CXL device ids, ascending and distinct; empty unless {@code kind} is CXL. The
 *     array is copied in and out, so instances are immutable
 */
public record MemoryLocation(Kind kind, int[] cxlDevices) {

    /** Memory tiers a placement can name. */
    public enum Kind {
        NPU, CPU, CXL
    }

    private static final String FORMS = "npu, cpu, cxl:<i>, cxl:<i>+<j>+... or cxl:*";

    /** The instance's own HBM. */
    public static final MemoryLocation NPU = new MemoryLocation(Kind.NPU, new int[0]);
    /** The node's host memory. */
    public static final MemoryLocation CPU = new MemoryLocation(Kind.CPU, new int[0]);

    public MemoryLocation {
        cxlDevices = cxlDevices.clone();
        if ((kind == Kind.CXL) == (cxlDevices.length == 0)) {
            throw new IllegalArgumentException("CXL locations, and only they, name devices");
        }
    }

    @Override
    public int[] cxlDevices() {
        return cxlDevices.clone();
    }

    /** True for the instance's own HBM. */
    public boolean onGpu() {
        return kind == Kind.NPU;
    }

    /**
     * Parses a placement value.
     *
     * @param value the string from the config
     * @param cxlDeviceCount {@code cxl_mem.num_devices}, 0 when the config has no {@code cxl_mem}
     * @param where the message prefix naming file and JSON path, e.g.
     *     {@code cluster.json: nodes[0].instances[0].placement.default.weights}
     * @throws InputException when the value is malformed or names a device that does not exist
     */
    public static MemoryLocation parse(String value, int cxlDeviceCount, String where) {
        if (value.equals("npu")) {
            return NPU;
        }
        if (value.equals("cpu")) {
            return CPU;
        }
        if (!value.startsWith("cxl:")) {
            throw malformed(value, where);
        }
        String ids = value.substring("cxl:".length());
        int[] devices = ids.equals("*") ? null : parseIds(value, ids, where);
        if (cxlDeviceCount == 0) {
            throw InputException.at(where, JsonFields.escape(value)
                    + " names a CXL device but the config has no cxl_mem section");
        }
        if (devices == null) {
            devices = new int[cxlDeviceCount];
            Arrays.setAll(devices, i -> i);
        }
        for (int id : devices) {
            if (id >= cxlDeviceCount) {
                throw InputException.at(where, "cxl:" + id + " does not exist: cxl_mem.num_devices is "
                        + cxlDeviceCount + " (ids 0.." + (cxlDeviceCount - 1) + ")");
            }
        }
        return new MemoryLocation(Kind.CXL, devices);
    }

    /** Device ids of {@code "0+1+2"}, sorted; a repeated id is an error (it would not add bandwidth). */
    private static int[] parseIds(String value, String ids, String where) {
        String[] parts = ids.split("\\+", -1);
        int[] devices = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            // at most 9 digits so the id fits an int; real configs have a handful of devices
            if (!parts[k].matches("[0-9]{1,9}")) {
                throw malformed(value, where);
            }
            devices[k] = Integer.parseInt(parts[k]);
        }
        Arrays.sort(devices);
        for (int k = 1; k < devices.length; k++) {
            if (devices[k] == devices[k - 1]) {
                throw InputException.at(where, "cxl:" + devices[k] + " is listed twice in "
                        + JsonFields.quote(value));
            }
        }
        return devices;
    }

    private static InputException malformed(String value, String where) {
        return InputException.at(where, "expected " + FORMS + " (got " + JsonFields.quote(value) + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryLocation other && kind == other.kind
                && Arrays.equals(cxlDevices, other.cxlDevices);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(cxlDevices);
    }

    /** The canonical config form: {@code npu}, {@code cpu}, {@code cxl:2}, {@code cxl:0+1+2+3}. */
    @Override
    public String toString() {
        if (kind != Kind.CXL) {
            return kind.name().toLowerCase(Locale.ROOT);
        }
        StringBuilder b = new StringBuilder("cxl:");
        for (int k = 0; k < cxlDevices.length; k++) {
            b.append(k == 0 ? "" : "+").append(cxlDevices[k]);
        }
        return b.toString();
    }
}
