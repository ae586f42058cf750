package dev.memwall.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;

/** calibrate from kernel tables: what it writes, and its one-line errors on bad tables. */
class CalibratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAYERS = "embedding,layernorm,qkv_proj,rotary_emb,o_proj,gate_up_proj,act_fn,down_proj,"
            + "final_layernorm";

    @TempDir
    Path dir;

    /** A small Llama-3.1-8B bundle of {@code hardware}: four token counts per layer, a few attention rows. */
    private Path bundle(String name, String hardware, Map<String, String> replace) throws IOException {
        Path variant = dir.resolve(name).resolve("bf16");
        Path tp1 = variant.resolve("tp1");
        Files.createDirectories(tp1);
        Files.writeString(variant.resolve("meta.yaml"), "hardware: " + hardware
                + "\nmodel: meta-llama/Llama-3.1-8B\nvllm_version: 0.19.0\n");
        StringBuilder dense = new StringBuilder("layer,tokens,time_us\n");
        for (String layer : LAYERS.split(",")) {
            double scale = layer.endsWith("proj") ? 30 : 2.5;
            for (int t : new int[] {1, 64, 512, 2048}) {
                dense.append(layer).append(',').append(t).append(',').append(scale * (1 + t / 256.0)).append('\n');
            }
        }
        Map<String, String> files = new java.util.HashMap<>(Map.of(
                "dense.csv", dense.toString(),
                "per_sequence.csv", "layer,sequences,time_us\nlm_head,1,700\nlm_head,64,715\nsampler,1,25\n"
                        + "sampler,64,50\n",
                "attention.csv", "prefill_chunk,kv_prefill,n_decode,kv_decode,time_us\n512,0,0,0,25\n2048,0,0,0,170\n"
                        + "0,0,1,16,8\n0,0,64,1024,220\n256,0,16,256,40\n"));
        files.putAll(replace);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(tp1.resolve(f.getKey()), f.getValue());
        }
        return variant;
    }

    private Calibrator.Outcome run(List<Path> tables, Path out) {
        return Calibrator.run(new Calibrator.Request(tables, null, RepoPaths.hardware(),
                RepoPaths.configs().resolve("models"), out, null, null), new PrintWriter(new StringWriter()));
    }

    private String error(Path table) {
        InputException e = assertThrows(InputException.class, () -> run(List.of(table), null));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void everyFittedNumberIsWrittenWithASourceNamingTheDataAndTheFit() throws IOException {
        Path out = dir.resolve("RTXPRO6000.json");
        run(List.of(bundle("b", "RTXPRO6000", Map.of())), out);
        JsonNode root = JSON.readTree(out.toFile());
        String data = "LLMServingSim bundle RTXPRO6000 meta-llama/Llama-3.1-8B bf16 tp1 (vLLM 0.19.0)";
        root.get("efficiency").fields().forEachRemaining(e -> {
            String source = e.getValue().get("source").asText();
            assertTrue(source.startsWith("[M] ") && source.contains(data) && source.contains("Levenberg-Marquardt"),
                    e.getKey() + ": " + source);
        });
        assertEquals("calibrated", root.get("calibration").get("status").asText());
        assertEquals("profile tables: " + data, root.get("calibration").get("against").asText());
        // The written file is a valid hardware file of the same GPU.
        HardwareSpec written = HardwareCatalog.load(dir, "RTXPRO6000", "test");
        assertEquals(188, written.smCount());
    }

    @Test
    void aMissingColumnNamesTheFileAndTheHeaderLine() throws IOException {
        Path b = bundle("b", "RTXPRO6000", Map.of("dense.csv", "layer,tokens,time\nqkv_proj,1,3\n"));
        assertEquals(b.resolve("tp1/dense.csv") + ":1: time_us: missing column (header is 'layer,tokens,time',"
                + " expected layer,tokens,time_us)", error(b));
    }

    @Test
    void aTableWithoutRowsIsAnError() throws IOException {
        Path b = bundle("b", "RTXPRO6000", Map.of("attention.csv",
                "prefill_chunk,kv_prefill,n_decode,kv_decode,time_us\n"));
        assertEquals(b.resolve("tp1/attention.csv") + ":1: no data rows after the header", error(b));
    }

    @Test
    void aNegativeTimeNamesFileLineAndColumn() throws IOException {
        Path b = bundle("b", "RTXPRO6000", Map.of("per_sequence.csv", "layer,sequences,time_us\nlm_head,1,700\n"
                + "sampler,1,-25\n"));
        assertEquals(b.resolve("tp1/per_sequence.csv") + ":3: time_us: must be >= 0 (got -25)", error(b));
    }

    @Test
    void aZeroTimeIsAnError() throws IOException {
        Path b = bundle("b", "RTXPRO6000", Map.of("dense.csv", "layer,tokens,time_us\nqkv_proj,1,0\n"));
        assertEquals(b.resolve("tp1/dense.csv") + ":2: time_us: must be a time > 0 (got 0)", error(b));
    }

    @Test
    void aLayerTheModelDoesNotHaveIsAnError() throws IOException {
        Path b = bundle("b", "RTXPRO6000", Map.of("dense.csv", "layer,tokens,time_us\nmoe,1,30\n"));
        assertEquals(b.resolve("tp1/dense.csv") + ":2: layer: 'moe' is not a dense layer of meta-llama/Llama-3.1-8B"
                + " (memwall's layers: embedding, layernorm, qkv_proj, rotary_emb, o_proj, gate_up_proj, act_fn,"
                + " down_proj, final_layernorm)", error(b));
    }

    @Test
    void aGpuWithNoHardwareFileIsAnErrorListingTheKnownOnes() throws IOException {
        Path b = bundle("b", "H300", Map.of());
        String e = error(b);
        assertTrue(e.startsWith("calibrate: " + b + ": hardware: unknown hardware 'H300' (no "), e);
        assertTrue(e.contains("; known: A100, A6000, B200,"), e);
    }

    @Test
    void tablesOfTwoGpusAreRefused() throws IOException {
        Path a = bundle("a", "RTXPRO6000", Map.of());
        Path b = bundle("b", "RTX4090", Map.of());
        InputException e = assertThrows(InputException.class, () -> run(List.of(a, b), null));
        assertEquals(b + ": measured on RTX4090, not RTXPRO6000 (calibrate one GPU at a time)", e.getMessage());
    }

    @Test
    void aFolderThatIsNeitherABundleNorALegacyTableIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(dir.resolve("empty") + ": neither a profile bundle (no meta.yaml) nor a legacy table folder"
                + " (no tp<N>/layers.csv)", error(dir.resolve("empty")));
    }

    @Test
    void calibratingTheRtxpro6000Llama31BundleReproducesTheShippedFiles() throws IOException {
        assumeTrue(RepoPaths.shared() != null, "../shared is absent");
        Path table = RepoPaths.shared().resolve("llmservingsim-files/profiler/perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16");
        Path hardware = dir.resolve("RTXPRO6000.json");
        Path engine = dir.resolve("vllm-v1.json");
        Calibrator.run(new Calibrator.Request(List.of(table), null, RepoPaths.hardware(),
                RepoPaths.configs().resolve("models"), hardware, engine, "vllm-v1"), new PrintWriter(new StringWriter()));
        assertEquals(Files.readString(RepoPaths.hardware().resolve("RTXPRO6000.json")), Files.readString(hardware));
        assertEquals(Files.readString(RepoPaths.configs().resolve("engines/vllm-v1.json")), Files.readString(engine));
    }
}
