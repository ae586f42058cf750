package dev.memwall.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.testing.RepoPaths;

/** What a run says about its own fidelity: backend, calibration, the nearest validated error. */
class FidelityTest {
    private static final ValidatedErrors ERRORS = ValidatedErrors.of(List.of(
            new ValidatedErrors.Entry("bench_8b", "t", "roofline", "vllm-v1", "RTXPRO6000", "meta-llama/Llama-3.1-8B", 1,
                    -2.2, -1.1),
            new ValidatedErrors.Entry("bench_32b", "t", "roofline", "vllm-v1", "RTXPRO6000", "Qwen/Qwen3-32B", 2,
                    -3.1, -2.9),
            new ValidatedErrors.Entry("apex_tp8", "t", "roofline", "vllm-0.6", "H100", "meta-llama/Llama-3.1-70B", 8,
                    -4.0, 8.2),
            new ValidatedErrors.Entry("apex_tp2", "t", "roofline", "vllm-0.6", "H100", "meta-llama/Llama-3.1-70B", 2,
                    -3.6, 0.7),
            new ValidatedErrors.Entry("bench_8b_profile", "t", "profile", "", "RTXPRO6000", "meta-llama/Llama-3.1-8B",
                    1, -0.2, -0.1)));

    @TempDir
    Path dir;

    private static HardwareSpec hw(String name) {
        return HardwareCatalog.load(RepoPaths.hardware(), name, "test");
    }

    @Test
    void aCalibratedGpuQuotesItsOwnNearestCase() {
        Fidelity f = Fidelity.of("roofline", "vllm-v1", hw("RTXPRO6000"), "Qwen/Qwen3-32B", 2, ERRORS);
        assertEquals("roofline (engine vllm-v1), RTXPRO6000 calibrated on profile tables; nearest validated case"
                + " bench_32b: TPOT error -2.9 %, TTFT -3.1 %", f.describe());
    }

    @Test
    void theNearestTpDegreeWinsAmongOneModelsCases() {
        assertEquals("apex_tp2", Fidelity.of("roofline", "vllm-0.6", hw("H100"), "meta-llama/Llama-3.1-70B", 2, ERRORS)
                .nearest().caseId());
        assertEquals("apex_tp8", Fidelity.of("roofline", "vllm-0.6", hw("H100"), "meta-llama/Llama-3.1-70B", 8, ERRORS)
                .nearest().caseId());
        // TP4 is as near TP2 as TP8 (in log2): the case listed first wins.
        assertEquals("apex_tp8", Fidelity.of("roofline", "vllm-0.6", hw("H100"), "meta-llama/Llama-3.1-70B", 4, ERRORS)
                .nearest().caseId());
    }

    @Test
    void anUncalibratedGpuSaysSoAndWhoseCaseItQuotes() {
        Fidelity f = Fidelity.of("roofline", "vllm-v1", hw("B200"), "meta-llama/Llama-3.1-8B", 1, ERRORS);
        assertEquals("roofline (engine vllm-v1), B200 uncalibrated; nearest validated case bench_8b (on RTXPRO6000,"
                + " not this GPU): TPOT error -1.1 %, TTFT -2.2 %", f.describe());
    }

    @Test
    void aCaseRunWithAnotherEngineIsSaidToBe() {
        Fidelity f = Fidelity.of("roofline", "vllm-v1", hw("H100"), "meta-llama/Llama-3.1-70B", 2, ERRORS);
        assertEquals("roofline (engine vllm-v1), H100 calibrated on legacy kernel tables and end to end; nearest"
                + " validated case apex_tp2 (with engine vllm-0.6): TPOT error +0.7 %, TTFT -3.6 %", f.describe());
    }

    @Test
    void theProfileBackendQuotesProfileCasesOnly() {
        Fidelity f = Fidelity.of("profile", "", hw("H100"), "meta-llama/Llama-3.1-8B", 1, ERRORS);
        assertEquals("profile (measured kernel tables of H100); nearest validated case bench_8b_profile (on"
                + " RTXPRO6000, not this GPU): TPOT error -0.1 %, TTFT -0.2 %", f.describe());
        assertNull(ValidatedErrors.none().nearest("profile", "H100", "", "m", 1));
        assertEquals("profile (measured kernel tables of H100); no validated case for this backend",
                Fidelity.of("profile", "", hw("H100"), "m", 1, ValidatedErrors.none()).describe());
    }

    @Test
    void errorsWrittenAreReadBackTheSame() {
        Path file = dir.resolve("recorded/errors.json");
        ERRORS.write(file, "test");
        assertEquals(ERRORS.entries(), ValidatedErrors.load(file).entries());
        assertEquals(List.of(), ValidatedErrors.load(dir.resolve("absent.json")).entries());
    }
}
