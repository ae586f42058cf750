package dev.memwall.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.memwall.hardware.ValidatedErrors;
import dev.memwall.input.InputException;
import dev.memwall.validate.CaseFiles;
import dev.memwall.validate.CaseResult;
import dev.memwall.validate.Report;
import dev.memwall.validate.ValidationCase;
import dev.memwall.validate.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate}: simulated against measured latencies, case by case. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replays validation cases and prints, per case, the table",
            "  metric | measured | simulated | error %%",
            "with error = (simulated - measured) / measured, and whether the case is",
            "within its gate (thresholds on |error %%|).",
            "",
            "A case is a JSON file in the cases directory (schema:",
            "configs/validation/README.md) naming a trace and cluster config, or a",
            "model and GPU, and the measurements to compare with. Paths in it are",
            "relative to the repository root. A case whose files are absent (e.g.",
            "../shared) prints 'skipped: <file> not found' and does not fail.",
            "",
            "Examples (java -jar benchmarks/target/benchmarks.jar validate ...):",
            "  validate --all",
            "  validate apexplus_lmsys05_tp8 llmservingsim_example",
            "  validate --all --markdown --errors-json configs/validation/recorded/errors.json \\",
            "      > docs/validation.md",
            ""},
        footer = {"",
            "Exit codes: 0 every gated case within its thresholds (skipped and",
            "ungated cases do not count), 3 a gated case outside its thresholds,",
            "2 bad input (one line on stderr naming the file and JSON path),",
            "1 internal fault."})
public final class ValidateCommand implements Callable<Integer> {
    /** Exit code when a gated case is outside its thresholds. */
    static final int EXIT_GATE_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CASE", arity = "0..*",
            description = "Case names (file names in the cases directory without .json) or paths to case files.")
    List<String> cases = new ArrayList<>();

    @Option(names = "--all", description = "Every case in the cases directory, in file-name order.")
    boolean all;

    @Option(names = "--markdown",
            description = "Print Markdown: the page docs/validation.md is (summary, roofline constants, cases,"
                    + " then <cases-dir>/notes.md).")
    boolean markdown;

    @Option(names = "--errors-json", paramLabel = "FILE",
            description = "Also write every serving case's mean TTFT and TPOT errors here, the file simulate quotes"
                    + " the nearest validated case from (configs/validation/recorded/errors.json).")
    Path errorsJson;

    @Option(names = "--cases-dir", paramLabel = "DIR",
            description = "Where the cases are (default: configs/validation under --root).")
    Path casesDir;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Repository root that case paths, configs/models and configs/hardware are relative to"
                    + " (default: the current directory).")
    Path root = Path.of("");

    @Override
    public Integer call() {
        if (all == !cases.isEmpty()) {
            throw new InputException("validate: " + (all ? "give either --all or case names, not both"
                    : "give --all or one or more case names") + " (see 'validate --help')");
        }
        if (!Files.isDirectory(root.resolve("configs"))) {
            throw new InputException("validate: --root: " + root.toAbsolutePath().normalize() + " has no configs/"
                    + " directory (run from the repository root or pass --root)");
        }
        Path dir = casesDir != null ? casesDir : root.resolve("configs/validation");
        List<Path> files = new ArrayList<>();
        if (all) {
            files.addAll(CaseFiles.list(dir));
        } else {
            for (String name : cases) {
                files.add(CaseFiles.find(dir, name));
            }
        }
        // Read every case before running any, so that a bad file fails fast.
        List<ValidationCase> read = new ArrayList<>();
        for (Path f : files) {
            read.add(CaseFiles.read(f));
        }
        Validator validator = new Validator(root);
        List<CaseResult> results = new ArrayList<>();
        for (ValidationCase c : read) {
            results.add(validator.run(c));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (errorsJson != null) {
            List<ValidatedErrors.Entry> entries = new ArrayList<>();
            for (CaseResult r : results) {
                if (r.validated() != null) {
                    entries.add(r.validated());
                }
            }
            ValidatedErrors.of(entries).write(errorsJson, "validate " + (all ? "--all" : String.join(" ", cases))
                    + " --errors-json " + errorsJson);
        }
        if (markdown) {
            Report.markdown(out, results, validator, dir);
        } else {
            Report.text(out, results);
        }
        out.flush();
        return Report.failed(results) > 0 ? EXIT_GATE_FAILED : 0;
    }
}
