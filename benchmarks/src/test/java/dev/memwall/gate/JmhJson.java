package dev.memwall.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds JMH JSON result files as {@code -rf json} writes them, with the fields the gate reads. */
final class JmhJson {
    static final String REFERENCE = WallTimeGate.DEFAULT_REFERENCE;
    static final String HEAP = "dev.memwall.bench.engine.EventHeapBenchmark.popThenPush";
    static final String STEP = "dev.memwall.bench.serving.SchedulerStepBenchmark.step";
    static final String TOKENS = "dev.memwall.bench.simulation.DecodeHeavyBenchmark.throughput";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ArrayNode results = MAPPER.createArrayNode();
    private String jdk = "17.0.15";

    /** The JDK of results added from now on. */
    JmhJson jdk(String version) {
        this.jdk = version;
        return this;
    }

    /** Adds a result; {@code params} alternate name, value. */
    JmhJson add(String benchmark, String mode, double score, double error, String unit, String... params) {
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
        m.put("score", score);
        if (Double.isNaN(error)) {
            m.put("scoreError", "NaN");
        } else {
            m.put("scoreError", error);
        }
        m.put("scoreUnit", unit);
        r.putObject("secondaryMetrics");
        return this;
    }

    /** A typical run: the reference, the event heap at two sizes, scheduler steps, simulated tokens/s. */
    static JmhJson typical(double speed) {
        return typical(speed, "17.0.15");
    }

    /** {@link #typical(double)} as run on JDK {@code jdk}. */
    static JmhJson typical(double speed, String jdk) {
        return new JmhJson().jdk(jdk)
                .add(HEAP, "avgt", 60 / speed, 2 / speed, "ns/op", "size", "16")
                .add(HEAP, "avgt", 90 / speed, 3 / speed, "ns/op", "size", "65536")
                .add(REFERENCE, "avgt", 900 / speed, 20 / speed, "us/op")
                .add(STEP, "avgt", 1500 / speed, 40 / speed, "ns/op", "batch", "256")
                .add(TOKENS, "thrpt", 40 * speed, 1 * speed, "ops/s");
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
