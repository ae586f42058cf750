package dev.memwall.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;

/**
 * One point of the CXL grid as an LLMServingSim cluster config: one node, one H100 serving
 * Llama-3.1-8B (as {@code configs/cluster/single_node_single_instance.json}) plus a pool of
 * identical CXL devices of {@value #DEVICE_GIB} GiB each, with the weights or KV placed by a
 * {@link CxlPlacement}. The config goes through the same loader and validation as a user's file.
 *
 * @param latencyNs     {@code cxl_mem.mem_latency}, ns per transfer
 * @param bandwidthGBps {@code cxl_mem.mem_bw} of one device, GB/s
 * @param devices       {@code cxl_mem.num_devices}
 * @param placement     where weights or KV go
 */
public record CxlCluster(double latencyNs, double bandwidthGBps, int devices, CxlPlacement placement) {
    /** Capacity of one CXL device, GiB: holds all of Llama-3.1-8B's weights with room for KV. */
    public static final int DEVICE_GIB = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The config as JSON text, in LLMServingSim's schema. */
    public String json() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("num_nodes", 1);
        root.put("link_bw", 450);
        root.put("link_latency", 2000);
        ObjectNode cxl = root.putObject("cxl_mem");
        cxl.put("mem_size", DEVICE_GIB);
        cxl.put("mem_bw", bandwidthGBps);
        cxl.put("mem_latency", latencyNs);
        cxl.put("num_devices", devices);
        ObjectNode node = root.putArray("nodes").addObject();
        node.put("num_instances", 1);
        ObjectNode cpu = node.putObject("cpu_mem");
        cpu.put("mem_size", 512);
        cpu.put("mem_bw", 250);
        cpu.put("mem_latency", 115);
        ArrayNode instances = node.putArray("instances");
        ObjectNode in = instances.addObject();
        in.put("model_name", "meta-llama/Llama-3.1-8B");
        in.put("hardware", "H100");
        ObjectNode npu = in.putObject("npu_mem");
        npu.put("mem_size", 80);
        npu.put("mem_bw", 3350);
        npu.put("mem_latency", 0);
        in.put("num_npus", 1);
        in.put("tp_size", 1);
        in.putNull("pd_type");
        in.set("placement", placement.json(f));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the config to a temporary file, loads and validates it, and deletes the file. */
    public ClusterConfig load() {
        try {
            Path file = Files.createTempFile("memwall-cxl-grid-", ".json");
            try {
                Files.writeString(file, json());
                return ClusterConfigLoader.load(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
