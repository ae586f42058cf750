/**
 * Model architecture: HuggingFace {@code config.json} subsets ({@link dev.memwall.model.ModelCatalog},
 * {@link dev.memwall.model.ModelConfig}) and the per-rank layer table with bytes and FLOPs per
 * layer, KV bytes per token and tensor-parallel sharding ({@link dev.memwall.model.ModelShape}).
 *
 * <p>Layer names are LLMServingSim's canonical names from {@code profiler/models/llama.yaml}
 * (which mirror vLLM's attribute names), because its profile tables ({@code dense.csv}) are keyed
 * by them: {@code embedding}; per block {@code layernorm, qkv_proj, rotary_emb, attention,
 * o_proj, layernorm, gate_up_proj, act_fn, down_proj} (or {@code moe} for the last three in MoE
 * models); then {@code final_layernorm, lm_head}. Both per-block norms are called
 * {@code layernorm} (not HF's {@code input_layernorm} / {@code post_attention_layernorm}), as
 * there. Qwen3 adds {@code qk_norm} after {@code qkv_proj}, as its profile tables do.
 * LLMServingSim's {@code sampler} has no weights and no architecture-dependent cost, so it is
 * not a layer here; it belongs to the per-iteration overhead.
 */
package dev.memwall.model;
