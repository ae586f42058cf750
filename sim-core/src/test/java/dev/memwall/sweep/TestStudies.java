package dev.memwall.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.memwall.testing.RepoPaths;

/** Small study files for tests: an inline two-instance cluster with CXL memory, a tiny generated workload. */
final class TestStudies {
    /** Two H100 instances of Llama-3.1-8B sharing four CXL devices. */
    static final String CLUSTER = """
            {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
             "cxl_mem": {"mem_size": 512, "mem_bw": 50, "mem_latency": 250, "num_devices": 4},
             "nodes": [{"num_instances": 2,
               "cpu_mem": {"mem_size": 1024, "mem_bw": 250, "mem_latency": 115},
               "instances": [
                 {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                  "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "num_npus": 1, "tp_size": 1,
                  "pd_type": null, "placement": {"default": {"weights": "cxl:*", "kv_loc": "npu", "kv_evict_loc": "cpu"}}},
                 {"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                  "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0}, "num_npus": 1, "tp_size": 1,
                  "pd_type": null, "placement": {"default": {"weights": "cxl:*", "kv_loc": "npu", "kv_evict_loc": "cpu"}}}
               ]}]}""";

    /** 32 points: 2 bandwidths x 2 latencies x 2 device counts x 2 placements x 2 arrival rates. */
    static final String AXES = """
            [{"name": "cxl_bw", "path": "cxl_mem.mem_bw", "unit": "GB/s", "values": [20, 200]},
             {"name": "cxl_latency", "path": "cxl_mem.mem_latency", "values": [150, 600]},
             {"name": "cxl_devices", "path": "cxl_mem.num_devices", "values": [1, 2]},
             {"name": "placement", "path": "nodes[0].instances[*].placement", "presets": {
                "weights-cxl": {"default": {"weights": "cxl:*", "kv_loc": "npu", "kv_evict_loc": "cpu"}},
                "kv-cxl": {"default": {"weights": "npu", "kv_loc": "cxl:*", "kv_evict_loc": "cpu"}}}},
             {"name": "arrival_rate", "path": "workload.arrival_rate", "values": [2, 8]}]""";

    private TestStudies() {
    }

    /** A 32-point study (the axes above) named {@code small}, written in {@code dir}. */
    static Path small(Path dir) {
        return write(dir, "small.json", AXES);
    }

    /** A study with the given axes (JSON array text), written as {@code dir/name}. */
    static Path write(Path dir, String name, String axes) {
        return writeRaw(dir, name, """
                {"seed": 7,
                 "cluster": %s,
                 "workload": {"generate": {"arrival": "poisson", "input_len": "uniform:64:512",
                              "output_len": "uniform:8:48"}, "num_reqs": 40, "arrival_rate": 4},
                 "options": {"models_dir": %s, "hardware_dir": %s},
                 "axes": %s}""".formatted(CLUSTER, quote(RepoPaths.models()), quote(RepoPaths.hardware()), axes));
    }

    static Path writeRaw(Path dir, String name, String json) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\") + "\"";
    }
}
