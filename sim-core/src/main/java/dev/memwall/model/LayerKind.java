package dev.memwall.model;

/** What a row of the layer table does; decides how its time is computed. */
public enum LayerKind {
    /** Token-id lookup: reads one row per token, no FLOPs. */
    EMBEDDING,
    /** RMSNorm (also Qwen3's per-head q/k norm). */
    NORM,
    /** A dense GEMM against a weight matrix. */
    LINEAR,
    /** Rotary position embedding applied to q and k. */
    ROTARY,
    /** Attention proper (QK^T, softmax, AV): cost depends on context, not on weights. */
    ATTENTION,
    /** SiLU-and-multiply between gate_up and down. */
    ACTIVATION,
    /** Mixture-of-experts FFN: router gate plus the routed experts. */
    MOE,
    /** Output projection to vocabulary logits. */
    LM_HEAD
}
