package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep's compiler directives ({@code c2-scope.json}): this JVM takes them, and their order
 * (the first match wins) keeps C2 for memwall and HdrHistogram and C1 for everything.
 */
class C2ScopeTest {
    @AfterEach
    void clearDirectives() throws JMException {
        diagnosticCommand("compilerDirectivesClear");
    }

    @Test
    void thisJvmTakesTheDirectivesAndKeepsC2ForMemwallOnly() throws JMException {
        assertTrue(C2Scope.apply(), "the JVM took the directives");
        String stack = diagnosticCommand("compilerDirectivesPrint");
        String[] directives = stack.split("Directive:");
        // [0] is the preamble; [1] and [2] are ours in file order, then the JVM's default.
        String memwall = directives[1];
        String rest = directives[2];
        assertTrue(memwall.contains("dev/memwall/*.*") && memwall.contains("org/HdrHistogram/*.*"), memwall);
        assertTrue(c2Part(memwall).contains("Exclude:false"), memwall);
        assertTrue(rest.lines().anyMatch(l -> l.strip().equals("matching: *.*")), rest);
        assertTrue(c2Part(rest).contains("Exclude:true"), rest);
        assertTrue(c1Part(rest).contains("Exclude:false"), "C1 still compiles everything: " + rest);
    }

    private static String diagnosticCommand(String operation) throws JMException {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }

    private static String c2Part(String directive) {
        return directive.substring(directive.indexOf("c2 directives:"));
    }

    private static String c1Part(String directive) {
        return directive.substring(directive.indexOf("c1 directives:"), directive.indexOf("c2 directives:"));
    }
}
