/**
 * Memory devices and links with their bandwidth accumulators ({@link dev.memwall.memory.MemorySystem}:
 * HBM per instance, host DRAM and a network link per node, CXL devices, each GPU's host link),
 * transfer paths (striped over devices, across a link), the iteration timeline of off-GPU weights
 * and KV ({@link dev.memwall.memory.OffloadTimeline}, in the physical or LLMServingSim
 * {@link dev.memwall.memory.MemoryModel}), placement resolution, and the KV block pool with its
 * second prefix tier. Primitive arrays throughout: nothing here allocates on the loop's path.
 */
package dev.memwall.memory;
