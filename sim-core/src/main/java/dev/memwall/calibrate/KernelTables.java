package dev.memwall.calibrate;

import java.util.List;

/**
 * The kernel samples read from one table set (a bundle, or a legacy model folder).
 *
 * @param hardware the GPU the tables were measured on, as the tables name it
 * @param model the model, e.g. {@code meta-llama/Llama-3.1-8B}
 * @param description what the data is, for source strings, e.g.
 *     {@code LLMServingSim bundle RTXPRO6000 meta-llama/Llama-3.1-8B bf16 tp1+tp2 (vLLM 0.19.0)}
 * @param legacy true for LLMServingSim's legacy HuggingFace-eager tables, whose per-layer fixed
 *     costs are not vLLM's (see {@link RooflineFit})
 * @param samples every sample
 * @param skipped rows of layers memwall does not model (MoE experts), by layer name and count
 */
public record KernelTables(String hardware, String model, String description, boolean legacy,
        List<KernelSample> samples, List<String> skipped) {
}
