package dev.memwall.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds JMH JSON result files as {@code -rf json} writes them, with the fields the gate reads:
 * each result's raw per-iteration samples ({@code rawData}), its score their mean.
 */
final class JmhJson {
    static final String REFERENCE = WallTimeGate.DEFAULT_REFERENCE;
    static final String HEAP = "dev.memwall.bench.engine.EventHeapBenchmark.popThenPush";
    static final String STEP = "dev.memwall.bench.serving.SchedulerStepBenchmark.step";
    static final String TOKENS = "dev.memwall.bench.simulation.DecodeHeavyBenchmark.throughput";

    /** Samples per result unless given: 12, as 3 forks of 4 iterations. */
    static final int SAMPLES = 12;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ArrayNode results = MAPPER.createArrayNode();
    private String jdk = "17.0.15";

    /** The JDK of results added from now on. */
    JmhJson jdk(String version) {
        this.jdk = version;
        return this;
    }

    /**
     * Adds a result of {@link #SAMPLES} samples spread ±2% around {@code score}, in a fixed pattern;
     * {@code params} alternate name, value.
     */
    JmhJson add(String benchmark, String mode, double score, String unit, String... params) {
        return add(benchmark, mode, spread(score, SAMPLES, 0.02), unit, params);
    }

    /** Adds a result with these per-iteration samples, one fork; {@code params} alternate name, value. */
    JmhJson add(String benchmark, String mode, double[] samples, String unit, String... params) {
        ObjectNode r = results.addObject();
        r.put("jmhVersion", "1.37");
        r.put("benchmark", benchmark);
        r.put("mode", mode);
        r.put("threads", 1);
        r.put("forks", 1);
        r.put("jdkVersion", jdk);
        r.put("vmName", "OpenJDK 64-Bit Server VM");
        r.put("vmVersion", jdk + "+6");
        if (params.length > 0) {
            ObjectNode p = r.putObject("params");
            for (int i = 0; i < params.length; i += 2) {
                p.put(params[i], params[i + 1]);
            }
        }
        ObjectNode m = r.putObject("primaryMetric");
        m.put("score", Arrays.stream(samples).average().orElse(Double.NaN));
        m.put("scoreError", "NaN");
        m.put("scoreUnit", unit);
        ArrayNode fork = m.putArray("rawData").addArray();
        for (double v : samples) {
            fork.add(v);
        }
        r.putObject("secondaryMetrics");
        return this;
    }

    /** Adds a secondary result with these samples to the result added last, as a profiler's. */
    JmhJson secondary(String name, double[] samples, String unit) {
        ObjectNode m = ((ObjectNode) results.get(results.size() - 1).get("secondaryMetrics")).putObject(name);
        m.put("score", Arrays.stream(samples).average().orElse(Double.NaN));
        m.put("scoreError", "NaN");
        m.put("scoreUnit", unit);
        ArrayNode fork = m.putArray("rawData").addArray();
        for (double v : samples) {
            fork.add(v);
        }
        return this;
    }

    /** {@code n} samples spread evenly over {@code center * (1 ± halfWidth)}, in a shuffled fixed order. */
    static double[] spread(double center, int n, double halfWidth) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int slot = (i * 7) % n; // a fixed permutation, so samples are not sorted
            out[i] = center * (1 + halfWidth * (n == 1 ? 0 : 2.0 * slot / (n - 1) - 1));
        }
        return out;
    }

    /** A typical run: the reference, the event heap at two sizes, scheduler steps, simulated tokens/s. */
    static JmhJson typical(double speed) {
        return typical(speed, "17.0.15");
    }

    /** {@link #typical(double)} as run on JDK {@code jdk}. */
    static JmhJson typical(double speed, String jdk) {
        return new JmhJson().jdk(jdk)
                .add(HEAP, "avgt", 60 / speed, "ns/op", "size", "16")
                .add(HEAP, "avgt", 90 / speed, "ns/op", "size", "65536")
                .add(REFERENCE, "avgt", 900 / speed, "us/op")
                .add(STEP, "avgt", 1500 / speed, "ns/op", "batch", "256")
                .add(TOKENS, "thrpt", 40 * speed, "ops/s");
    }

    Path write(Path file) {
        try {
            Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
