package dev.memwall.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.model.DType;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelShape;
import dev.memwall.network.AstraSimAnalytical;
import dev.memwall.testing.RepoPaths;

/**
 * Two data-parallel members of Qwen3-30B-A3B (TP 1, EP 2 across them) whose parts of one wave start
 * apart, as a pipelined group's later stages do: every MoE layer's reduce-scatter and all-gather is
 * one 2-NPU ring on a 16 GB/s, 20 us link, so a receive completes at
 * {@code max(own send, partner's send + one message)}; for one decode token the reduce-scatter's
 * message is 2,048 B, 20,000 + 2,048 / 17.18 = 20,119 ns.
 */
class ExpertParallelCouplingTest {
    /**
     * Hand-derived: the late member's messages reach the early one one message after it sends, so
     * at the first collective the early member waits {@code lag - 20,119} when the lag is longer than
     * a message; from then on the two swap leads at every collective and, with an even number of them,
     * end as that first wait left them (lss-parity §15: example_moe_dp_pp_run's 519 ns).
     */
    @ParameterizedTest(name = "member 1 starts {0} ns late: member 0 ends {1} ns later")
    @CsvSource({"0, 0", "10000, 0", "20119, 0", "20638, 519", "30000, 9881"})
    void anEarlyMemberWithEqualComputeEndsTheLagLessOneMessageLaterAndTheLateOneOnTime(long lagNs,
            long earlyDelayNs) {
        ModelShape shape = ModelShape.of(ModelCatalog.load(RepoPaths.models(), "Qwen/Qwen3-30B-A3B-Instruct-2507",
                "test"), DType.BFLOAT16, DType.BFLOAT16, 1, 2);
        AstraSimAnalytical link = new AstraSimAnalytical(16, 20_000, 1597);
        ExpertParallelCoupling coupling = new ExpertParallelCoupling(shape, link, 2, 1597, 2);
        Batch[] parts = {decode(shape), decode(shape)};
        long[] delays = new long[2];
        coupling.delays(parts, new long[] {1_000_000, 1_000_000 + lagNs}, 0, shape.layerCount(), delays);
        assertArrayEquals(new long[] {earlyDelayNs, 0}, delays);
    }

    /** A one-token batch whose every layer takes 5 us, an MoE layer 100 us with its EP collectives. */
    private static Batch decode(ModelShape shape) {
        Batch b = new Batch(shape.layerCount());
        b.makeDummy();
        for (int l = 0; l < shape.layerCount(); l++) {
            b.layerNs[l] = shape.kind(l) == LayerKind.MOE ? 100_000 : 5_000;
        }
        return b;
    }
}
