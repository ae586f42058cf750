package dev.memwall.sweep;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.Deflater;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.HdrHistogram.Histogram;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.cost.PriceBook;
import dev.memwall.cost.PriceBooks;
import dev.memwall.faults.Faults;
import dev.memwall.input.InputException;
import dev.memwall.result.RunReduction;
import dev.memwall.result.RunResult;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.ClusterSimulation;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.WorkloadReader;

/**
 * Simulates points, one at a time: one runner per worker thread, so each thread has its own
 * engine. A bad input of the point (a config that cannot be built) becomes an errored result; a
 * failure of ours becomes a fault result, which stops the sweep.
 */
public final class PointRunner {
    private final StudyFiles files;
    private final String worker;
    private PriceBook prices;

    /**
     * @param files  where the trace, models and hardware are on this machine
     * @param worker names this worker in {@code points.jsonl}, e.g. {@code local/sweep-1}
     */
    public PointRunner(StudyFiles files, String worker) {
        this.files = files;
        this.worker = worker;
    }

    public PointResult run(PointSpec spec) {
        long startNs = System.nanoTime();
        try {
            ClusterConfig config = ClusterConfigLoader.load(tree(spec.clusterJson()), spec.clusterFileName());
            SimulationOptions options = StudyOptions.parse(tree(spec.optionsJson()), spec.clusterFileName(), "options")
                    .toBuilder().seed(spec.seed()).modelsDir(files.modelsDir()).hardwareDir(files.hardwareDir())
                    .profileDir(files.profileDir()).keepTokenTimes(false).heartbeatIntervalNs(0).build();
            WorkloadSettings ws = WorkloadSettings.parse(tree(spec.workloadJson()), "workload", "workload");
            ClusterBuilder.Built built = ClusterBuilder.build(config, options, null);
            Faults.install(built, config);
            ClusterSimulation sim = built.simulation();
            try (WorkloadReader reader = ws.open(files.trace(), spec.workloadSeed(), spec.arrivalScale())) {
                sim.run(reader, ws.isTrace() ? String.valueOf(files.trace()) : "generated workload");
            }
            RunResult result = RunReduction.reduce(built, seconds(startNs), prices());
            String tpotHdr = encode(sim.latency().tpot.histogram());
            String ttftHdr = encode(sim.latency().ttft.histogram());
            return new PointResult(spec.params(), spec.inputs(), spec.seed(), result.metrics(), null, tpotHdr, ttftHdr,
                    result.devices(), result.instances(), seconds(startNs), worker, Instant.now().toString(), null);
        } catch (InputException e) {
            return PointResult.failed(spec, e.getMessage(), seconds(startNs), worker);
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return PointResult.fault(spec, trace.toString(), worker);
        }
    }

    /** The study's price book, read once per runner. */
    private PriceBook prices() {
        if (prices == null) {
            prices = files.prices() == null ? PriceBooks.builtIn() : PriceBooks.load(files.prices());
        }
        return prices;
    }

    private static JsonNode tree(String json) {
        try {
            return Canonical.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a point spec holds invalid JSON", e);
        }
    }

    private static double seconds(long startNs) {
        return (System.nanoTime() - startNs) / 1e9;
    }

    /** HdrHistogram's compressed encoding, in base64. */
    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf, Deflater.BEST_COMPRESSION);
        byte[] bytes = new byte[n];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
