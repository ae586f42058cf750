package dev.memwall.hardware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.hardware.BatchShape;
import dev.memwall.input.InputException;
import dev.memwall.model.ModelShape;
import dev.memwall.moe.ExpertGate;
import dev.memwall.moe.ExpertRouting;

/** moe.csv: a tree over tokens then activated experts, and the MoE layer ProfileTimeModel builds from it. */
class MoeTableTest {
    @TempDir
    Path dir;

    private MoeTable table(String rows) throws IOException {
        Path csv = dir.resolve("moe.csv");
        Files.writeString(csv, "tokens,activated_experts,time_us\n" + rows);
        return MoeTable.read(csv);
    }

    /** Hand-computed: points, the experts axis clamped below, a blend over tokens, extension above. */
    @Test
    void looksUpTokensThenExperts() throws IOException {
        MoeTable t = table("1,8,50\n2,8,60\n2,16,140\n4,8,70\n4,32,230\n");
        assertEquals(50_000, t.valueNs(1, 4));      // 1 token: only 8 experts profiled, clamped up
        assertEquals(140_000, t.valueNs(2, 16));
        assertEquals(100_000, t.valueNs(2, 12));     // halfway 60..140
        // 3 tokens, 16 experts: at 2 tokens 140; at 4 tokens 70 + (16-8)/(32-8)*(230-70) = 123.33..; halfway
        assertEquals((140_000 + 70_000 + 160_000 / 3.0) / 2, t.valueNs(3, 16), 1e-6);
        assertEquals(230_000 + 160_000 / 24.0 * 8, t.valueNs(4, 40), 1e-6);  // experts extended above
    }

    @Test
    void refusesARepeatedPointNamingBothLines() {
        InputException e = assertThrows(InputException.class, () -> table("1,8,50\n1,8,51\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("moe.csv") + ":3: duplicate point (tokens=1, activated_experts=8)"
                + " already on line 2"), e.getMessage());
    }

    /**
     * Qwen3-30B-A3B on RTXPRO6000 at TP 1 (EP 1): the moe layer of a 2-token step is the
     * {@code 2,16} row of tp1/moe.csv (2 tokens x top-8 = 16 experts, BALANCED), 134.976 us; one
     * token's is the {@code 1,8} row, 50.2297 us (rounded to whole ns at load).
     */
    @Test
    void balancedMoeLayerOfQwen3IsTheProfiledRow() {
        ProfileBundle bundle = ProfileBundle.load(Samples.shared("profiler/perf/RTXPRO6000/Qwen/Qwen3-30B-A3B-Instruct-2507/bf16"), 1);
        ModelShape shape = Samples.shape("Qwen/Qwen3-30B-A3B-Instruct-2507", 1);
        ExpertGate gate = new ExpertGate(ExpertRouting.BALANCED, 128, 8, 1, 0);
        ProfileTimeModel model = new ProfileTimeModel(bundle, shape, null,
                new ProfileTimeModel.Moe(bundle.moe(), gate, b -> 0, b -> 0));
        long[] layers = new long[shape.layerCount()];
        int moe = moeLayer(shape);
        for (long[] tokensAndNs : new long[][] {{1, 50_230}, {2, 134_976}}) {
            BatchShape b = new BatchShape();
            b.add((int) tokensAndNs[0], 0);
            model.layerTimes(b, layers);
            assertEquals(tokensAndNs[1], layers[moe], tokensAndNs[0] + " tokens");
        }
    }

    private static int moeLayer(ModelShape shape) {
        for (int l = 0; l < shape.layerCount(); l++) {
            if ("moe".equals(shape.layerName(l))) {
                return l;
            }
        }
        throw new AssertionError("no moe layer");
    }
}
