package dev.memwall.validate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.memwall.serving.TimingBackend;

/**
 * One validation case as read from its file by {@link CaseFiles}. Paths are kept as written
 * (relative to the repository root) so that messages show them as the user wrote them.
 *
 * @param id      the file name without {@code .json}
 * @param file    the case file
 * @param title   one line saying what is compared
 * @param notes   Markdown prose shown under the case's table, or empty
 * @param gatePct per metric id (or {@link #ALL}) the largest |error %| that passes; empty = not gated
 * @param skip    why the case is not run (e.g. a feature memwall lacks), or null
 */
public record ValidationCase(String id, Path file, String title, String notes, Map<String, Double> gatePct,
        String skip, Spec spec) {
    /** The gate key that applies a limit to every row of the case. */
    public static final String ALL = "all";

    /** Whether the case has thresholds (otherwise it is shown, never failed). */
    public boolean gated() {
        return !gatePct.isEmpty();
    }

    /** What is simulated and what it is compared with. */
    public sealed interface Spec permits Serving, IterationTimes, KernelTable {
    }

    /**
     * Measured kernel tables against the roofline's kernel formulas, per kernel class.
     *
     * @param hardware the GPU (a file of configs/hardware) whose spec and constants are used
     * @param fit      tables to fit the constants to first (calibrate's fit); empty: the
     *                 hardware file's constants as they are
     * @param tables   the tables the errors are measured on
     * @param modelsDir where the tables' models are, or null for configs/models
     */
    public record KernelTable(String hardware, List<String> fit, List<String> tables, String modelsDir)
            implements Spec {
    }

    /**
     * A whole simulation of a trace on a cluster config, compared per request.
     *
     * @param profileDir profile-bundle root, or null
     * @param engine the engine profile of the roofline backend (a name in configs/engines), or
     *     null for the newest
     * @param maxNumSeqs {@code --max-num-seqs} of the measured run, or null for LLMServingSim's default
     */
    public record Serving(String clusterConfig, String trace, TimingBackend timing, String profileDir,
            String engine, Integer maxNumSeqs, Measured measured) implements Spec {
    }

    /** Where a serving case's measured values come from. */
    public sealed interface Measured permits SummaryRow, PerRequestCsv {
        /** The measurement file, as written in the case. */
        String file();
    }

    /**
     * One row of a CSV of summary statistics.
     *
     * @param row         column to value; exactly one row must match all of them
     * @param columns     metric id (e.g. {@code ttft_mean}) to the column holding it
     * @param nsPerUnit   nanoseconds per unit of those columns
     * @param countColumn the column with the number of requests measured, or null
     */
    public record SummaryRow(String file, Map<String, String> row, Map<String, String> columns, double nsPerUnit,
            String countColumn) implements Measured {
    }

    /** A per-request CSV in LLMServingSim's format ({@code TTFT}, {@code TPOT}, {@code latency} in ns). */
    public record PerRequestCsv(String file) implements Measured {
    }

    /**
     * Single iterations timed with the roofline backend against SplitwiseSim's profiled iteration
     * times ({@code perf_model.csv}): prompt time at batch 1 over prompt sizes, token time over
     * batch sizes.
     *
     * @param row                 column to value selecting the model, hardware and TP in the CSV
     * @param referencePromptSize the prompt size ratios are taken to, and the decode batches' prompt
     * @param tokenSize           the generated length of the rows used
     * @param engine              the engine profile (a name in configs/engines), or null for the newest
     */
    public record IterationTimes(String model, String hardware, int tpSize, String engine, String file,
            Map<String, String> row, List<Integer> promptSizes, List<Integer> batchSizes, int referencePromptSize,
            int tokenSize) implements Spec {
    }
}
