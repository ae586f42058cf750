/**
 * The serving cluster: {@link dev.memwall.serving.ClusterBuilder} builds it in phases from a
 * config and options; {@link dev.memwall.serving.ClusterSimulation} runs it on the engine's event
 * loop. Each instance is a scheduler (vLLM V1) over a KV cache manager, and an iteration runner
 * that times its batches from the hardware's time model and the memory system. The router spreads
 * arrivals. See {@code docs/architecture.md}.
 */
package dev.memwall.serving;
