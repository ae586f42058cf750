package dev.memwall.metrics;

import java.io.IOException;
import java.io.Writer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The per-request CSV exactly as LLMServingSim writes it: its header, integer ns values,
 * {@code TPOT = (latency - TTFT) // (output - 1)} (0 for one token), {@code queuing_delay} from
 * arrival to the start of the iteration that scheduled the last chunk of the prompt (what
 * LLMServingSim's outputs hold: for a prompt of one chunk, its first scheduling), and {@code ITL}
 * as a quoted list of the gaps between tokens.
 * Rows go instance by instance, each in completion order; lines end in LF.
 */
public final class PerRequestCsv {
    /** LLMServingSim's header, verbatim. */
    public static final String[] HEADER = {"instance id", "request id", "model", "input", "output", "arrival",
        "end_time", "latency", "queuing_delay", "TTFT", "TPOT", "ITL"};

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader(HEADER)
            .setRecordSeparator('\n')
            .build();

    private PerRequestCsv() {
    }

    /**
     * Writes the rows.
     *
     * @param completionOrder per instance, its completed request ids in completion order
     * @param modelNames      per instance, the model name for the {@code model} column
     */
    public static void write(Writer out, RequestRecords rec, int[][] completionOrder, String[] modelNames)
            throws IOException {
        try (CSVPrinter p = new CSVPrinter(out, FORMAT)) {
            StringBuilder itl = new StringBuilder();
            for (int i = 0; i < completionOrder.length; i++) {
                for (int r : completionOrder[i]) {
                    long arrival = rec.arrivalNs(r);
                    long end = rec.endNs(r);
                    long latency = end - arrival;
                    long ttft = rec.firstTokenNs(r) - arrival;
                    int output = rec.outputTokens(r);
                    itl.setLength(0);
                    itl.append('[');
                    if (rec.hasTokenTimes(r)) {
                        for (int k = 1; k < output; k++) {
                            if (k > 1) {
                                itl.append(", ");
                            }
                            itl.append(rec.tokenTimeNs(r, k) - rec.tokenTimeNs(r, k - 1));
                        }
                    }
                    itl.append(']');
                    p.printRecord(i, r, modelNames[i], rec.promptTokens(r), output, arrival, end, latency,
                            rec.promptScheduledNs(r) - arrival, ttft, LatencyRecorder.tpotNs(latency, ttft, output),
                            itl.toString());
                }
            }
        }
    }
}
