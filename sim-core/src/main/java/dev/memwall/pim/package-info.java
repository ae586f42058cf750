/**
 * Processing-in-memory (PIM) attention offload, as LLMServingSim models it
 * ({@code --enable-attn-offloading}, {@code --enable-sub-batch-interleaving}, a node's
 * {@code cpu_mem.pim_config}): the PIM device read from its DRAMSim3-style ini ({@link PimSpec},
 * {@link PimIniReader}), what decode attention costs on it ({@link PimAttentionCost}: LLMServingSim's
 * calibrated linear model in {@code lss} mode, {@link LinearPimAttention}; the device's channel
 * bandwidth in the physical model, {@link BandwidthPimAttention}), and the iteration-time backends
 * that move decode attention off the GPU ({@link PimAttentionTimeModel}) and overlap two half
 * batches on GPU and PIM ({@link InterleavedPimTimeModel}). Depends on {@code hardware} and
 * {@code model}; {@code serving} wires it in.
 */
package dev.memwall.pim;
