/**
 * Capacity planning: for each candidate cluster (a study's grid points, or cluster configs), the
 * highest arrival rate whose run meets an SLO, found by bracketing and bisection on the sweep
 * machinery (any {@link dev.memwall.sweep.PointExecutor}, a resumable journal of probes), then
 * what a million tokens cost at that rate, ranked, and the cheapest candidate that reaches a
 * target rate.
 */
package dev.memwall.plan;
