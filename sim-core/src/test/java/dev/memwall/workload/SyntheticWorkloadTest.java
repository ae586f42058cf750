package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.workload.Drain.Row;

/** The generator is reproducible, and its samples follow the distributions asked for. */
class SyntheticWorkloadTest {
    private static final int N = 20_000;

    @TempDir
    Path dir;

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() {
        String a = jsonl(chat(7).build());
        String b = jsonl(chat(7).build());
        String c = jsonl(chat(8).build());
        assertEquals(a, b);
        assertFalse(a.equals(c));
        assertEquals(500, a.lines().count());
    }

    @Test
    void poissonGapsAverageOneOverTheRate() {
        long[] arrivals = arrivalsNs(ArrivalProcess.poisson(5));
        double[] gapsS = gapsS(arrivals);
        // Exponential gaps: mean 0.2 s, standard error 0.2 / sqrt(20000) = 0.0014 s; allow ~4 of them.
        assertEquals(0.2, mean(gapsS), 0.006);
        assertEquals(1.0, cv(gapsS), 0.05);
        assertTrue(arrivals[0] > 0, "the first request arrives one gap after 0");
    }

    @Test
    void gammaGapsHaveTheRequestedRateAndCoefficientOfVariation() {
        double[] gapsS = gapsS(arrivalsNs(ArrivalProcess.gamma(10, 2)));
        assertEquals(0.1, mean(gapsS), 0.1 * 0.06);
        assertEquals(2.0, cv(gapsS), 2.0 * 0.1);
        double[] regular = gapsS(arrivalsNs(ArrivalProcess.gamma(10, 0.25)));
        assertEquals(0.25, cv(regular), 0.25 * 0.05);
    }

    @Test
    void burstAndRateZeroPutEveryArrivalAtZero() {
        assertTrue(Arrays.stream(arrivalsNs(ArrivalProcess.burst())).allMatch(t -> t == 0));
        assertTrue(Arrays.stream(arrivalsNs(ArrivalProcess.poisson(0))).allMatch(t -> t == 0));
    }

    @Test
    void lognormalLengthsHaveTheRequestedMedian() {
        int[] lengths = inputs(builder().inputLengths(LengthDistribution.lognormal(512, 0.8, Integer.MAX_VALUE)));
        Arrays.sort(lengths);
        // The sample median's standard error is ~1.25 * 0.8 / sqrt(20000) = 0.7 % in log space.
        assertEquals(512, lengths[N / 2], 512 * 0.03);
    }

    @Test
    void lognormalLengthsAreClampedToOneAndMax() {
        int[] lengths = inputs(builder().inputLengths(LengthDistribution.lognormal(512, 3, 1000)));
        assertTrue(Arrays.stream(lengths).allMatch(n -> n >= 1 && n <= 1000));
        assertTrue(Arrays.stream(lengths).anyMatch(n -> n == 1000));
        assertTrue(Arrays.stream(lengths).anyMatch(n -> n == 1));
    }

    @Test
    void uniformLengthsCoverTheirRangeInclusively() {
        int[] lengths = inputs(builder().inputLengths(LengthDistribution.uniform(10, 14)));
        assertEquals(Set.of(10, 11, 12, 13, 14), asSet(lengths));
    }

    @Test
    void fileLengthsComeOnlyFromTheFileAndKeepRowsTogether() {
        Path lengths = TempFiles.write(dir, "lengths.csv",
                "num_prefill_tokens,num_decode_tokens,num_total_tokens,pd_ratio\n11,1,12,11\n22,2,24,11\n33,3,36,11\n");
        LengthDistribution file = LengthDistribution.sampledFrom(lengths);
        List<Row> rows = Drain.rows(builder().inputLengths(file).outputLengths(file).build());
        assertTrue(rows.stream().allMatch(r -> r.inputTokens() == 11 * r.outputTokens()), "input and output from one row");
        assertEquals(Set.of(11, 22, 33), asSet(rows.stream().mapToInt(Row::inputTokens).toArray()));
    }

    @Test
    void fileLengthsFromTwoFilesAreDrawnIndependently() {
        Path a = TempFiles.write(dir, "a.csv", "num_prefill_tokens,num_decode_tokens\n11,1\n22,2\n");
        Path b = TempFiles.write(dir, "b.jsonl", "{\"timestamp\":0,\"input_length\":5,\"output_length\":70}\n"
                + "{\"timestamp\":1,\"input_length\":6,\"output_length\":80}\n");
        List<Row> rows = Drain.rows(builder().inputLengths(LengthDistribution.sampledFrom(a))
                .outputLengths(LengthDistribution.sampledFrom(b)).build());
        assertEquals(Set.of(11, 22), asSet(rows.stream().mapToInt(Row::inputTokens).toArray()));
        assertEquals(Set.of(70, 80), asSet(rows.stream().mapToInt(Row::outputTokens).toArray()));
        assertEquals(4, rows.stream().map(r -> r.inputTokens() + "/" + r.outputTokens()).distinct().count());
    }

    @Test
    void changingOutputLengthsLeavesArrivalsAndInputsAlone() {
        SyntheticWorkload.Builder b = builder().arrivals(ArrivalProcess.poisson(3))
                .inputLengths(LengthDistribution.uniform(1, 100));
        List<Row> fixedOut = Drain.rows(b.outputLengths(LengthDistribution.fixed(9)).build());
        List<Row> uniformOut = Drain.rows(b.outputLengths(LengthDistribution.uniform(1, 9)).build());
        for (int i = 0; i < N; i++) {
            assertEquals(fixedOut.get(i).arrivalNs(), uniformOut.get(i).arrivalNs());
            assertEquals(fixedOut.get(i).inputTokens(), uniformOut.get(i).inputTokens());
        }
    }

    @Test
    void yieldsExactlyTheRequestedNumberOfFlatRequests() {
        List<Row> rows = Drain.rows(builder().requests(3).build());
        assertEquals(List.of(new Row(0, 4, 2, 1), new Row(0, 4, 2, 1), new Row(0, 4, 2, 1)), rows);
    }

    private static SyntheticWorkload.Builder builder() {
        return SyntheticWorkload.builder().requests(N).seed(1).arrivals(ArrivalProcess.burst())
                .inputLengths(LengthDistribution.fixed(4)).outputLengths(LengthDistribution.fixed(2));
    }

    private static SyntheticWorkload.Builder chat(long seed) {
        return SyntheticWorkload.builder().requests(500).seed(seed).arrivals(ArrivalProcess.poisson(5))
                .inputLengths(LengthDistribution.lognormal(512, 0.8, 4096))
                .outputLengths(LengthDistribution.lognormal(128, 0.8, 1024));
    }

    private static String jsonl(SyntheticWorkload w) {
        StringWriter out = new StringWriter();
        TraceEntry e = new TraceEntry();
        try (JsonlTraceWriter writer = new JsonlTraceWriter(out, "<memory>")) {
            while (w.next(e)) {
                writer.write(e);
            }
        }
        return out.toString();
    }

    private static long[] arrivalsNs(ArrivalProcess arrivals) {
        return Drain.rows(builder().arrivals(arrivals).build()).stream().mapToLong(Row::arrivalNs).toArray();
    }

    private static int[] inputs(SyntheticWorkload.Builder b) {
        return Drain.rows(b.build()).stream().mapToInt(Row::inputTokens).toArray();
    }

    private static double[] gapsS(long[] arrivalsNs) {
        double[] gaps = new double[arrivalsNs.length];
        long prev = 0;
        for (int i = 0; i < arrivalsNs.length; i++) {
            assertTrue(arrivalsNs[i] >= prev, "arrivals never decrease");
            gaps[i] = (arrivalsNs[i] - prev) / 1e9;
            prev = arrivalsNs[i];
        }
        return gaps;
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).average().orElseThrow();
    }

    private static double cv(double[] xs) {
        double m = mean(xs);
        double var = Arrays.stream(xs).map(x -> (x - m) * (x - m)).sum() / (xs.length - 1);
        return Math.sqrt(var) / m;
    }

    private static Set<Integer> asSet(int[] xs) {
        Set<Integer> s = new TreeSet<>();
        for (int x : xs) {
            s.add(x);
        }
        return s;
    }
}
