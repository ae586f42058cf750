/**
 * The {@code compare} report: PNG plots drawn with XChart from the runs of a
 * {@link dev.memwall.compare.Comparison}, and {@code report.md} and a self-contained
 * {@code report.html} (the plots inlined as data URIs) around the comparison's table and verdict.
 */
package dev.memwall.report;
