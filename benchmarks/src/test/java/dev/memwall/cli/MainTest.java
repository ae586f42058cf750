package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void aMisspeltToolIsToldApartFromABenchmarkPatternOrAnOption() {
        assertTrue(Main.looksLikeMistypedTool("simulte"));
        assertTrue(Main.looksLikeMistypedTool("nosuchtool"));
        // Benchmark patterns and JMH options go on to JMH.
        assertFalse(Main.looksLikeMistypedTool("EventHeap"));
        assertFalse(Main.looksLikeMistypedTool("engine"));
        assertFalse(Main.looksLikeMistypedTool("-l"));
        assertFalse(Main.looksLikeMistypedTool("CxlGrid.*"));
    }

    @Test
    void anUnknownToolNameGivenToRunIsABadInput() {
        CliRun r = CliRun.run("simulte");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.startsWith("memwall: unknown tool 'simulte'"), r.err);
    }
}
