package dev.memwall.gate;

/**
 * JMH scores as seconds per operation, so that a time per op ({@code ns/op}) and a rate
 * ({@code ops/s}) compare the same way: larger is slower.
 */
final class OpTime {
    private OpTime() {
    }

    /** {@code value} in {@code unit} as seconds per op; NaN for a unit that is neither a time per op nor a rate. */
    static double secondsPerOp(String unit, double value) {
        if (unit.endsWith("/op")) {
            return value * secondsIn(unit.substring(0, unit.length() - 3));
        }
        if (unit.startsWith("ops/")) {
            return secondsIn(unit.substring(4)) / value;
        }
        return Double.NaN;
    }

    /** Seconds in one of JMH's time-unit abbreviations; NaN for anything else. */
    private static double secondsIn(String unit) {
        switch (unit) {
            case "ns":
                return 1e-9;
            case "us":
            case "\u00b5s":
                return 1e-6;
            case "ms":
                return 1e-3;
            case "s":
                return 1;
            case "min":
                return 60;
            case "hr":
                return 3600;
            case "day":
                return 86400;
            default:
                return Double.NaN;
        }
    }
}
