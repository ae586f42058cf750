package dev.memwall.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memwall.input.InputException;
import dev.memwall.input.JsonFields;
import dev.memwall.input.JsonFiles;
import dev.memwall.input.ShippedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mean-latency errors of the validated cases, as {@code validate --errors-json} records them
 * ({@code configs/validation/recorded/errors.json}): what {@link Fidelity} quotes for a run, from
 * the case nearest to it. The file sits in the {@code validation/recorded} folder beside the
 * hardware folder (a subfolder, so that it is not taken for a case).
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
     * @param engine the engine profile it ran with (empty for the profile backend; null in the file)
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

    /** {@code <hardwareDir>/../validation/recorded/errors.json}. */
    public static Path fileFor(Path hardwareDir) {
        return EngineCatalog.enginesDirFor(hardwareDir).resolveSibling("validation").resolve("recorded")
                .resolve(FILE_NAME);
    }

    /** Reads {@code file}; {@link #none()} when it does not exist. */
    public static ValidatedErrors load(Path file) {
        if (!ShippedFiles.isFile(file)) {
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
            String engine = f.nullableString("engine");
            entries.add(new Entry(f.string("case"), f.string("title"), f.string("timing"), engine == null ? "" : engine,
                    f.string("hardware"), f.string("model"), f.positiveInt("tp"), number(f, "ttft_mean_error_pct"),
                    number(f, "tpot_mean_error_pct")));
        }
        return new ValidatedErrors(entries);
    }

    /**
     * Writes the entries to {@code file} (JSON, two-space indented), through a temporary file
     * moved over it.
     *
     * @param generatedBy the command that wrote it
     */
    public void write(Path file, String generatedBy) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        root.put("generated_by", generatedBy);
        com.fasterxml.jackson.databind.node.ArrayNode cases = root.putArray("cases");
        for (Entry e : entries) {
            com.fasterxml.jackson.databind.node.ObjectNode c = cases.addObject();
            c.put("case", e.caseId());
            c.put("title", e.title());
            c.put("timing", e.timing());
            if (e.engine().isEmpty()) {
                c.putNull("engine");
            } else {
                c.put("engine", e.engine());
            }
            c.put("hardware", e.hardware());
            c.put("model", e.model());
            c.put("tp", e.tp());
            c.put("ttft_mean_error_pct", e.ttftMeanErrorPct());
            c.put("tpot_mean_error_pct", e.tpotMeanErrorPct());
        }
        try {
            String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path temp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, text, java.nio.charset.StandardCharsets.UTF_8);
                Files.move(temp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (java.io.IOException e) {
            throw InputException.at(file.toString(), "cannot write (" + e.getMessage() + ")");
        }
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
