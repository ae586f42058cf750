package dev.memwall.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.input.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mean-latency errors of the validated cases, as {@code validate --errors-json} records them
 * ({@code configs/validation/errors.json}): what {@link Fidelity} quotes for a run, from the case
 * nearest to it. The file sits in the {@code validation} folder beside the hardware folder.
 */
public final class ValidatedErrors {
    /** The file's name in the validation folder. */
    public static final String FILE_NAME = "errors.json";
    private static final List<String> TOP_KEYS = List.of("generated_by", "cases");
    private static final List<String> CASE_KEYS = List.of("case", "title", "timing", "engine", "hardware", "model",
            "tp", "ttft_mean_error_pct", "tpot_mean_error_pct");

    /**
     * One validated case.
     *
     * @param engine the engine profile it ran with (empty for the profile backend)
     * @param ttftMeanErrorPct (simulated - measured) / measured of mean TTFT, percent
     */
    public record Entry(String caseId, String title, String timing, String engine, String hardware, String model,
            int tp, double ttftMeanErrorPct, double tpotMeanErrorPct) {
    }

    private final List<Entry> entries;

    private ValidatedErrors(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** None recorded. */
    public static ValidatedErrors none() {
        return new ValidatedErrors(List.of());
    }

    public static ValidatedErrors of(List<Entry> entries) {
        return new ValidatedErrors(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** {@code <hardwareDir>/../validation/errors.json}. */
    public static Path fileFor(Path hardwareDir) {
        return EngineCatalog.enginesDirFor(hardwareDir).resolveSibling("validation").resolve(FILE_NAME);
    }

    /** Reads {@code file}; {@link #none()} when it does not exist. */
    public static ValidatedErrors load(Path file) {
        if (!Files.isRegularFile(file)) {
            return none();
        }
        String where = file.toString();
        JsonFields top = JsonFields.closed(JsonFiles.readObject(file), "", where, TOP_KEYS);
        JsonNode cases = top.required("cases");
        if (!cases.isArray()) {
            throw top.error("cases", "must be an array (got " + cases + ")");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            if (!c.isObject()) {
                throw InputException.at(where, "cases[" + i + "]: must be an object (got " + c + ")");
            }
            JsonFields f = JsonFields.closed(c, "cases[" + i + "]", where, CASE_KEYS);
            entries.add(new Entry(f.string("case"), f.string("title"), f.string("timing"), f.string("engine"),
                    f.string("hardware"), f.string("model"), f.positiveInt("tp"), number(f, "ttft_mean_error_pct"),
                    number(f, "tpot_mean_error_pct")));
        }
        return new ValidatedErrors(entries);
    }

    private static double number(JsonFields f, String key) {
        JsonNode n = f.required(key);
        if (!n.isNumber()) {
            throw f.error(key, "must be a number (got " + n + ")");
        }
        return n.doubleValue();
    }

    /**
     * The case nearest to a run: with the same timing backend, preferring the same hardware, then
     * the same engine, then the same model, then the nearest TP degree; null when no case used
     * that backend.
     */
    public Entry nearest(String timing, String hardware, String engine, String model, int tp) {
        Entry best = null;
        double bestScore = Double.MAX_VALUE;
        for (Entry e : entries) {
            if (!e.timing().equals(timing)) {
                continue;
            }
            double score = (e.hardware().equals(hardware) ? 0 : 1000) + (e.engine().equals(engine) ? 0 : 100)
                    + (e.model().equals(model) ? 0 : 10)
                    + Math.abs(Math.log(e.tp()) - Math.log(tp)) / Math.log(2);
            if (score < bestScore) {
                best = e;
                bestScore = score;
            }
        }
        return best;
    }
}
