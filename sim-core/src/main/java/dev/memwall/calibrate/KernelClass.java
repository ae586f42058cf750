package dev.memwall.calibrate;

/** The kernel classes a fit reports residuals for, each timed by one {@code KernelCosts} formula. */
public enum KernelClass {
    /** Projections (qkv, o, gate_up, down and their unfused parts): GEMMs over the scheduled tokens. */
    GEMM("gemm"),
    /** The logits GEMM, over the sampled sequences. */
    LM_HEAD("lm_head"),
    /** Norms, rotary embedding, embedding gather. */
    ELEMENTWISE("elementwise"),
    /** The activation function. */
    ACTIVATION("activation"),
    /** Attention of a batch with prefills and no decodes. */
    ATTENTION_PREFILL("attention prefill"),
    /** Attention of a pure-decode batch. */
    ATTENTION_DECODE("attention decode"),
    /** Attention of a batch with prefills and decodes. */
    ATTENTION_MIXED("attention mixed"),
    /** The engine's sampler, over the sampled sequences. */
    SAMPLER("sampler");

    private final String label;

    KernelClass(String label) {
        this.label = label;
    }

    /** How reports name the class. */
    public String label() {
        return label;
    }

    /** True for the three attention classes. */
    public boolean attention() {
        return this == ATTENTION_PREFILL || this == ATTENTION_DECODE || this == ATTENTION_MIXED;
    }
}
