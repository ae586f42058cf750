package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When {@code simulate} draws its progress line rather than LLMServingSim's heartbeat lines. */
class SimulateProgressTest {
    @ParameterizedTest(name = "terminal={0} --log-interval given={1} level={2} -> {3}")
    @CsvSource({
            "true,  false, WARNING, true",
            "false, false, WARNING, false", // piped or redirected: the heartbeat lines, as LLMServingSim prints them
            "true,  true,  WARNING, false", // heartbeat lines asked for
            "true,  false, INFO,    false", // iteration lines asked for: the bar would tear them
            "true,  false, ERROR,   false" // quiet
    })
    void theProgressLineIsDrawnOnlyOnATerminalWhenNoLinesWereAskedFor(boolean terminal, boolean logIntervalGiven,
            String level, boolean expected) {
        assertEquals(expected, SimulateProgress.wanted(terminal, logIntervalGiven, level));
    }
}
