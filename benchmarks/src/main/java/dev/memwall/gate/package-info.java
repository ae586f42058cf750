/**
 * The regression gates behind the {@code gate} tool: model outputs of fixed-seed scenarios against
 * the golden summaries in {@code results/golden/} ({@link dev.memwall.gate.GoldenScenarios},
 * {@link dev.memwall.gate.GoldenComparison}), and engine wall time, a JMH JSON result against the
 * baseline in {@code results/baseline/} ({@link dev.memwall.gate.WallTimeGate}). The third check,
 * a warmed simulation allocating 0 bytes, is sim-core's {@code AllocationFreeLoopTest}.
 */
package dev.memwall.gate;
