package dev.memwall.sweep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.result.Metric;
import dev.memwall.result.RowJson;
import dev.memwall.result.RunResult;

/**
 * What one point gave: its simulated metrics (or the one-line error that made it impossible, such
 * as weights that fit no device), the TPOT histogram, per-device and per-instance use, and how long
 * it took on which worker. One line of {@code points.jsonl} each, and what a Hazelcast member
 * sends back (as that same line).
 *
 * @param params    axis name to label, in study order
 * @param inputs    the {@link PointSpec#inputs()} hash it was computed from
 * @param metrics   by {@link Metric} ordinal; null when {@code error} is set
 * @param error     why the point could not be simulated, or null
 * @param tpotHdr   the TPOT histogram, HdrHistogram's compressed encoding in base64; null on error
 * @param ttftHdr   the TTFT histogram, encoded the same way; null on error and in journals
 *                  written before it was recorded
 * @param fault     an internal failure (stack trace) that must stop the sweep; never recorded
 */
public record PointResult(Map<String, String> params, String inputs, long seed, double[] metrics, String error,
        String tpotHdr, String ttftHdr, List<RunResult.DeviceRow> devices, List<RunResult.InstanceRow> instances, double wallSeconds,
        String worker, String finishedAt, String fault) {

    public PointResult {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = metrics == null ? null : metrics.clone();
        devices = List.copyOf(devices);
        instances = List.copyOf(instances);
    }

    @Override
    public double[] metrics() {
        return metrics == null ? null : metrics.clone();
    }

    /** The value of one metric; NaN for an errored point. */
    public double metric(Metric m) {
        return metrics == null ? Double.NaN : metrics[m.ordinal()];
    }

    /** The point's key: its parameters as canonical JSON. */
    public String key() {
        return Canonical.key(params);
    }

    static PointResult failed(PointSpec spec, String error, double wallSeconds, String worker) {
        return new PointResult(spec.params(), spec.inputs(), spec.seed(), null, error, null, null, List.of(), List.of(),
                wallSeconds, worker, Instant.now().toString(), null);
    }

    static PointResult fault(PointSpec spec, String fault, String worker) {
        return new PointResult(spec.params(), spec.inputs(), spec.seed(), null, null, null, null, List.of(), List.of(), 0,
                worker, Instant.now().toString(), fault);
    }

    /** The journal line's object. */
    public ObjectNode toJson() {
        ObjectNode o = Canonical.MAPPER.createObjectNode();
        ObjectNode p = o.putObject("point");
        params.forEach(p::put);
        o.put("inputs", inputs);
        o.put("seed", seed);
        if (fault != null) {
            o.put("fault", fault);
        }
        if (error != null) {
            o.put("error", error);
        }
        if (metrics != null) {
            ObjectNode m = o.putObject("metrics");
            for (Metric x : Metric.values()) {
                if (Double.isNaN(metrics[x.ordinal()])) {
                    m.putNull(x.csvColumn());
                } else if (x.decimals() < 0) {
                    m.put(x.csvColumn(), Math.round(metrics[x.ordinal()]));
                } else {
                    m.put(x.csvColumn(), metrics[x.ordinal()]);
                }
            }
            o.put("tpot_hdr", tpotHdr);
            o.put("ttft_hdr", ttftHdr);
        }
        ArrayNode inst = o.putArray("instances");
        for (RunResult.InstanceRow i : instances) {
            RowJson.write(inst.addObject(), i);
        }
        ArrayNode dev = o.putArray("devices");
        for (RunResult.DeviceRow d : devices) {
            RowJson.write(dev.addObject(), d);
        }
        o.put("wall_s", wallSeconds);
        o.put("worker", worker);
        o.put("finished_at", finishedAt);
        return o;
    }

    /** The journal line, without its newline. */
    public String toJsonLine() {
        return toJson().toString();
    }

    /**
     * Reads a journal line's object.
     *
     * @throws IllegalArgumentException naming the first missing or mistyped field
     */
    public static PointResult fromJson(JsonNode o) {
        JsonNode p = field(o, "point");
        if (!p.isObject()) {
            throw new IllegalArgumentException("'point' is not an object");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        double[] metrics = null;
        String hdr = null;
        String ttftHdr = null;
        if (o.hasNonNull("metrics")) {
            JsonNode m = o.get("metrics");
            metrics = new double[Metric.values().length];
            for (Metric x : Metric.values()) {
                JsonNode v = m.get(x.csvColumn());
                if (v == null) {
                    throw new IllegalArgumentException("missing 'metrics." + x.csvColumn() + "'");
                }
                if (!v.isNumber() && !v.isNull()) {
                    throw new IllegalArgumentException("metrics." + x.csvColumn() + " is not a number");
                }
                // null: a value the run could not compute (an unpriced cost)
                metrics[x.ordinal()] = v.isNull() ? Double.NaN : v.doubleValue();
            }
            hdr = field(o, "tpot_hdr").asText();
            ttftHdr = o.hasNonNull("ttft_hdr") ? o.get("ttft_hdr").asText() : null;
        }
        List<RunResult.InstanceRow> instances = new ArrayList<>();
        for (JsonNode n : o.path("instances")) {
            instances.add(RowJson.instance(n));
        }
        List<RunResult.DeviceRow> devices = new ArrayList<>();
        for (JsonNode n : o.path("devices")) {
            devices.add(RowJson.device(n));
        }
        String error = o.hasNonNull("error") ? o.get("error").asText() : null;
        String fault = o.hasNonNull("fault") ? o.get("fault").asText() : null;
        if (metrics == null && error == null && fault == null) {
            throw new IllegalArgumentException("neither 'metrics' nor 'error'");
        }
        return new PointResult(params, field(o, "inputs").asText(), field(o, "seed").asLong(), metrics, error, hdr,
                ttftHdr, devices, instances, o.path("wall_s").asDouble(), o.path("worker").asText(),
                o.path("finished_at").asText(), fault);
    }

    private static JsonNode field(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing '" + name + "'");
        }
        return v;
    }
}
