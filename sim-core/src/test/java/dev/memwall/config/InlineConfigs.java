package dev.memwall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memwall.input.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small valid cluster config to mutate, and helpers that write and load it as cluster.json. */
final class InlineConfigs {
    /** One node, one TP=1 instance, and four CXL devices that nothing uses. */
    static final String VALID = """
            {
              "num_nodes": 1,
              "link_bw": 16,
              "link_latency": 20000,
              "nodes": [
                {
                  "num_instances": 1,
                  "cpu_mem": {"mem_size": 512, "mem_bw": 256, "mem_latency": 0},
                  "instances": [
                    {
                      "model_name": "meta-llama/Llama-3.1-8B",
                      "hardware": "RTXPRO6000",
                      "npu_mem": {"mem_size": 96, "mem_bw": 1597, "mem_latency": 0},
                      "pd_type": null,
                      "tp_size": 1
                    }
                  ]
                }
              ],
              "cxl_mem": {"mem_size": 1024, "mem_bw": 60, "mem_latency": 250, "num_devices": 4}
            }
            """;

    /** {@link #VALID} without its cxl_mem section. */
    static final String VALID_WITHOUT_CXL = VALID.replace(",\n  \"cxl_mem\": {\"mem_size\": 1024,"
            + " \"mem_bw\": 60, \"mem_latency\": 250, \"num_devices\": 4}", "");

    private InlineConfigs() {
    }

    /** {@link #VALID} with text that occurs exactly once replaced. */
    static String validWith(String target, String replacement) {
        return replaced(VALID, target, replacement);
    }

    /** {@link #VALID} with extra keys appended to the instance object. */
    static String instanceWith(String extraKeys) {
        return validWith("\"tp_size\": 1", "\"tp_size\": 1, " + extraKeys);
    }

    /** Replaces text that must occur exactly once, so a test cannot edit more than it means to. */
    static String replaced(String json, String target, String replacement) {
        int at = json.indexOf(target);
        if (at < 0 || json.indexOf(target, at + 1) >= 0) {
            throw new IllegalArgumentException("config must contain exactly one " + target);
        }
        return json.replace(target, replacement);
    }

    static Path write(Path dir, String json) {
        try {
            return Files.writeString(dir.resolve("cluster.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClusterConfig load(Path dir, String json) {
        return ClusterConfigLoader.load(write(dir, json));
    }

    /** Asserts that loading fails with exactly this one-line message. */
    static void assertRejected(Path dir, String json, String expected) {
        InputException e = assertThrows(InputException.class, () -> load(dir, json));
        assertEquals(expected, e.getMessage());
        assertOneLineWithoutJavaNames(e.getMessage());
    }

    static void assertOneLineWithoutJavaNames(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), "message spans lines: " + message);
        assertFalse(message.matches(".*\\b(java|javax|com\\.fasterxml|dev\\.memwall)\\..*"),
                "message names a Java class: " + message);
        assertFalse(message.contains("Exception"), "message names an exception: " + message);
    }
}
