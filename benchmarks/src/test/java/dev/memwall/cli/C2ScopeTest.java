package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The launcher's compiler directives ({@code scripts/c2-scope.json}): a JVM refuses to start on a
 * file it cannot parse, so every sweep through the launcher would fail; and the order of its
 * directives decides what C2 compiles (the first match wins).
 */
class C2ScopeTest {
    private static final Path SCOPE = CliRun.root().resolve("scripts/c2-scope.json");

    @Test
    void thisJvmReadsTheDirectivesAndKeepsC2ForMemwallOnly() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-XX:+UnlockDiagnosticVMOptions",
                "-XX:CompilerDirectivesFile=" + SCOPE, "-XX:+CompilerDirectivesPrint", "-version"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("2 compiler directives added"), out);
        String[] directives = out.split("Directive:");
        // [0] is the preamble; [1] and [2] are ours in file order, then the JVM's default.
        String memwall = directives[1];
        String rest = directives[2];
        assertTrue(memwall.contains("dev/memwall/*.*") && memwall.contains("org/HdrHistogram/*.*"), memwall);
        assertTrue(c2Part(memwall).contains("Exclude:false"), memwall);
        assertTrue(rest.lines().anyMatch(l -> l.strip().equals("matching: *.*")), rest);
        assertTrue(c2Part(rest).contains("Exclude:true"), rest);
        assertTrue(c1Part(rest).contains("Exclude:false"), "C1 still compiles everything: " + rest);
    }

    @Test
    void launcherAppliesTheDirectivesToTheSweepTools() throws IOException {
        String launcher = Files.readString(CliRun.root().resolve("scripts/memwall"));
        assertTrue(launcher.contains("scope=\"$root/scripts/c2-scope.json\""), "launcher names the file");
        assertTrue(launcher.contains("sweep|member|compare)\n        if [ -f \"$scope\" ]"), "and uses it for these tools");
    }

    private static String c2Part(String directive) {
        return directive.substring(directive.indexOf("c2 directives:"));
    }

    private static String c1Part(String directive) {
        return directive.substring(directive.indexOf("c1 directives:"), directive.indexOf("c2 directives:"));
    }
}
