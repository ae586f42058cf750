package dev.memwall.workload;

import dev.memwall.input.InputException;

/** Holds a trace to non-decreasing arrivals, remembering the previous one to name it in the error. */
final class ArrivalOrder {
    private long prevNs = Long.MIN_VALUE;
    private String prevShown;
    private int prevLine;

    /**
     * Accepts arrival {@code ns} (written {@code shown} in the file) on physical line {@code line}.
     *
     * @throws InputException {@code <file>:<line>: <field>: must be >= <previous>, the arrival on
     *     line <k>: arrivals must be non-decreasing (got <shown>)}
     */
    void check(String file, int line, String field, long ns, String shown) {
        if (ns < prevNs) {
            throw InputException.at(file + ":" + line, field + ": must be >= " + prevShown + ", the arrival on line "
                    + prevLine + ": arrivals must be non-decreasing (got " + shown + ")");
        }
        prevNs = ns;
        prevShown = shown;
        prevLine = line;
    }
}
