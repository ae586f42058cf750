package dev.memwall.workload;

import java.nio.file.Path;
import java.util.function.IntSupplier;

import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteUniformSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;

import dev.memwall.input.InputException;
import dev.memwall.input.Range;

/**
 * A seeded synthetic trace of flat requests, read like any other trace. The same settings and seed
 * give the same entries on every run and platform (and so the same bytes through
 * {@link JsonlTraceWriter}).
 *
 * <p>Randomness: one XoRoShiRo128++ generator seeded with {@code seed}, split by jumps into three
 * non-overlapping streams for arrivals, input lengths and output lengths. So changing the output
 * length spec leaves arrivals and input lengths as they were.
 *
 * <p>Arrivals: the first request arrives one gap after 0 (as in a Poisson process observed from
 * t = 0), each later one a gap after the previous. Time is summed in double seconds and each
 * arrival rounded to the nearest ns on its own, so rounding never accumulates and arrivals never
 * decrease.
 *
 * <p>Lengths sampled from files: when input and output both sample the same file, each request
 * takes both from the same row, keeping the correlation between prompt and answer lengths.
 */
public final class SyntheticWorkload implements WorkloadReader {
    private final int requests;
    private final ContinuousSampler gapsS;
    private final IntSupplier inputTokens;
    private final IntSupplier outputTokens;
    private double timeS;
    private int made;

    private SyntheticWorkload(Builder b) {
        JumpableUniformRandomProvider root = (JumpableUniformRandomProvider) RandomSource.XO_RO_SHI_RO_128_PP.create(b.seed);
        UniformRandomProvider arrivalRng = root.jump();
        UniformRandomProvider inputRng = root.jump();
        UniformRandomProvider outputRng = root.jump();
        this.requests = b.requests;
        this.gapsS = b.arrivals.gapsS(arrivalRng);
        Path inFile = b.input.file();
        Path outFile = b.output.file();
        if (inFile != null && outFile != null && sameFile(inFile, outFile)) {
            LengthTable table = LengthTable.load(inFile);
            SharedStateDiscreteSampler rows = DiscreteUniformSampler.of(inputRng, 0, table.rows - 1);
            int[] row = new int[1]; // the row the input drew, for the output to read
            this.inputTokens = () -> table.input[row[0] = rows.sample()];
            this.outputTokens = () -> table.output[row[0]];
        } else {
            this.inputTokens = sampler(b.input, inputRng, true);
            this.outputTokens = sampler(b.output, outputRng, false);
        }
    }

    /** Starts a builder: 1000 requests, seed 42; arrivals and both lengths must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many requests this workload holds. */
    public int requests() {
        return requests;
    }

    @Override
    public boolean next(TraceEntry entry) {
        if (made == requests) {
            return false;
        }
        entry.clear();
        entry.subRequests = 1;
        entry.toolDurationNs[0] = 0;
        if (gapsS != null) {
            timeS += gapsS.sample();
            if (timeS > ArrivalProcess.MAX_ARRIVAL_S) {
                // Only a tail draw far beyond the mean gets here: checkSpan refused slower rates.
                throw new InputException("generated arrival " + made + " falls after " + Range.show(
                        ArrivalProcess.MAX_ARRIVAL_S) + " s, the longest span a trace may have; raise the rate");
            }
        }
        entry.arrivalNs = Math.round(timeS * 1e9);
        // Input before output: with one shared row sampler, the output reads the row the input drew.
        entry.inputTokens[0] = inputTokens.getAsInt();
        entry.outputTokens[0] = outputTokens.getAsInt();
        made++;
        return true;
    }

    @Override
    public void close() {
        // Nothing open: length files are read whole when the workload is built.
    }

    private static IntSupplier sampler(LengthDistribution d, UniformRandomProvider rng, boolean input) {
        if (d.file() == null) {
            return d.sampler(rng);
        }
        LengthTable table = LengthTable.load(d.file());
        int[] lengths = input ? table.input : table.output;
        SharedStateDiscreteSampler rows = DiscreteUniformSampler.of(rng, 0, table.rows - 1);
        return () -> lengths[rows.sample()];
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Settings of a {@link SyntheticWorkload}. */
    public static final class Builder {
        private int requests = 1000;
        private long seed = 42;
        private ArrivalProcess arrivals;
        private LengthDistribution input;
        private LengthDistribution output;

        private Builder() {
        }

        /** Number of requests, {@code >= 1}. */
        public Builder requests(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("requests must be >= 1 (got " + n + ")");
            }
            this.requests = n;
            return this;
        }

        /** Seed of all randomness (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** When requests arrive. */
        public Builder arrivals(ArrivalProcess arrivals) {
            this.arrivals = arrivals;
            return this;
        }

        /** Input (prompt) token counts. */
        public Builder inputLengths(LengthDistribution d) {
            this.input = d;
            return this;
        }

        /** Output token counts. */
        public Builder outputLengths(LengthDistribution d) {
            this.output = d;
            return this;
        }

        /**
         * The workload; reads any length files now.
         *
         * @throws dev.memwall.input.InputException when a length file is missing or bad
         */
        public SyntheticWorkload build() {
            if (arrivals == null || input == null || output == null) {
                throw new IllegalStateException("set arrivals, inputLengths and outputLengths");
            }
            return new SyntheticWorkload(this);
        }
    }
}
