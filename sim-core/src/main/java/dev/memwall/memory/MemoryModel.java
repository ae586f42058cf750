package dev.memwall.memory;

import dev.memwall.input.InputException;

/** How off-GPU memory is modelled ({@code --memory-model}). */
public enum MemoryModel {
    /**
     * memwall's physics (DESIGN.md, "The physics"): transfers cross device and host link through a
     * prefetch window, off-GPU weights free HBM, KV may live off the GPU.
     */
    PHYSICAL,
    /**
     * LLMServingSim's model (reference §5): every weight load of an iteration issued at its start,
     * one FIFO per device, no host link, all weights charged to HBM, KV always in HBM.
     */
    LSS;

    /** The command-line spelling: {@code physical} or {@code lss}. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MemoryModel parse(String name, String where) {
        for (MemoryModel m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw InputException.at(where, "expected physical or lss (got '" + name + "')");
    }
}
