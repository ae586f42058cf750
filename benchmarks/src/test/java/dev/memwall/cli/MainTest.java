package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Tool.class)
    void eachToolNameMakesTheCommandOfThatName(Tool tool) {
        Object command = tool.create();
        assertEquals(tool.command(), command.getClass().getAnnotation(picocli.CommandLine.Command.class).name());
        assertEquals(tool, Tool.named(tool.command()));
    }

    @Test
    void noToolAnswersToANameThatIsNone() {
        assertEquals(null, Tool.named("simulat"));
        assertEquals(null, Tool.named(""));
    }

    static java.util.Set<String> toolNames() {
        return new java.util.LinkedHashSet<>(Tool.names());
    }

    /**
     * Every tool's help renders cleanly: picocli formats descriptions with String.format, so a
     * bare percent sign makes it warn on stderr and print the raw text.
     */
    @ParameterizedTest(name = "{0} --help")
    @MethodSource("toolNames")
    void everyToolsHelpRendersWithoutAFormattingWarning(String tool) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun r;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            r = CliRun.run(tool, "--help");
        } finally {
            System.setErr(stderr);
        }
        assertEquals(0, r.exitCode);
        String warnings = captured.toString(StandardCharsets.UTF_8) + r.err;
        assertFalse(warnings.contains("WARN"), warnings);
        assertTrue(r.out.startsWith("Usage: " + tool), r.out);
    }
}
