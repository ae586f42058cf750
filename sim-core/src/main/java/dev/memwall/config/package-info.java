/**
 * The cluster config: LLMServingSim's cluster JSON read exactly as LLMServingSim reads it, plus a
 * few memwall extensions ({@code cxl:0+1} and {@code cxl:*} striping, {@code interleave_efficiency},
 * {@code host_link}). {@link dev.memwall.config.ClusterConfigLoader} validates everything and names
 * the file and JSON path of every bad value; {@link dev.memwall.config.SupportCheck} refuses what is
 * parsed but not yet simulated. Units: capacities in GiB ("GB" = 1024^3 bytes), bandwidths in GB/s
 * (1e9 bytes per second), latencies in ns.
 */
package dev.memwall.config;
