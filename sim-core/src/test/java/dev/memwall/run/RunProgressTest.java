package dev.memwall.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.memwall.result.Metric;
import dev.memwall.result.RunResult;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.testing.RepoPaths;

/**
 * A {@code simulate} run tells a progress listener the trace's request count up front, then how
 * far it has got at every heartbeat, and prints no heartbeat lines while it does.
 */
class RunProgressTest {
    /** Everything a run told it, in order. */
    private static final class Recording implements RunProgress {
        final List<Long> totals = new ArrayList<>();
        final List<long[]> points = new ArrayList<>();
        int finishedCalls;

        @Override
        public void started(long totalRequests) {
            totals.add(totalRequests);
        }

        @Override
        public void at(long simulatedNs, long finishedRequests) {
            points.add(new long[] {simulatedNs, finishedRequests});
        }

        @Override
        public void finished() {
            finishedCalls++;
        }
    }

    private static SimulateJob.Inputs poisson200(long heartbeatNs) {
        return poisson200(heartbeatNs, "cluster/single_node_single_instance.json");
    }

    private static SimulateJob.Inputs poisson200(long heartbeatNs, String config) {
        SimulationOptions options = SimulationOptions.defaults().toBuilder().modelsDir(RepoPaths.models())
                .hardwareDir(RepoPaths.hardware()).heartbeatIntervalNs(heartbeatNs).build();
        return new SimulateJob.Inputs(RepoPaths.configs().resolve(config),
                RepoPaths.root().resolve("workloads/example-poisson-200.jsonl"), null, 0, options, null, null, null,
                true);
    }

    @Test
    void aProgressListenerHearsTheTraceSizeThenEveryRequestFinishInOrder() {
        Recording progress = new Recording();
        StringWriter log = new StringWriter();
        RunResult result = SimulateJob.run(poisson200(100_000_000L), new PrintWriter(log), false, progress);

        assertEquals(List.of(200L), progress.totals, "the trace's 200 requests, counted before the run");
        assertEquals(1, progress.finishedCalls);
        assertTrue(progress.points.size() > 10, "a report every 100 ms of simulated time: " + progress.points.size());
        long[] last = progress.points.get(progress.points.size() - 1);
        assertEquals(200, last[1], "every request finished by the last report");
        assertEquals(result.get(Metric.SIMULATED_SECONDS), last[0] / 1e9, 1e-9, "the last report is the run's end");
        for (int k = 1; k < progress.points.size() - 1; k++) {
            assertTrue(progress.points.get(k)[0] >= progress.points.get(k - 1)[0], "simulated time never goes back between heartbeats");
            assertTrue(progress.points.get(k)[1] >= progress.points.get(k - 1)[1], "finished requests never fall");
        }
        assertFalse(log.toString().contains("Avg prompt throughput"), "no heartbeat lines beside the progress line");
    }

    @Test
    void withoutAListenerTheHeartbeatLinesGiveSizesInGibibytes() {
        StringWriter log = new StringWriter();
        SimulateJob.run(poisson200(5_000_000_000L), new PrintWriter(log), false, RunProgress.NONE);

        String lines = log.toString();
        assertTrue(lines.contains("[5.0s] Avg prompt throughput:"), lines);
        assertTrue(lines.contains("Each NPU Memory Usage ") && lines.contains(" GiB ("), lines);
        assertFalse(lines.contains(" MB ("), lines);
    }

    @Test
    void eachInstancesHeartbeatLineCountsAllItsGpus() {
        // Two instances of Llama-3.1-70B, each TP 2 over two H100s.
        StringWriter log = new StringWriter();
        SimulateJob.run(poisson200(5_000_000_000L, "cluster/llama70b_h100x4_2xtp2.json"), new PrintWriter(log), false,
                RunProgress.NONE);
        String lines = log.toString();
        assertTrue(lines.contains("Running Instance[1]: ") && lines.contains("Total # 2 NPUs"), lines);
        assertFalse(lines.contains("Total # 1 NPUs"), lines);
    }
}
