package dev.memwall.workload;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The (input, output) token counts of every request in a trace file, row by row, for sampling.
 * Sampling with replacement needs them all at hand: two ints per request (8 MB per million).
 * An agentic entry contributes one row per sub-request.
 */
final class LengthTable {
    final int[] input;
    final int[] output;
    final int rows;

    private LengthTable(int[] input, int[] output, int rows) {
        this.input = input;
        this.output = output;
        this.rows = rows;
    }

    /** Reads the lengths of {@code file}, in whatever format it is detected to be. */
    static LengthTable load(Path file) {
        int[] in = new int[1024];
        int[] out = new int[1024];
        int n = 0;
        TraceEntry e = new TraceEntry();
        try (WorkloadReader reader = Traces.open(file, null, 0)) {
            while (reader.next(e)) {
                for (int s = 0; s < e.subRequests; s++) {
                    if (n == in.length) {
                        in = Arrays.copyOf(in, n * 2);
                        out = Arrays.copyOf(out, n * 2);
                    }
                    in[n] = e.inputTokens[s];
                    out[n] = e.outputTokens[s];
                    n++;
                }
            }
        }
        return new LengthTable(in, out, n);
    }
}
