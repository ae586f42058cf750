package dev.memwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.report.CompareCharts;

/** {@code compare}: the files it writes, what the HTML holds, and bad input. */
class CompareCommandTest {
    @TempDir
    Path dir;

    private static String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of(CliRun.catalogs()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void writesTheMarkdownTheSelfContainedHtmlAndEveryPlot() throws Exception {
        Path out = dir.resolve("cmp");
        CliRun r = CliRun.run("compare", args(
                CliRun.root().resolve("configs/cluster/two_instance_h100.json").toString(),
                CliRun.root().resolve("configs/cluster/two_instance_h100_cxl.json").toString(),
                "--dataset", CliRun.root().resolve("workloads/example-poisson-200.jsonl").toString(),
                "--num-reqs", "40", "--slo", "ttft<=2s,tpot<=100ms", "--out", out.toString()));
        assertEquals(0, r.exitCode, r.err);
        for (String png : List.of(CompareCharts.TTFT_CDF, CompareCharts.TPOT_CDF, CompareCharts.THROUGHPUT,
                CompareCharts.MEMORY, CompareCharts.POWER)) {
            byte[] b = Files.readAllBytes(out.resolve(png));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png);
        }
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| TPOT p99 (ms) |"), md);
        assertTrue(md.contains("| SLO met |"), md);
        assertTrue(md.contains("![ttft-cdf](ttft-cdf.png)"), md);
        String html = Files.readString(out.resolve("report.html"));
        Matcher m = Pattern.compile("src=\"data:image/png;base64,").matcher(html);
        int images = 0;
        while (m.find()) {
            images++;
        }
        assertEquals(5, images);
        assertFalse(html.contains("src=\"ttft"), "an image by file name: not self-contained");
        assertTrue(r.out.contains("meeting the SLO:"), r.out);
    }

    @Test
    void readsShippedClusterConfigsFromTheJarOutsideTheRepository() throws Exception {
        // The tests run in benchmarks/, which has no configs/ of its own: as a user elsewhere.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("configs")), "a configs/ here");
        CliRun r = CliRun.run("compare", "configs/cluster/two_instance_h100.json",
                "configs/cluster/two_instance_h100_cxl.json",
                "--dataset", CliRun.root().resolve("workloads/example-poisson-200.jsonl").toString(),
                "--num-reqs", "20", "--out", dir.resolve("cmp").toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(Files.readString(dir.resolve("cmp").resolve("report.md")).contains("| TPOT p99 (ms) |"));
    }

    @Test
    void aMissingConfigIsOneLineAndExitTwo() {
        CliRun r = CliRun.run("compare", args(
                CliRun.root().resolve("configs/cluster/two_instance_h100.json").toString(), "nope.json",
                "--dataset", CliRun.root().resolve("workloads/example-poisson-200.jsonl").toString(),
                "--out", dir.resolve("x").toString()));
        assertEquals(2, r.exitCode, r.err);
        assertEquals("nope.json: no such file", r.err.strip());
    }

    @Test
    void oneConfigAloneIsNotAComparison() {
        CliRun r = CliRun.run("compare", args(CliRun.root().resolve("configs/cluster/two_instance_h100.json")
                .toString(), "--dataset", "x.jsonl"));
        assertEquals(2, r.exitCode, r.err);
        assertFalse(r.err.strip().contains("\n"), r.err);
    }
}
