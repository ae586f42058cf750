package dev.memwall.serving;

/** What an instance does with a request ({@code pd_type}): all of it, or one side of a P/D split. */
enum InstanceRole {
    /** Prefill and decode ({@code pd_type} null). */
    COLOCATED,
    /** Computes prompts; hands each request, with its KV, to a decode instance after its prompt. */
    PREFILL,
    /** Takes requests whose prompt a prefill instance computed and generates their tokens. */
    DECODE;

    static InstanceRole of(String pdType) {
        if (pdType == null) {
            return COLOCATED;
        }
        return pdType.equals(dev.memwall.config.InstanceConfig.PREFILL) ? PREFILL : DECODE;
    }

    /** Whether arrivals may be routed to it. */
    boolean takesArrivals() {
        return this != DECODE;
    }
}
