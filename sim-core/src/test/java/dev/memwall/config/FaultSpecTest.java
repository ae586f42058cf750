package dev.memwall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.input.InputException;

/** Fault specs: what each form means, and the one-line refusals. */
class FaultSpecTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cxl:0@30|CXL|0|30000000000|-1|1",
        "cxl:2@1.5-4|CXL|2|1500000000|4000000000|1",
        "link:1@10:bw=0.25|LINK|1|10000000000|-1|0.25",
        "link:0@10-20:bw=0.5|LINK|0|10000000000|20000000000|0.5",
        "instance:3@0.001|INSTANCE|3|1000000|-1|1"})
    void parsesEachForm(String text, FaultSpec.Kind kind, int target, long at, long until, double bw) {
        FaultSpec s = FaultSpec.parse(text, "t");
        assertEquals(new FaultSpec(text, kind, target, at, until, bw), s);
        assertEquals(until >= 0, s.ends());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gpu:0@1|'gpu:0@1' is not a fault",
        "cxl:0@5-2|'cxl:0@5-2': the end must come after the start",
        "link:0@5|'link:0@5': a link fault says what bandwidth is left",
        "link:0@5:bw=1.5|'link:0@5:bw=1.5': bw must be a fraction in (0, 1]",
        "cxl:0@5:bw=0.5|'cxl:0@5:bw=0.5': bw= is for link faults only",
        "cxl:0@99999999|'cxl:0@99999999': times must be at most 31536000 s"})
    void refusesWhatIsNotAFaultInOneLine(String text, String expected) {
        InputException e = assertThrows(InputException.class, () -> FaultSpec.parse(text, "simulate: --fault"));
        assertTrue(e.getMessage().startsWith("simulate: --fault: " + expected), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"cxl:0@1,instance:1@2|2", "' '|0"})
    void readsCommaSeparatedLists(String text, int n) {
        assertEquals(n, FaultSpec.parseAll(text, "t").size());
    }
}
