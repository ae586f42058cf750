package dev.memwall.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Study files and helpers for the sweep, plot and member tool tests. */
final class SweepFixtures {
    private SweepFixtures() {
    }

    /**
     * A study over 2 bandwidths x 2 device counts x 2 placements x 2 arrival rates (16 points)
     * on {@code requests} generated requests, using the repository's two-instance CXL cluster.
     */
    static Path study(Path dir, int requests, String bandwidths) {
        String json = """
                {"seed": 11,
                 "cluster": %s,
                 "workload": {"generate": {"arrival": "poisson", "input_len": "uniform:64:512",
                              "output_len": "uniform:8:64"}, "num_reqs": %d, "arrival_rate": 4},
                 "options": {"models_dir": %s, "hardware_dir": %s},
                 "axes": [
                   {"name": "cxl_bw", "path": "cxl_mem.mem_bw", "values": [%s]},
                   {"name": "cxl_latency", "path": "cxl_mem.mem_latency", "values": [150, 600]},
                   {"name": "cxl_devices", "path": "cxl_mem.num_devices", "values": [1, 4]},
                   {"name": "placement", "path": "nodes[0].instances[*].placement", "presets": {
                      "weights-cxl": {"default": {"weights": "cxl:*", "kv_loc": "npu", "kv_evict_loc": "cpu"}},
                      "kv-cxl": {"default": {"weights": "npu", "kv_loc": "cxl:*", "kv_evict_loc": "cpu"}}}},
                   {"name": "arrival_rate", "path": "workload.arrival_rate", "values": [2, 8]}],
                 "plots": {"fixed": {"cxl_devices": 4}}}""".formatted(
                quote(CliRun.root().resolve("configs/cluster/two_instance_h100_cxl.json")), requests,
                quote(CliRun.root().resolve("configs/models")), quote(CliRun.root().resolve("configs/hardware")),
                bandwidths);
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("study.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a study from {@code json} whose three {@code %s} are the two-instance CXL cluster,
     * the models and the hardware folders.
     */
    static Path write(Path dir, String name, String json) {
        String text = json.formatted(quote(CliRun.root().resolve("configs/cluster/two_instance_h100_cxl.json")),
                quote(CliRun.root().resolve("configs/models")), quote(CliRun.root().resolve("configs/hardware")));
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\") + "\"";
    }

    static String[] args(Object... parts) {
        return java.util.Arrays.stream(parts).map(String::valueOf).toArray(String[]::new);
    }

    /** Lines of a file. */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on right now, on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
