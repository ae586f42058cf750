package dev.memwall.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.hardware.BatchShape;
import dev.memwall.input.InputException;
import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelShape;
import dev.memwall.testing.RepoPaths;

/**
 * LLMServingSim's PIM latency for DDR4_8GB_3200_pim (slope 333.2538, intercept 30675.2739) on
 * Llama-3.1-8B (its calibration shape: no rescaling), split over 8 channels, plus 13.86 ns:
 * one sequence with a 10-token prompt takes int(13.86 + (3332.538 + 30675.2739) / 8) = 4264 ns,
 * the term example_pim_run's iterations show per layer.
 */
class LinearPimAttentionTest {
    @TempDir
    Path dir;

    private LinearPimAttention ddr4(String name) throws IOException {
        Path f = dir.resolve(name + ".ini");
        Files.writeString(f, PimIniReaderTest.DDR4);
        ModelShape llama = ModelShape.of(ModelCatalog.load(RepoPaths.models(), "meta-llama/Llama-3.1-8B", "test"),
                DType.BFLOAT16, DType.BFLOAT16, 1);
        return new LinearPimAttention(PimIniReader.read(f), 512, llama, "cluster.json: nodes[0].cpu_mem.pim_config");
    }

    @Test
    void aDecodeCostsTheLineAtItsPromptLengthNotItsKvLength() throws IOException {
        BatchShape b = new BatchShape();
        b.add(1, 35, 10);
        assertEquals(4264, ddr4("DDR4_8GB_3200_pim").decodeAttentionNs(b));
    }

    @Test
    void upToEightDecodesRunSideBySideAndTheLongestPromptSetsTheTime() throws IOException {
        BatchShape b = new BatchShape();
        b.add(1, 30, 10);
        b.add(1, 99, 22);   // int(13.86 + (333.2538 x 22 + 30675.2739) / 8) = 4764
        b.add(1, 50, 13);
        b.add(300, 0, 300); // a prefill: not on the PIM
        assertEquals(4764, ddr4("DDR4_8GB_3200_pim").decodeAttentionNs(b));
    }

    @Test
    void aNinthDecodeQueuesBehindAnotherOnTheLeastLoadedChannelGroup() throws IOException {
        BatchShape b = new BatchShape();
        for (int k = 0; k < 9; k++) {
            b.add(1, 40, 10);
        }
        // 64 channels / 8 per sequence = 8 groups; the 9th doubles one: int(13.86 + 2 x 4250.97) = 8515
        assertEquals(8515, ddr4("DDR4_8GB_3200_pim").decodeAttentionNs(b));
    }

    @Test
    void noDecodesCostNothing() throws IOException {
        BatchShape b = new BatchShape();
        b.add(300, 0, 300);
        assertEquals(0, ddr4("DDR4_8GB_3200_pim").decodeAttentionNs(b));
    }

    @Test
    void refusesADeviceLlmServingSimHasNoCalibrationFor() {
        InputException e = assertThrows(InputException.class, () -> ddr4("DDR5_16GB_4800_pim"));
        assertEquals("cluster.json: nodes[0].cpu_mem.pim_config: no calibrated PIM attention latency for"
                + " 'DDR5_16GB_4800_pim' (LLMServingSim's lss model knows DDR4_8GB_3200_pim, HBM2_1GB_2000_pim,"
                + " LPDDR4X_2GB_4266_pim, LPDDR5_2GB_6400_pim; the physical memory model times any PIM device)",
                e.getMessage());
    }
}
