package dev.memwall.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.memwall.hardware.EngineCatalog;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.hardware.ValidatedErrors;
import dev.memwall.model.ModelCatalog;
import dev.memwall.pim.PimIniReader;
import dev.memwall.testing.RepoPaths;

/**
 * The tests run in sim-core/, which has no configs/ of its own: relative configs/ paths there are
 * what a user outside the repository gives, and must be read from the shipped copies.
 */
class ShippedFilesTest {
    private static void assumeNoConfigsHere() {
        assumeFalse(Files.exists(Path.of("configs")), "the working directory has a configs/ of its own");
    }

    @Test
    void readsAShippedModelHardwareAndClusterConfigWhenNotOnDisk() {
        assumeNoConfigsHere();
        assertEquals(ModelCatalog.load(RepoPaths.models(), "meta-llama/Llama-3.1-8B", "here"),
                ModelCatalog.load(Path.of("configs/models"), "meta-llama/Llama-3.1-8B", "here"));
        assertEquals(HardwareCatalog.load(RepoPaths.configs().resolve("hardware"), "H100", "here"),
                HardwareCatalog.load(Path.of("configs/hardware"), "H100", "here"));
        Path cluster = Path.of("configs/cluster/two_instance_h100.json");
        assertArrayEquals(JsonFiles.read(RepoPaths.root().resolve(cluster)), JsonFiles.read(cluster));
    }

    @Test
    void readsTheShippedEngineProfilesAndPimInisWhenNotOnDisk() {
        assumeNoConfigsHere();
        Path engines = EngineCatalog.enginesDirFor(Path.of("configs/hardware"));
        assertEquals(Path.of("configs/engines"), engines, "a relative hardware folder's engines stay relative");
        assertEquals(EngineCatalog.known(RepoPaths.configs().resolve("engines")), EngineCatalog.known(engines));
        assertEquals(EngineCatalog.load(RepoPaths.configs().resolve("engines"), null, "here"),
                EngineCatalog.load(engines, null, "here"));
        assertEquals(PimIniReader.load(RepoPaths.configs().resolve("pim"), "DDR5_16GB_4800_pim", "here"),
                PimIniReader.load(Path.of("configs/pim"), "DDR5_16GB_4800_pim", "here"));
        assertEquals(ValidatedErrors.load(ValidatedErrors.fileFor(RepoPaths.configs().resolve("hardware"))).entries(),
                ValidatedErrors.load(ValidatedErrors.fileFor(Path.of("configs/hardware"))).entries());
        assertFalse(ValidatedErrors.load(ValidatedErrors.fileFor(Path.of("configs/hardware"))).entries().isEmpty(),
                "each run's fidelity line quotes the shipped validation errors");
    }

    @Test
    void listsTheShippedModelsForAnUnknownOne() {
        assumeNoConfigsHere();
        InputException e = assertThrows(InputException.class,
                () -> ModelCatalog.load(Path.of("configs/models"), "meta-llama/Llama-9", "cluster.json: model_name"));
        assertTrue(e.getMessage().contains("known: ") && e.getMessage().contains("meta-llama/Llama-3.1-8B"),
                e.getMessage());
    }

    @Test
    void neverRedirectsPathsOutsideConfigsOrFilesOnDisk() {
        assumeNoConfigsHere();
        assertFalse(ShippedFiles.isFile(Path.of("cluster/two_instance_h100.json")));
        assertFalse(ShippedFiles.isFile(Path.of("configs/cluster/no_such.json")));
        assertEquals(null, ShippedFiles.shippedCopy(RepoPaths.root().resolve("configs/cluster/two_instance_h100.json")));
        InputException e = assertThrows(InputException.class, () -> JsonFiles.read(Path.of("configs/cluster/x.json")));
        assertEquals("configs/cluster/x.json: no such file", e.getMessage());
    }
}
