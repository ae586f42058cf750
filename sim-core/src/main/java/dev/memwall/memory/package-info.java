/**
 * Memory devices and the KV block pool. For now the KV cache of each instance lives in its HBM;
 * the tiers (host DRAM, CXL) and bandwidth accumulators come with the memory-tiers issue.
 */
package dev.memwall.memory;
