package dev.memwall.serving;

/**
 * The argument of an iteration event: which stage of which instance it is for, packed in one
 * {@code int} so the event heap stays primitive. Stage 0 is an unpipelined instance's only stage.
 */
final class StageAddress {
    /** Bits for the stage: up to 256 pipeline stages per instance. */
    private static final int STAGE_BITS = 8;
    private static final int STAGE_MASK = (1 << STAGE_BITS) - 1;
    /** Most instances a cluster may have so that every address fits. */
    static final int MAX_INSTANCES = Integer.MAX_VALUE >>> STAGE_BITS;
    /** Most stages an instance may have. */
    static final int MAX_STAGES = 1 << STAGE_BITS;

    private StageAddress() {
    }

    static int of(int instance, int stage) {
        return (instance << STAGE_BITS) | stage;
    }

    static int instance(int address) {
        return address >>> STAGE_BITS;
    }

    static int stage(int address) {
        return address & STAGE_MASK;
    }
}
