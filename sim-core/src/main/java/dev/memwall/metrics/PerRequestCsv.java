package dev.memwall.metrics;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.memwall.output.AtomicFiles;

/**
 * The per-request CSV exactly as LLMServingSim writes it: its header, integer ns values,
 * {@code TPOT = (latency - TTFT) // (output - 1)} (0 for one token), {@code queuing_delay} from
 * arrival to the start of the iteration that scheduled the last chunk of the prompt (what
 * LLMServingSim's outputs hold: for a prompt of one chunk, its first scheduling), and {@code ITL}
 * as a quoted list of the gaps between tokens.
 * Rows go instance by instance, each in completion order; lines end in LF.
 *
 * <p>{@link Stream} writes the rows as requests finish, so that a run needs not keep them: one
 * temporary file per instance, concatenated after the header when the run ends.
 */
public final class PerRequestCsv {
    /** LLMServingSim's header, verbatim. */
    public static final String[] HEADER = {"instance id", "request id", "model", "input", "output", "arrival",
        "end_time", "latency", "queuing_delay", "TTFT", "TPOT", "ITL"};

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader(HEADER)
            .setRecordSeparator('\n')
            .build();
    private static final CSVFormat ROWS = CSVFormat.DEFAULT.builder()
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
                    printRow(p, rec, i, r, modelNames[i], itl);
                }
            }
        }
    }

    private static void printRow(CSVPrinter p, RequestRecords rec, int instance, int r, String model,
            StringBuilder itl) throws IOException {
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
        p.printRecord(instance, rec.requestId(r), model, rec.promptTokens(r), output, arrival, end, latency,
                rec.promptScheduledNs(r) - arrival, ttft, LatencyRecorder.tpotNs(latency, ttft, output), itl.toString());
    }

    /**
     * The CSV written as requests finish: each row goes to its instance's temporary file beside the
     * target when the request finishes, and {@link #finish} writes the header and the instances'
     * rows, in instance order, as the whole target (through {@link AtomicFiles}). {@link #close}
     * removes the temporary files, finished or not.
     */
    public static final class Stream implements FinishedRequests, Closeable {
        private final Path target;
        private final String[] modelNames;
        private final Path[] parts;
        private final CSVPrinter[] printers;
        private final StringBuilder itl = new StringBuilder();

        /** @param modelNames per instance, the model name for the {@code model} column */
        public Stream(Path target, String[] modelNames) throws IOException {
            this.target = target;
            this.modelNames = modelNames.clone();
            this.parts = new Path[modelNames.length];
            this.printers = new CSVPrinter[modelNames.length];
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try {
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = Files.createTempFile(dir, "." + target.getFileName() + ".", ".instance" + i + ".tmp");
                    Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(parts[i]),
                            StandardCharsets.UTF_8), 1 << 16);
                    printers[i] = new CSVPrinter(w, ROWS);
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void finished(RequestRecords rec, int r) {
            int i = rec.instance(r);
            try {
                printRow(printers[i], rec, i, r, modelNames[i], itl);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the target whole: the header, then every instance's rows in instance order. */
        public void finish() throws IOException {
            for (CSVPrinter p : printers) {
                p.close();
            }
            StringWriter header = new StringWriter();
            try (CSVPrinter h = new CSVPrinter(header, FORMAT)) {
                h.flush();
            }
            byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(target, out -> {
                out.write(headerBytes);
                for (Path part : parts) {
                    Files.copy(part, out);
                }
            });
        }

        @Override
        public void close() {
            for (int i = 0; i < parts.length; i++) {
                try {
                    if (printers[i] != null) {
                        printers[i].close();
                    }
                } catch (IOException e) {
                    // removing the file below is all that matters now
                }
                try {
                    if (parts[i] != null) {
                        Files.deleteIfExists(parts[i]);
                    }
                } catch (IOException e) {
                    // a temporary file left behind; AtomicFiles.removeLeftovers clears its kind
                }
            }
        }
    }
}
