package dev.memwall.config;

import dev.memwall.input.JsonFields;
import dev.memwall.input.Range;
import java.util.ArrayList;
import java.util.List;

/** Reads the top level, {@code cxl_mem} and the nodes; instances and placement have their own parsers. */
final class ClusterParser {
    private static final List<String> TOP_KEYS =
            List.of("num_nodes", "link_bw", "link_latency", "nodes", "cxl_mem", "faults");
    private static final List<String> CXL_KEYS =
            List.of("mem_size", "mem_bw", "mem_latency", "num_devices", "interleave_efficiency", "loaded_latency",
                    "power");
    private static final List<String> CXL_POWER_KEYS = List.of("idle_power", "energy_per_bit");
    private static final List<String> LOADED_LATENCY_KEYS = List.of("window_us", "curve");
    private static final List<String> NODE_KEYS = List.of("num_instances", "cpu_mem", "instances", "power");
    private static final List<String> CPU_MEM_KEYS = List.of("mem_size", "mem_bw", "mem_latency", "pim_config");

    private ClusterParser() {
    }

    static ClusterConfig parse(JsonFields root) {
        root.object(TOP_KEYS);
        int numNodes = root.get("num_nodes", n -> n.integer(Limits.NODES));
        double[] linkBw = linkValues(root.get("link_bw"), true);
        double[] linkLatency = linkValues(root.get("link_latency"), false);
        if (linkBw.length > 1 && linkLatency.length > 1 && linkBw.length != linkLatency.length) {
            throw root.get("link_latency").error("has " + linkLatency.length + " entries but link_bw has "
                    + linkBw.length + " (both list one value per network dimension)");
        }
        CxlMemConfig cxl = root.optional("cxl_mem", ClusterParser::cxlMem);
        int cxlDevices = cxl == null ? 0 : cxl.numDevices();

        List<JsonFields> nodeList = root.get("nodes").list();
        if (nodeList.size() != numNodes) {
            throw root.get("num_nodes").error("is " + numNodes + " but nodes has " + entries(nodeList.size()));
        }
        List<NodeConfig> nodes = new ArrayList<>(numNodes);
        int instanceCount = 0;
        for (int i = 0; i < nodeList.size(); i++) {
            NodeConfig node = node(nodeList.get(i), i, instanceCount, cxlDevices);
            instanceCount += node.numInstances();
            nodes.add(node);
        }
        if (instanceCount == 0) {
            throw root.get("nodes").error("no node has any instances");
        }
        List<FaultSpec> faults = root.optional("faults", ClusterParser::faults);
        return new ClusterConfig(root.file(), numNodes, linkBw, linkLatency, nodes, cxl,
                faults == null ? List.of() : faults);
    }

    /** A number, or a non-empty list of numbers with one per network dimension. */
    private static double[] linkValues(JsonFields c, boolean bandwidth) {
        Range range = bandwidth ? Limits.BANDWIDTH_GBPS : Limits.LATENCY_NS;
        if (!c.isList()) {
            return new double[] {c.number(range)};
        }
        List<JsonFields> items = c.nonEmptyList();
        double[] values = new double[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = items.get(i).number(range);
        }
        return values;
    }

    private static CxlMemConfig cxlMem(JsonFields c) {
        c.object(CXL_KEYS);
        Integer devices = c.optional("num_devices", d -> d.integer(Limits.CXL_DEVICES));
        Double efficiency = c.optional("interleave_efficiency", e -> e.number(Limits.FRACTION));
        return new CxlMemConfig(size(c), bandwidth(c), latency(c),
                devices == null ? CxlMemConfig.DEFAULT_NUM_DEVICES : devices,
                efficiency == null ? CxlMemConfig.DEFAULT_INTERLEAVE_EFFICIENCY : efficiency,
                c.optional("loaded_latency", ClusterParser::loadedLatency),
                c.optional("power", ClusterParser::cxlPower));
    }

    /** {@code faults}: a list of fault specs such as {@code "cxl:0@30-60"}. */
    private static List<FaultSpec> faults(JsonFields f) {
        List<FaultSpec> out = new ArrayList<>();
        for (JsonFields item : f.list()) {
            out.add(FaultSpec.parse(item.text(), item.where()));
        }
        return out;
    }

    private static CxlPowerConfig cxlPower(JsonFields c) {
        c.object(CXL_POWER_KEYS);
        return new CxlPowerConfig(c.get("idle_power", v -> v.number(Limits.POWER_W)),
                c.get("energy_per_bit", v -> v.number(Limits.ENERGY_PER_BIT_PJ)));
    }

    private static LoadedLatencyConfig loadedLatency(JsonFields c) {
        c.object(LOADED_LATENCY_KEYS);
        Double windowUs = c.optional("window_us", w -> w.number(Limits.WINDOW_US));
        double[][] curve = c.optional("curve", ClusterParser::curve);
        return new LoadedLatencyConfig(curve,
                windowUs == null ? LoadedLatencyConfig.DEFAULT_WINDOW_NS : Math.round(windowUs * 1000));
    }

    /** {@code [[0, 1.0], [u, m], ...]}: utilization from 0 strictly up to at most 1, multipliers >= 1. */
    private static double[][] curve(JsonFields c) {
        List<JsonFields> points = c.list();
        if (points.size() < 2) {
            throw c.error("needs at least two [utilization, multiplier] points (got " + points.size() + ")");
        }
        double[][] curve = new double[points.size()][];
        for (int i = 0; i < curve.length; i++) {
            JsonFields p = points.get(i);
            List<JsonFields> pair = p.list();
            if (pair.size() != 2) {
                throw p.error("expected [utilization, multiplier] (got " + p.describe() + ")");
            }
            double u = pair.get(0).unitInterval();
            double m = pair.get(1).number();
            if (m < 1) {
                throw pair.get(1).error("a latency multiplier must be >= 1 (got " + pair.get(1).describe() + ")");
            }
            pair.get(1).number(Limits.LATENCY_MULTIPLIER);
            if (i == 0 && u != 0) {
                throw pair.get(0).error("the curve must start at utilization 0 (got " + pair.get(0).describe() + ")");
            }
            if (i > 0 && u <= curve[i - 1][0]) {
                throw pair.get(0).error("utilizations must increase (got " + pair.get(0).describe() + " after "
                        + points.get(i - 1).list().get(0).describe() + ")");
            }
            curve[i] = new double[] {u, m};
        }
        return curve;
    }

    private static NodeConfig node(JsonFields n, int index, int firstGlobalIndex, int cxlDevices) {
        n.object(NODE_KEYS);
        int numInstances = n.get("num_instances", i -> i.integer(Limits.INSTANCES));
        MemConfig cpuMem = n.get("cpu_mem", ClusterParser::cpuMem);
        List<JsonFields> list = n.get("instances").list();
        if (list.size() != numInstances) {
            throw n.get("num_instances").error("is " + numInstances + " but instances has " + entries(list.size()));
        }
        List<InstanceConfig> instances = new ArrayList<>(list.size());
        for (int j = 0; j < list.size(); j++) {
            instances.add(InstanceParser.parse(list.get(j), index, firstGlobalIndex + j, cxlDevices));
        }
        PowerConfig power = n.optional("power", p -> PowerParser.parse(p, instances));
        return new NodeConfig(index, numInstances, cpuMem, instances, power);
    }

    private static MemConfig cpuMem(JsonFields m) {
        m.object(CPU_MEM_KEYS);
        return new MemConfig(size(m), bandwidth(m), latency(m), m.optional("pim_config", JsonFields::nonEmptyString));
    }

    /** {@code mem_size} of a memory section, GB. */
    static double size(JsonFields mem) {
        return mem.get("mem_size", s -> s.number(Limits.SIZE_GB));
    }

    /** {@code mem_bw} of a memory section, GB/s. */
    static double bandwidth(JsonFields mem) {
        return mem.get("mem_bw", b -> b.number(Limits.BANDWIDTH_GBPS));
    }

    /** {@code mem_latency} of a memory section, ns. */
    static double latency(JsonFields mem) {
        return mem.get("mem_latency", l -> l.number(Limits.LATENCY_NS));
    }

    private static String entries(int n) {
        return n + (n == 1 ? " entry" : " entries");
    }
}
