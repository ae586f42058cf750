package dev.memwall.config;

import java.util.ArrayList;
import java.util.List;

/** Reads the top level, {@code cxl_mem} and the nodes; instances and placement have their own parsers. */
final class ClusterParser {
    private static final List<String> TOP_KEYS = List.of("num_nodes", "link_bw", "link_latency", "nodes", "cxl_mem");
    private static final List<String> CXL_KEYS =
            List.of("mem_size", "mem_bw", "mem_latency", "num_devices", "interleave_efficiency", "loaded_latency",
                    "power");
    private static final List<String> CXL_POWER_KEYS = List.of("idle_power", "energy_per_bit");
    private static final List<String> LOADED_LATENCY_KEYS = List.of("window_us", "curve");
    private static final List<String> NODE_KEYS = List.of("num_instances", "cpu_mem", "instances", "power");
    private static final List<String> CPU_MEM_KEYS = List.of("mem_size", "mem_bw", "mem_latency", "pim_config");

    private ClusterParser() {
    }

    static ClusterConfig parse(JsonCursor root) {
        root.object(TOP_KEYS);
        int numNodes = root.get("num_nodes", JsonCursor::positiveInt);
        double[] linkBw = linkValues(root.get("link_bw"), true);
        double[] linkLatency = linkValues(root.get("link_latency"), false);
        if (linkBw.length > 1 && linkLatency.length > 1 && linkBw.length != linkLatency.length) {
            throw root.get("link_latency").error("has " + linkLatency.length + " entries but link_bw has "
                    + linkBw.length + " (both list one value per network dimension)");
        }
        CxlMemConfig cxl = root.optional("cxl_mem", ClusterParser::cxlMem);
        int cxlDevices = cxl == null ? 0 : cxl.numDevices();

        List<JsonCursor> nodeList = root.get("nodes").list();
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
        return new ClusterConfig(root.file(), numNodes, linkBw, linkLatency, nodes, cxl);
    }

    /** A number, or a non-empty list of numbers with one per network dimension. */
    private static double[] linkValues(JsonCursor c, boolean bandwidth) {
        if (!c.isList()) {
            return new double[] {bandwidth ? c.positive() : c.nonNegative()};
        }
        List<JsonCursor> items = c.list();
        if (items.isEmpty()) {
            throw c.error("must list at least one value");
        }
        double[] values = new double[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = bandwidth ? items.get(i).positive() : items.get(i).nonNegative();
        }
        return values;
    }

    private static CxlMemConfig cxlMem(JsonCursor c) {
        c.object(CXL_KEYS);
        Integer devices = c.optional("num_devices", JsonCursor::positiveInt);
        Double efficiency = c.optional("interleave_efficiency", JsonCursor::fraction);
        return new CxlMemConfig(c.get("mem_size", JsonCursor::positive), c.get("mem_bw", JsonCursor::positive),
                c.get("mem_latency", JsonCursor::nonNegative),
                devices == null ? CxlMemConfig.DEFAULT_NUM_DEVICES : devices,
                efficiency == null ? CxlMemConfig.DEFAULT_INTERLEAVE_EFFICIENCY : efficiency,
                c.optional("loaded_latency", ClusterParser::loadedLatency),
                c.optional("power", ClusterParser::cxlPower));
    }

    private static CxlPowerConfig cxlPower(JsonCursor c) {
        c.object(CXL_POWER_KEYS);
        return new CxlPowerConfig(c.get("idle_power", JsonCursor::nonNegative),
                c.get("energy_per_bit", JsonCursor::nonNegative));
    }

    private static LoadedLatencyConfig loadedLatency(JsonCursor c) {
        c.object(LOADED_LATENCY_KEYS);
        Double windowUs = c.optional("window_us", JsonCursor::positive);
        double[][] curve = c.optional("curve", ClusterParser::curve);
        return new LoadedLatencyConfig(curve,
                windowUs == null ? LoadedLatencyConfig.DEFAULT_WINDOW_NS : Math.round(windowUs * 1000));
    }

    /** {@code [[0, 1.0], [u, m], ...]}: utilization from 0 strictly up to at most 1, multipliers >= 1. */
    private static double[][] curve(JsonCursor c) {
        List<JsonCursor> points = c.list();
        if (points.size() < 2) {
            throw c.error("needs at least two [utilization, multiplier] points (got " + points.size() + ")");
        }
        double[][] curve = new double[points.size()][];
        for (int i = 0; i < curve.length; i++) {
            JsonCursor p = points.get(i);
            List<JsonCursor> pair = p.list();
            if (pair.size() != 2) {
                throw p.error("expected [utilization, multiplier] (got " + p.describe() + ")");
            }
            double u = pair.get(0).unitInterval();
            double m = pair.get(1).number();
            if (m < 1) {
                throw pair.get(1).error("a latency multiplier must be >= 1 (got " + pair.get(1).describe() + ")");
            }
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

    private static NodeConfig node(JsonCursor n, int index, int firstGlobalIndex, int cxlDevices) {
        n.object(NODE_KEYS);
        int numInstances = n.get("num_instances", JsonCursor::nonNegativeInt);
        MemConfig cpuMem = n.get("cpu_mem", ClusterParser::cpuMem);
        List<JsonCursor> list = n.get("instances").list();
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

    private static MemConfig cpuMem(JsonCursor m) {
        m.object(CPU_MEM_KEYS);
        return new MemConfig(m.get("mem_size", JsonCursor::positive), m.get("mem_bw", JsonCursor::positive),
                m.get("mem_latency", JsonCursor::nonNegative), m.optional("pim_config", JsonCursor::nonEmptyString));
    }

    private static String entries(int n) {
        return n + (n == 1 ? " entry" : " entries");
    }
}
