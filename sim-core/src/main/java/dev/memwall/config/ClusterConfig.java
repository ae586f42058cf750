package dev.memwall.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A validated LLMServingSim cluster config. Build one with {@link ClusterConfigLoader#load}.
 * Units throughout: capacities in GiB (LLMServingSim's "GB" is 1024^3 bytes), bandwidths in GB/s
 * (1e9 bytes per second, i.e. bytes per ns), latencies in ns.
 *
 * @param fileName the config's file name as the user typed it, for messages
 * @param numNodes {@code num_nodes}, equal to {@code nodes.size()}
 * @param linkBwGBps {@code link_bw}, one entry per network dimension (a single number in the file
 *     becomes one entry that applies to every dimension); copied in and out
 * @param linkLatencyNs {@code link_latency}, likewise
 * @param nodes the nodes, in file order
 * @param cxlMem {@code cxl_mem}; {@code null} when the cluster has no CXL memory
 * @param faults {@code faults}, a memwall extension: faults injected into every run; empty when none
 */
public record ClusterConfig(String fileName, int numNodes, double[] linkBwGBps, double[] linkLatencyNs,
        List<NodeConfig> nodes, CxlMemConfig cxlMem, List<FaultSpec> faults) {

    public ClusterConfig {
        linkBwGBps = linkBwGBps.clone();
        linkLatencyNs = linkLatencyNs.clone();
        nodes = List.copyOf(nodes);
        faults = List.copyOf(faults);
    }

    @Override
    public double[] linkBwGBps() {
        return linkBwGBps.clone();
    }

    @Override
    public double[] linkLatencyNs() {
        return linkLatencyNs.clone();
    }

    /** All instances, in node order (so {@code instances().get(i).globalIndex() == i}). */
    public List<InstanceConfig> instances() {
        return nodes.stream().flatMap(n -> n.instances().stream()).toList();
    }

    /** Number of CXL devices, 0 without {@code cxl_mem}. */
    public int cxlDeviceCount() {
        return cxlMem == null ? 0 : cxlMem.numDevices();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterConfig c && fileName.equals(c.fileName) && numNodes == c.numNodes
                && Arrays.equals(linkBwGBps, c.linkBwGBps) && Arrays.equals(linkLatencyNs, c.linkLatencyNs)
                && nodes.equals(c.nodes) && Objects.equals(cxlMem, c.cxlMem) && faults.equals(c.faults);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, numNodes, Arrays.hashCode(linkBwGBps),
                Arrays.hashCode(linkLatencyNs), nodes, cxlMem, faults);
    }

    @Override
    public String toString() {
        return "ClusterConfig[fileName=" + fileName + ", numNodes=" + numNodes + ", linkBwGBps="
                + Arrays.toString(linkBwGBps) + ", linkLatencyNs=" + Arrays.toString(linkLatencyNs)
                + ", nodes=" + nodes + ", cxlMem=" + cxlMem + ", faults=" + faults + "]";
    }
}
