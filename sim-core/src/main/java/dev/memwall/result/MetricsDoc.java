package dev.memwall.result;

import java.util.Locale;

import dev.memwall.options.RunOption;

/** {@code docs/metrics.md}: the metric vocabulary and the option table as one page, generated from them. */
public final class MetricsDoc {
    private MetricsDoc() {
    }

    /** The page's Markdown. */
    public static String markdown() {
        StringBuilder md = new StringBuilder(16_384);
        md.append("# Metrics and options\n\n")
                .append("Generated from `dev.memwall.result.Metric` and `dev.memwall.options.RunOption` ")
                .append("(a test fails when this page is stale; rewrite it with\n")
                .append("`mvn -q -pl sim-core test -Dtest=MetricsDocTest -Dmemwall.updateDocs=true`).\n\n")
                .append("## Metrics\n\n")
                .append("Every number a run reports has one entry. Its id is what `validate` calls it; the summary JSON\n")
                .append("(`simulate --summary-json`) holds it at the JSON path; a sweep's `points.csv` has it as a column;\n")
                .append("a JMH secondary result of a simulation benchmark takes the JMH name (the CXL grid and\n")
                .append("profiler post the TPOT, TTFT and ITL percentiles and output tokens/s). Latencies are\n")
                .append("simulated ms over completed requests; fractions are of the simulated time; memory in GiB\n")
                .append("(2^30 bytes), traffic in GB (10^9 bytes, as bandwidths are in GB/s).\n\n")
                .append("| id | summary JSON | points.csv | JMH | unit | meaning |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Metric m : Metric.values()) {
            md.append("| `").append(m.id()).append("` | `").append(m.jsonPath()).append("` | `").append(m.csvColumn())
                    .append("` | `").append(m.jmhName()).append("` | ").append(m.unit().symbol()).append(" | ")
                    .append(m.description()).append(" |\n");
        }
        md.append("\nBeside the metrics, the summary JSON has `memwall.version`; `inputs` (the cluster config's path")
                .append(" and SHA-256,\nthe dataset, its format, `num_reqs`, and every option below); `wall_seconds`")
                .append(" (0 with `--reproducible`);\n`utilization.bottleneck` (the busiest resource: `instance<i>.gpu`")
                .append(" for a GPU's compute, else a device or\nlink); and one row per instance and per device or link.\n")
                .append("\n## Options\n\n")
                .append("Declared once: `simulate` takes each as a flag, a study file's `options` object as a key, and")
                .append(" the summary\nrecords each under `inputs.options`.\n\n")
                .append("| study key | flag | takes | default | meaning |\n|---|---|---|---|---|\n");
        for (RunOption o : RunOption.values()) {
            String flag = o.kind() == RunOption.Kind.BOOLEAN ? "--[no-]" + o.flag().substring(2) : o.flag();
            md.append("| `").append(o.inStudies() ? o.key() : "(not in studies)").append("` | `").append(flag)
                    .append("` | ").append(o.kind().name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(o.defaultText() == null ? "see meaning" : "`" + o.defaultText() + "`").append(" | ")
                    .append(o.description()).append(" |\n");
        }
        return md.toString();
    }
}
