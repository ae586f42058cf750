package dev.memwall.workload;

import java.nio.file.Path;
import java.util.function.IntSupplier;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteUniformSampler;
import org.apache.commons.rng.sampling.distribution.LogNormalSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import dev.memwall.input.InputException;

/**
 * How the synthetic generator draws a token count, written as a spec on the command line:
 * <ul>
 *   <li>{@code fixed:N}: always N;
 *   <li>{@code uniform:A:B}: an integer uniform on [A, B], both included;
 *   <li>{@code lognormal:MEDIAN:SIGMA[:MAX]}: {@code round(exp(ln(MEDIAN) + SIGMA Z))}, Z standard
 *       normal, clamped to [1, MAX] (MAX defaults to no cap, 2^31-1). The median, not the mean,
 *       because it is what length histograms show and it stays put as SIGMA changes (the mean is
 *       {@code MEDIAN exp(SIGMA^2/2)});
 *   <li>{@code file:PATH}: drawn with replacement from the lengths of a trace file in any format
 *       memwall reads (input lengths for input, output lengths for output).
 * </ul>
 */
public final class LengthDistribution {
    /** The accepted spec shapes, as error messages list them. */
    public static final String SPECS = "fixed:N, uniform:A:B, lognormal:MEDIAN:SIGMA[:MAX] or file:PATH";

    private enum Kind { FIXED, UNIFORM, LOGNORMAL, FILE }

    private final Kind kind;
    private final int min;
    private final int max;
    private final double median;
    private final double sigma;
    private final Path file;

    private LengthDistribution(Kind kind, int min, int max, double median, double sigma, Path file) {
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.median = median;
        this.sigma = sigma;
        this.file = file;
    }

    /** Always {@code tokens} (>= 1). */
    public static LengthDistribution fixed(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("fixed:N needs N >= 1");
        }
        return new LengthDistribution(Kind.FIXED, tokens, tokens, 0, 0, null);
    }

    /** Uniform on [{@code min}, {@code max}], {@code 1 <= min <= max}. */
    public static LengthDistribution uniform(int min, int max) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("uniform:A:B needs 1 <= A <= B");
        }
        return new LengthDistribution(Kind.UNIFORM, min, max, 0, 0, null);
    }

    /** Lognormal with the given median (>= 1) and log-space sigma (> 0), clamped to [1, max]. */
    public static LengthDistribution lognormal(double median, double sigma, int max) {
        if (!(median >= 1) || !(sigma > 0) || Double.isInfinite(median) || Double.isInfinite(sigma) || max < median) {
            throw new IllegalArgumentException("lognormal:MEDIAN:SIGMA[:MAX] needs 1 <= MEDIAN <= MAX and SIGMA > 0");
        }
        return new LengthDistribution(Kind.LOGNORMAL, 1, max, median, sigma, null);
    }

    /** Sampled with replacement from the lengths in {@code traceFile} (read when the workload is built). */
    public static LengthDistribution sampledFrom(Path traceFile) {
        return new LengthDistribution(Kind.FILE, 0, 0, 0, 0, traceFile);
    }

    /**
     * Parses a spec ({@value #SPECS}).
     *
     * @param where what the spec came from, e.g. {@code generate: --input-len}, to start the error
     * @throws InputException {@code <where>: expected fixed:N, ... (got 'foo')}, or a line naming
     *     the broken rule, e.g. {@code <where>: uniform:A:B needs 1 <= A <= B (got 'uniform:9:2')}
     */
    public static LengthDistribution parse(String spec, String where) {
        String[] parts = spec.split(":", -1);
        try {
            switch (parts[0]) {
                case "fixed":
                    if (parts.length == 2) {
                        return fixed(Integer.parseInt(parts[1]));
                    }
                    break;
                case "uniform":
                    if (parts.length == 3) {
                        return uniform(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                    }
                    break;
                case "lognormal":
                    if (parts.length == 3 || parts.length == 4) {
                        int max = parts.length == 4 ? Integer.parseInt(parts[3]) : Integer.MAX_VALUE;
                        return lognormal(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]), max);
                    }
                    break;
                case "file":
                    String path = spec.substring("file:".length());
                    if (!path.isEmpty()) {
                        return sampledFrom(Path.of(path));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // Not numbers where numbers belong: the general shape message below says it best.
        } catch (IllegalArgumentException e) {
            throw InputException.at(where, e.getMessage() + " (got '" + spec + "')");
        }
        throw InputException.at(where, "expected " + SPECS + " (got '" + spec + "')");
    }

    /** The trace file whose lengths are sampled; null for the other kinds. */
    public Path file() {
        return file;
    }

    /** Draws from {@code rng}; not for {@code file:} specs, which need the file's lengths. */
    IntSupplier sampler(UniformRandomProvider rng) {
        switch (kind) {
            case FIXED:
                return () -> min;
            case UNIFORM:
                SharedStateDiscreteSampler uniform = DiscreteUniformSampler.of(rng, min, max);
                return uniform::sample;
            case LOGNORMAL:
                ContinuousSampler lognormal = LogNormalSampler.of(
                        ZigguratSampler.NormalizedGaussian.of(rng), Math.log(median), sigma);
                return () -> (int) Math.max(1, Math.min(max, Math.round(lognormal.sample())));
            default:
                throw new IllegalStateException("file lengths are sampled by SyntheticWorkload");
        }
    }

    /** The spec this distribution parses from. */
    @Override
    public String toString() {
        switch (kind) {
            case FIXED:
                return "fixed:" + min;
            case UNIFORM:
                return "uniform:" + min + ":" + max;
            case LOGNORMAL:
                return "lognormal:" + median + ":" + sigma + (max == Integer.MAX_VALUE ? "" : ":" + max);
            default:
                return "file:" + file;
        }
    }
}
