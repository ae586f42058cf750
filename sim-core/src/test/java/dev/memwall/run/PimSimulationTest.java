package dev.memwall.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.memwall.result.Metric;
import dev.memwall.result.RunResult;
import dev.memwall.result.SummaryText;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.testing.RepoPaths;

/**
 * The shipped PIM config (Llama-3.1-8B on an H100, a 512 GB node of DDR5-4800 PIM channels) in the
 * physical model: the summary says what the PIM did only when attention is offloaded, and
 * interleaving hides PIM time behind the other half's GPU work (which plain offload leaves in the
 * critical path).
 */
class PimSimulationTest {
    private static RunResult run(boolean offload, boolean interleave) {
        Path root = RepoPaths.root();
        SimulationOptions o = SimulationOptions.defaults().toBuilder().modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware")).pimDir(root.resolve("configs/pim"))
                .attnOffloading(offload).subBatchInterleaving(interleave).build();
        return SimulateJob.run(new SimulateJob.Inputs(root.resolve("configs/cluster/single_node_pim_instance.json"),
                null, null, 0, o, null, null, null, true), new PrintWriter(new StringWriter()));
    }

    @Test
    void aRunWithoutOffloadHasNoPimSummary() {
        assertNull(run(false, false).instances().get(0).pim());
    }

    @Test
    void offloadReportsPimBusyTimeAndTheGpuAttentionItMoved() {
        RunResult r = run(true, false);
        RunResult.PimRow pim = r.instances().get(0).pim();
        assertTrue(pim.busySeconds() > 0 && pim.gpuAttentionMovedSeconds() > 0, pim.toString());
        assertEquals(0, pim.hiddenSeconds());
        assertTrue(pim.busyFraction() > 0 && pim.busyFraction() < 1, pim.toString());
        StringWriter text = new StringWriter();
        SummaryText.print(new PrintWriter(text), r);
        assertTrue(text.toString().contains("Instance[0] PIM attention: busy "), text.toString());
    }

    @Test
    void interleavingHidesPimTimeBehindTheOtherHalfsGpuWork() {
        RunResult plain = run(true, false);
        RunResult interleaved = run(true, true);
        assertTrue(interleaved.instances().get(0).pim().hiddenSeconds() > 0);
        assertEquals(plain.count(Metric.COMPLETED), interleaved.count(Metric.COMPLETED));
    }
}
