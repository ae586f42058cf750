package dev.memwall.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HardwareCatalogTest {
    private static final String WHERE = "cluster.json: nodes[0].instances[0].hardware";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theCatalogShipsExactlyTheTwelveGpus() {
        assertEquals(List.of("A100", "A6000", "B200", "GH200", "H100", "H100-PCIe", "H200", "L40S",
                "MI300X", "RTX3090", "RTX4090", "RTXPRO6000"), HardwareCatalog.knownHardware(RepoPaths.hardware()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A100", "A6000", "B200", "GH200", "H100", "H100-PCIe", "H200", "L40S",
            "MI300X", "RTX3090", "RTX4090", "RTXPRO6000"})
    void everyShippedGpuLoads(String name) {
        HardwareSpec h = HardwareCatalog.load(RepoPaths.hardware(), name, WHERE);
        assertEquals(name, h.name());
        assertTrue(h.memoryBandwidthBytesPerSec() > h.hostLink().achievableBytesPerSec());
        assertTrue(h.smCount() > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A6000", "H100", "RTX3090", "RTX4090", "RTXPRO6000"})
    void gpusWithMeasuredKernelTablesAreCalibratedAgainstThem(String name) {
        HardwareSpec h = HardwareCatalog.load(RepoPaths.hardware(), name, WHERE);
        assertTrue(h.calibration().calibrated(), name);
        assertTrue(h.calibration().against().contains(name + " "), h.calibration().against());
        assertTrue(h.calibration().describe().startsWith("calibrated on "), h.calibration().describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"A100", "B200", "GH200", "H100-PCIe", "H200", "L40S", "MI300X"})
    void gpusWithoutDataSayUncalibratedInEverySource(String name) throws IOException {
        HardwareSpec h = HardwareCatalog.load(RepoPaths.hardware(), name, WHERE);
        assertFalse(h.calibration().calibrated(), name);
        assertTrue(h.calibration().describe().startsWith("uncalibrated ("), h.calibration().describe());
        ObjectNode eff = (ObjectNode) JSON.readTree(RepoPaths.hardware().resolve(name + ".json").toFile())
                .get("efficiency");
        eff.fields().forEachRemaining(e -> assertTrue(e.getValue().get("source").asText().contains("uncalibrated"),
                name + " efficiency." + e.getKey()));
    }

    @Test
    void h100ReadsInSiUnits() {
        HardwareSpec h = HardwareCatalog.load(RepoPaths.hardware(), "H100", WHERE);
        assertEquals(80e9, h.memoryBytes());
        assertEquals(3350e9, h.memoryBandwidthBytesPerSec());
        assertEquals(989e12, h.bf16FlopsPerSec());
        assertEquals(1979e12, h.fp8FlopsPerSec());
        assertEquals(132, h.smCount());
        assertEquals(new HostLink("PCIe", 5, 16, 55e9, 10_000), h.hostLink());
        assertEquals(new ScaleUpLink("NVLink4", 450e9, 1_300), h.scaleUpLink());
        assertEquals(450e9, h.collectiveBytesPerSec());
        assertEquals(1_300, h.collectiveLatencyNs());
        assertEquals(null, h.pcieCollective());
        // Times in the file are us; the record holds ns.
        assertEquals(Math.round(h.roofline().fileValue("kernel_overhead_us") * 1_000), h.kernelOverheadNs());
    }

    @Test
    void engineTermsInAHardwareFileSayWhereTheyMoved() throws IOException {
        Path file = writeH100(root -> obj(root, "efficiency").set("sequence_overhead_us",
                obj(root, "efficiency", "kernel_overhead_us").deepCopy()));
        assertError(file + ": efficiency: sequence_overhead_us is an engine term now: it moved to"
                + " configs/engines/<engine>.json (see --engine)");
    }

    @Test
    void aMissingEfficiencyTermNamesTheFileAndKey() throws IOException {
        Path file = writeH100(root -> obj(root, "efficiency").remove("attention_decode_bandwidth"));
        assertError(file + ": efficiency: missing required key 'attention_decode_bandwidth'");
    }

    @Test
    void aFractionalGemmTileIsAnError() throws IOException {
        Path file = writeH100(root -> obj(root, "efficiency", "gemm_tile_m").put("value", 64.5));
        assertError(file + ": efficiency.gemm_tile_m.value: must be a whole number >= 1 (got 64.5)");
    }

    @Test
    void aNegativeAttentionSequenceCostIsAnError() throws IOException {
        Path file = writeH100(root -> obj(root, "efficiency", "attention_decode_sequence_us").put("value", -1));
        assertError(file + ": efficiency.attention_decode_sequence_us.value: must be >= 0 (got -1)");
    }

    @Test
    void anUnknownCalibrationStatusIsAnError() throws IOException {
        Path file = writeH100(root -> obj(root, "calibration").put("status", "fitted"));
        assertError(file + ": calibration.status: expected \"calibrated\" or \"uncalibrated\" (got \"fitted\")");
    }

    @Test
    void pcieOnlyCardsRunCollectivesOnTheirPcieCollectiveLink() {
        for (String name : List.of("L40S", "RTXPRO6000", "RTX4090", "A6000", "RTX3090")) {
            HardwareSpec h = HardwareCatalog.load(RepoPaths.hardware(), name, WHERE);
            assertEquals(ScaleUpLink.NONE, h.scaleUpLink(), name);
            assertFalse(h.scaleUpLink().present(), name);
            assertEquals(h.pcieCollective().busBytesPerSec(), h.collectiveBytesPerSec(), name);
            assertEquals(h.pcieCollective().latencyNs(), h.collectiveLatencyNs(), name);
        }
    }

    @Test
    void withoutAPcieCollectiveLinkTheHostLinkStandsIn() throws IOException {
        writeH100(root -> {
            root.putNull("pcie_collective");
            obj(root, "scale_up_link").putNull("kind");
            obj(root, "scale_up_link", "gb_per_s").putNull("value");
            obj(root, "scale_up_link", "latency_ns").putNull("value");
        });
        HardwareSpec h = HardwareCatalog.load(tmp, "H100", WHERE);
        assertEquals(55e9, h.collectiveBytesPerSec());
        assertEquals(10_000, h.collectiveLatencyNs());
    }

    @Test
    void a100HasNoFp8() {
        HardwareSpec h = HardwareCatalog.load(RepoPaths.hardware(), "A100", WHERE);
        assertFalse(h.hasFp8());
        assertTrue(Double.isNaN(h.fp8FlopsPerSec()));
        assertEquals(4, h.hostLink().generation());
    }

    @Test
    void gh200ReachesHostMemoryOverNvlinkC2c() {
        HardwareSpec h = HardwareCatalog.load(RepoPaths.hardware(), "GH200", WHERE);
        assertEquals(new HostLink("NVLink-C2C", 0, 0, 340e9, 10_000), h.hostLink());
    }

    @Test
    void aMissingKeyNamesTheFileAndKey() throws IOException {
        Path file = writeH100(root -> root.remove("memory_gb"));
        assertError(file + ": missing required key 'memory_gb'");
    }

    @Test
    void aNumberWithoutASourceIsAnError() throws IOException {
        Path file = writeH100(root -> obj(root, "efficiency", "compute").remove("source"));
        assertError(file + ": efficiency.compute: missing required key 'source'");
    }

    @Test
    void aStringWhereANumberBelongsNamesThePath() throws IOException {
        Path file = writeH100(root -> obj(root, "memory_gb").put("value", "80"));
        assertError(file + ": memory_gb.value: expected a number (got \"80\")");
    }

    @Test
    void aBareNumberWhereAValueObjectBelongsIsAnError() throws IOException {
        Path file = writeH100(root -> root.put("memory_gb", 80));
        assertError(file + ": memory_gb: expected an object {\"value\": ..., \"source\": \"...\"}"
                + " (got 80)");
    }

    @Test
    void aNegativeBandwidthIsAnError() throws IOException {
        Path file = writeH100(root -> obj(root, "memory_bandwidth_gb_per_s").put("value", -3350));
        assertError(file + ": memory_bandwidth_gb_per_s.value: must be > 0 (got -3350)");
    }

    @Test
    void anEfficiencyAboveOneIsAnError() throws IOException {
        Path file = writeH100(root -> obj(root, "efficiency", "memory_bandwidth").put("value", 1.4));
        assertError(file + ": efficiency.memory_bandwidth.value: must be in (0, 1] (got 1.4)");
    }

    @Test
    void onlyFp8MayBeNull() throws IOException {
        Path file = writeH100(root -> obj(root, "bf16_dense_tflops").putNull("value"));
        assertError(file + ": bf16_dense_tflops.value: expected a number (got null)");
    }

    @Test
    void aMisspeltKeyIsAnErrorSuggestingTheNearestOne() throws IOException {
        Path file = writeH100(root -> root.set("memory_bandwith_gb_per_s",
                root.remove("memory_bandwidth_gb_per_s")));
        assertError(file + ": unknown key 'memory_bandwith_gb_per_s' (did you mean"
                + " 'memory_bandwidth_gb_per_s'?)");
    }

    @Test
    void aMisspeltNestedKeyNamesItsParentPath() throws IOException {
        Path file = writeH100(root -> obj(root, "efficiency").set("kernel_overhead_ns",
                obj(root, "efficiency").remove("kernel_overhead_us")));
        assertError(file + ": efficiency: unknown key 'kernel_overhead_ns' (did you mean"
                + " 'kernel_overhead_us'?)");
    }

    @Test
    void anUnrelatedUnknownKeyListsTheValidOnes() throws IOException {
        Path file = writeH100(root -> obj(root, "host_link").put("zzz", 1));
        assertError(file + ": host_link: unknown key 'zzz' (allowed: kind, generation,"
                + " lanes, achievable_gb_per_s, latency_ns)");
    }

    @Test
    void aScaleUpLinkWithoutAKindMustHaveNoNumbers() throws IOException {
        Path file = writeH100(root -> obj(root, "scale_up_link").putNull("kind"));
        assertError(file + ": scale_up_link.gb_per_s.value: must be null when kind is null"
                + " (no scale-up link) (got 450)");
    }

    @Test
    void theNameInsideMustMatchTheFileName() throws IOException {
        Path file = writeH100(root -> root.put("name", "H200"));
        assertError(file + ": name: must match the file name 'H100' (got 'H200')");
    }

    @Test
    void truncatedJsonIsOneLineNamingFileLineAndColumn() throws IOException {
        String text = Files.readString(RepoPaths.hardware().resolve("H100.json"));
        Path file = tmp.resolve("H100.json");
        Files.writeString(file, text.substring(0, 300));
        InputException e = assertThrows(InputException.class,
                () -> HardwareCatalog.load(tmp, "H100", WHERE));
        assertTrue(e.getMessage().matches(Pattern.quote(file.toString())
                + ":\\d+:\\d+: invalid JSON: .+"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("Source"), e.getMessage());
    }

    @Test
    void anUnknownGpuListsTheKnownOnes() throws IOException {
        writeH100(root -> { });
        Files.writeString(tmp.resolve("A100.json"), "{}");
        InputException e = assertThrows(InputException.class,
                () -> HardwareCatalog.load(tmp, "H300", WHERE));
        assertEquals(WHERE + ": unknown hardware 'H300' (no " + tmp.resolve("H300.json")
                + "; known: A100, H100)", e.getMessage());
    }

    private void assertError(String expected) {
        InputException e = assertThrows(InputException.class,
                () -> HardwareCatalog.load(tmp, "H100", WHERE));
        assertEquals(expected, e.getMessage());
    }

    /** Writes the shipped H100.json into the temp dir after {@code edit}. */
    private Path writeH100(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(RepoPaths.hardware().resolve("H100.json").toFile());
        edit.accept(root);
        Path file = tmp.resolve("H100.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return file;
    }

    private static ObjectNode obj(ObjectNode root, String... path) {
        ObjectNode node = root;
        for (String key : path) {
            node = (ObjectNode) node.get(key);
        }
        return node;
    }
}
