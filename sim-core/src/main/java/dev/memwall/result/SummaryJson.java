package dev.memwall.result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.cost.Cost;
import dev.memwall.output.AtomicFiles;
import dev.memwall.power.Energy;
import dev.memwall.serving.FaultControl;

/**
 * The {@code --summary-json} file: what produced the run ({@code memwall}, {@code inputs}), then
 * every {@link Metric} at its JSON path in the vocabulary's order ({@code requests},
 * {@code completed}, {@code simulated_seconds}, {@code wall_seconds}, {@code throughput},
 * {@code ttft_ms} .. {@code queueing_ms}, {@code utilization}, {@code memory},
 * {@code scheduling}, {@code concurrency}, {@code slo}, {@code energy} (with its source and
 * components), {@code cost} (with its price book and components), {@code work}), then
 * {@code instances} and {@code devices}; pretty-printed with a trailing newline. A value that
 * cannot be computed (a cost whose price the book leaves unset) is {@code null}.
 */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    /** The summary of {@code r}; {@code provenance} may be null (then no {@code memwall} or {@code inputs}). */
    public static ObjectNode toJson(RunResult r, Provenance provenance) {
        ObjectNode root = MAPPER.createObjectNode();
        if (provenance != null) {
            putProvenance(root, provenance);
        }
        for (Metric m : Metric.values()) {
            ObjectNode o = m.jsonObject() == null ? root : objectIn(root, m.jsonObject());
            if (m == Metric.BOTTLENECK_BUSY) {
                o.put("bottleneck", r.bottleneck());
            }
            if (Double.isNaN(r.get(m))) {
                o.putNull(m.jsonKey());
            } else if (m.decimals() < 0) {
                o.put(m.jsonKey(), r.count(m));
            } else {
                o.put(m.jsonKey(), r.get(m));
            }
            if (m == Metric.SIMULATED_SECONDS) {
                root.put("wall_seconds", r.wallSeconds());
            }
            if (m == Metric.AVERAGE_WATTS && r.energy() != null) {
                putEnergy(o, r.energy());
            }
            if (m == Metric.USD_PER_REQUEST && r.cost() != null) {
                putCost(o, r.cost());
            }
        }
        putFaults(root.putArray("faults"), r);
        putInstances(root.putArray("instances"), r);
        putDevices(root.putArray("devices"), r);
        return root;
    }

    private static ObjectNode objectIn(ObjectNode root, String name) {
        return root.has(name) ? (ObjectNode) root.get(name) : root.putObject(name);
    }

    private static void putProvenance(ObjectNode root, Provenance p) {
        root.putObject("memwall").put("version", p.version());
        ObjectNode in = root.putObject("inputs");
        in.put("cluster_config", p.clusterConfig());
        in.put("cluster_config_sha256", p.clusterConfigSha256());
        in.put("dataset", p.dataset());
        in.put("dataset_format", p.datasetFormat());
        in.put("num_reqs", p.numReqs());
        ObjectNode options = in.putObject("options");
        for (Map.Entry<String, Object> e : p.options().entrySet()) {
            options.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
        }
    }

    /** Where the power figures came from, and joules by component. */
    private static void putEnergy(ObjectNode o, Energy e) {
        o.put("source", e.source());
        ObjectNode c = o.putObject("components");
        e.components().forEach(c::put);
    }

    /** The price book, and dollars by component (null where the book leaves a price unset). */
    private static void putCost(ObjectNode o, Cost c) {
        o.put("price_book", c.priceBook());
        ObjectNode components = o.putObject("components");
        c.components().forEach((k, usd) -> {
            if (Double.isNaN(usd)) {
                components.putNull(k);
            } else {
                components.put(k, usd);
            }
        });
    }

    /** Each injected fault's account; times in simulated seconds, null where it never recovered. */
    private static void putFaults(ArrayNode out, RunResult r) {
        for (FaultControl.Outcome f : r.faults()) {
            ObjectNode o = out.addObject();
            o.put("fault", f.fault());
            putNumber(o, "at_seconds", f.atSeconds());
            o.put("requests_affected", f.requestsAffected());
            o.put("recomputed", f.recomputed());
            o.put("failed", f.failed());
            putNumber(o, "recovery_seconds", f.recoverySeconds());
        }
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static void putInstances(ArrayNode out, RunResult r) {
        for (RunResult.InstanceRow i : r.instances()) {
            RowJson.write(out.addObject(), i);
        }
    }

    private static void putDevices(ArrayNode out, RunResult r) {
        for (RunResult.DeviceRow d : r.devices()) {
            RowJson.write(out.addObject(), d);
        }
    }

    /** The summary as a file's text: pretty JSON and a trailing newline. */
    public static String toText(RunResult r, Provenance provenance) throws IOException {
        return MAPPER.writeValueAsString(toJson(r, provenance)) + "\n";
    }

    /** Writes the summary whole through a temporary sibling (see {@link AtomicFiles}). */
    public static void write(Path file, RunResult r, Provenance provenance) throws IOException {
        AtomicFiles.write(file, toText(r, provenance).getBytes(StandardCharsets.UTF_8));
    }
}
