package dev.memwall.calibrate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.memwall.hardware.profile.CsvTable;
import dev.memwall.input.InputException;

/**
 * Measured end-to-end request timings, reduced to the means {@code calibrate} fits to:
 * <ul>
 *   <li>a vLLM benchmark's per-request JSONL (LLMServingSim's {@code bench run}
 *       {@code requests.jsonl}): one object per line with {@code output_toks},
 *       {@code arrival_time}, {@code first_token_ts} and {@code last_token_ts} in seconds
 *       (also {@code queued_ts}, read when present); TTFT is
 *       {@code first_token_ts - arrival_time}, TPOT {@code (last_token_ts - first_token_ts) /
 *       (output_toks - 1)} over requests of more than one token;</li>
 *   <li>an LLMServingSim-format per-request CSV ({@code output}, {@code TTFT}, {@code latency} in
 *       ns), TPOT {@code (latency - TTFT) / (output - 1)}.</li>
 * </ul>
 *
 * @param requests requests read
 * @param ttftMeanNs mean TTFT
 * @param tpotMeanNs mean TPOT over requests of more than one output token
 */
public record RequestTimings(int requests, double ttftMeanNs, double tpotMeanNs) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JSONL_KEYS = List.of("output_toks", "arrival_time", "first_token_ts",
            "last_token_ts");

    /** Reads {@code file}: a {@code .csv} as LLMServingSim's per-request CSV, anything else as vLLM JSONL. */
    public static RequestTimings read(Path file) {
        return file.getFileName().toString().endsWith(".csv") ? csv(file) : jsonl(file);
    }

    private static RequestTimings csv(Path file) {
        double[] sums = new double[3];
        int[] n = new int[2];
        CsvTable.read(file, new String[] {"output", "TTFT", "latency"}, row -> {
            long output = row.whole(0, 1);
            double ttft = row.number(1, 0);
            double latency = row.number(2, 0);
            if (latency < ttft) {
                throw row.error(2, "must be >= TTFT " + row.text(1) + " (got " + row.text(2) + ")");
            }
            sums[0] += ttft;
            n[0]++;
            if (output > 1) {
                sums[1] += (latency - ttft) / (output - 1);
                n[1]++;
            }
        });
        return of(file, n, sums);
    }

    private static RequestTimings jsonl(Path file) {
        double[] sums = new double[3];
        int[] n = new int[2];
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + number;
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw InputException.at(where, "invalid JSON (" + e.getOriginalMessage() + ")");
                }
                if (o == null || !o.isObject()) {
                    throw InputException.at(where, "expected a JSON object per line");
                }
                double[] v = new double[JSONL_KEYS.size()];
                for (int k = 0; k < v.length; k++) {
                    JsonNode x = o.get(JSONL_KEYS.get(k));
                    if (x == null || !x.isNumber()) {
                        throw InputException.at(where, JSONL_KEYS.get(k) + ": missing or not a number (a vLLM bench"
                                + " requests.jsonl line has " + String.join(", ", JSONL_KEYS) + ")");
                    }
                    v[k] = x.doubleValue();
                    if (v[k] < 0) {
                        throw InputException.at(where, JSONL_KEYS.get(k) + ": must be >= 0 (got " + x + ")");
                    }
                }
                if (v[2] < v[1] || v[3] < v[2]) {
                    throw InputException.at(where, "timestamps out of order: expected arrival_time <= first_token_ts"
                            + " <= last_token_ts");
                }
                sums[0] += (v[2] - v[1]) * 1e9;
                n[0]++;
                if (v[0] > 1) {
                    sums[1] += (v[3] - v[2]) * 1e9 / (v[0] - 1);
                    n[1]++;
                }
            }
        } catch (NoSuchFileException e) {
            throw InputException.at(file.toString(), "missing file");
        } catch (IOException e) {
            throw InputException.at(file.toString(), "cannot read (" + e + ")");
        }
        return of(file, n, sums);
    }

    private static RequestTimings of(Path file, int[] n, double[] sums) {
        if (n[0] == 0) {
            throw InputException.at(file + ":1", "no requests");
        }
        if (n[1] == 0) {
            throw InputException.at(file.toString(), "no request with more than one output token: TPOT is undefined");
        }
        return new RequestTimings(n[0], sums[0] / n[0], sums[1] / n[1]);
    }
}
