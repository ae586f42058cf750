package dev.memwall.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import dev.memwall.bench.support.SimMetrics;

/**
 * Reports the simulated distributions a benchmark posted to {@link SimMetrics} (TPOT, TTFT and
 * ITL percentiles in ms, simulated output tokens/s) as JMH secondary results with average
 * aggregation: a percentile of one iteration's run is a level, not a count, so summing it over
 * iterations as {@code @AuxCounters} would is wrong. Benchmarks that post nothing get nothing.
 *
 * <p>{@code benchmarks.jar} adds {@code -prof dev.memwall.bench.SimMetricsProfiler} to every JMH
 * run (see {@link JmhDefaults}).
 */
public final class SimMetricsProfiler implements InternalProfiler {
    @Override
    public String getDescription() {
        return "memwall: simulated TPOT/TTFT/ITL percentiles and tokens/s of simulation benchmarks";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        SimMetrics.clear();
    }

    /** JMH's interface declares the raw {@code Result}; the results are all {@link ScalarResult}s. */
    @Override
    @SuppressWarnings("rawtypes")
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        List<ScalarResult> out = new ArrayList<>();
        for (SimMetrics.Posted m : SimMetrics.take()) {
            out.add(new ScalarResult(m.label(), m.value(), m.unit(), AggregationPolicy.AVG));
        }
        return out;
    }
}
