/**
 * Plots of a sweep's {@code points.csv}, drawn with XChart as PNG beside it: TPOT against CXL
 * bandwidth, a TPOT p99 heatmap over CXL latency and bandwidth, throughput against arrival rate.
 */
package dev.memwall.plot;
