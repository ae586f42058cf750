package dev.memwall.serving;

import dev.memwall.input.InputException;

/** The second prefix-cache tier ({@code --prefix-storage}), LLMServingSim's names. */
public enum PrefixStorage {
    /** No second tier: prefixes evicted from HBM are gone. */
    NONE,
    /** The node's host DRAM ({@code cpu_mem}), private to each instance, its whole capacity. */
    CPU,
    /** CXL device {@code cxl:0}, private to each instance, one device's capacity (as LLMServingSim sizes it). */
    CXL;

    public static PrefixStorage parse(String name, String where) {
        for (PrefixStorage p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw InputException.at(where, "expected None, CPU or CXL (got '" + name + "')");
    }
}
