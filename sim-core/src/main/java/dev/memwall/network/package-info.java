/**
 * Collectives and point-to-point messages between GPUs: how long a tensor-parallel all-reduce, an
 * expert-parallel all-gather or reduce-scatter, or a pipeline hop takes. {@link AstraSimAnalytical}
 * times them as LLMServingSim's ASTRA-Sim analytical backend does (for {@code --memory-model lss}).
 */
package dev.memwall.network;
