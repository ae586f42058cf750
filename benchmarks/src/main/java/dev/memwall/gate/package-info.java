/**
 * The regression gates behind the {@code gate} tool: model outputs of fixed-seed scenarios against
 * the golden summaries in {@code results/golden/} ({@link dev.memwall.gate.GoldenScenarios},
 * {@link dev.memwall.gate.GoldenComparison}); engine wall time, either interleaved A/B runs of two
 * builds judged by the interval of their median time ratio ({@link dev.memwall.gate.AbGate},
 * {@link dev.memwall.gate.AbRunner}, {@link dev.memwall.gate.AbComparison},
 * {@link dev.memwall.gate.RatioInterval}) or a stored JMH result's samples against the baseline
 * in {@code results/baseline/} ({@link dev.memwall.gate.WallTimeGate}); and a warmed simulation
 * allocating 0 bytes ({@link dev.memwall.gate.AllocationProbe}, also sim-core's
 * {@code AllocationFreeLoopTest}).
 */
package dev.memwall.gate;
