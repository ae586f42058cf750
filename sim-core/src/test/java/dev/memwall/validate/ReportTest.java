package dev.memwall.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.memwall.serving.TimingBackend;

/** The printed tables, gate verdicts and tally, for results made up by hand. */
class ReportTest {
    private static ValidationCase servingCase(String id, Map<String, Double> gate) {
        ValidationCase.Measured m = new ValidationCase.PerRequestCsv("m.csv");
        return new ValidationCase(id, Path.of(id + ".json"), "A title", "", gate, null,
                new ValidationCase.Serving("c.json", "t.csv", TimingBackend.ROOFLINE, null, null, null, m));
    }

    private static CaseResult result(String id, Map<String, Double> gate) {
        return new CaseResult(servingCase(id, gate), null, List.of("simulated: s", "measured: m"),
                List.of(new MetricRow("ttft_mean", "TTFT mean (ms)", 40.0, 30.0),
                        new MetricRow("tpot_mean", "TPOT mean (ms)", 10.0, 10.5)),
                List.of("H100"), null);
    }

    private static Map<String, Double> gate(double ttft, double tpot) {
        Map<String, Double> gate = new LinkedHashMap<>();
        gate.put("ttft_mean", ttft);
        gate.put("tpot_mean", tpot);
        return gate;
    }

    @Test
    void textShowsEachCaseAsATableWithItsGateThenTheTally() {
        List<CaseResult> results = List.of(result("failing", gate(25, 10)), result("passing", gate(30, 5)),
                CaseResult.skipped(servingCase("absent", Map.of()), "../shared/x.csv not found"),
                result("shown", Map.of()));
        StringWriter out = new StringWriter();
        Report.text(new PrintWriter(out), results);
        assertEquals(String.join("\n",
                "failing: A title",
                "  simulated: s",
                "  measured: m",
                "  metric         | measured | simulated | error %",
                "  ---------------+----------+-----------+--------",
                "  TTFT mean (ms) |   40.000 |    30.000 |   -25.0",
                "  TPOT mean (ms) |   10.000 |    10.500 |    +5.0",
                "  gate: TTFT mean within 25%: pass (-25.0%); TPOT mean within 10%: pass (+5.0%) => pass",
                "",
                "passing: A title",
                "  simulated: s",
                "  measured: m",
                "  metric         | measured | simulated | error %",
                "  ---------------+----------+-----------+--------",
                "  TTFT mean (ms) |   40.000 |    30.000 |   -25.0",
                "  TPOT mean (ms) |   10.000 |    10.500 |    +5.0",
                "  gate: TTFT mean within 30%: pass (-25.0%); TPOT mean within 5%: pass (+5.0%) => pass",
                "",
                "absent: skipped: ../shared/x.csv not found",
                "shown: A title",
                "  simulated: s",
                "  measured: m",
                "  metric         | measured | simulated | error %",
                "  ---------------+----------+-----------+--------",
                "  TTFT mean (ms) |   40.000 |    30.000 |   -25.0",
                "  TPOT mean (ms) |   10.000 |    10.500 |    +5.0",
                "  gate: none (shown for comparison)",
                "",
                "4 cases: 2 passed, 0 failed, 1 shown (not gated), 1 skipped",
                ""), out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void anErrorBeyondItsLimitFailsTheCase() {
        CaseResult r = result("tight", gate(20, 10));
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertEquals(List.of(new CaseResult.Check("TTFT mean", 20, -25.0, false),
                new CaseResult.Check("TPOT mean", 10, 5.0, true)), r.checks());
        assertEquals(1, Report.failed(List.of(r)));
    }

    @Test
    void anAllGateJudgesTheWorstRow() {
        CaseResult r = result("all", Map.of(ValidationCase.ALL, 1.0));
        assertEquals(List.of(new CaseResult.Check("every row", 1, -25.0, false)), r.checks());
    }

    @Test
    void markdownHasASummaryTheConstantsEveryCaseAndTheNotes() {
        StringWriter out = new StringWriter();
        Report.markdown(new PrintWriter(out), List.of(result("tight", gate(20, 10))),
                new Validator.Calibration(Map.of("H100", "calibrated on kernel tables"),
                        List.of(new Validator.Constant("H100", "compute", "0.32", "fitted once")),
                        List.of(new Validator.Constant("vllm-0.6", "sequence_overhead_us", "350", "fitted | once"))),
                "## Notes\n\nProse.\n");
        String md = out.toString().replace(System.lineSeparator(), "\n");
        String expectedTail = String.join("\n",
                "## Summary",
                "",
                "1 case: 0 passed, 1 failed, 0 shown (not gated), 0 skipped.",
                "",
                "| case | gate | result |",
                "|---|---|---|",
                "| [tight](#tight) | TTFT mean within 20%, TPOT mean within 10% | **FAIL** (TTFT mean -25.0%) |",
                "",
                "## Roofline constants",
                "",
                "The cases above ran the roofline backend with the constants of `configs/hardware/` and"
                        + " `configs/engines/`, each fitted once for all cases (never per case): `calibrate` fits a GPU's"
                        + " constants to its kernel tables and an engine's terms to end-to-end timings. Each number's"
                        + " source, naming the data and the fit, is in its file.",
                "",
                "| hardware | calibration |",
                "|---|---|",
                "| H100 | calibrated on kernel tables |",
                "",
                "| constant | H100 |",
                "|---|--:|",
                "| compute | 0.32 |",
                "",
                "| engine | term | value | source |",
                "|---|---|--:|---|",
                "| vllm-0.6 | sequence_overhead_us | 350 | fitted \\| once |",
                "",
                "## Cases",
                "",
                "### tight",
                "",
                "A title.",
                "",
                "- simulated: s",
                "- measured: m",
                "",
                "| metric | measured | simulated | error % |",
                "|---|--:|--:|--:|",
                "| TTFT mean (ms) | 40.000 | 30.000 | -25.0 |",
                "| TPOT mean (ms) | 10.000 | 10.500 | +5.0 |",
                "",
                "Gate: TTFT mean within 20%: **FAIL** (-25.0%); TPOT mean within 10%: pass (+5.0%). Result: **FAIL**.",
                "",
                "## Notes",
                "",
                "Prose.",
                "");
        assertEquals(expectedTail, md.substring(md.indexOf("## Summary")));
    }
}
