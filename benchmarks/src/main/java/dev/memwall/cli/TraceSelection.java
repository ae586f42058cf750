package dev.memwall.cli;

import dev.memwall.input.InputException;
import dev.memwall.workload.TraceFormat;
import picocli.CommandLine.Option;

/**
 * {@code --dataset-format} and {@code --num-reqs}, declared once for every tool that reads a
 * request trace ({@code @Mixin}): which reader to use and how many entries to read.
 */
public final class TraceSelection {
    @Option(names = "--dataset-format", paramLabel = "FORMAT",
            description = "auto, llmservingsim, azure, vidur, mooncake or apex (default: ${DEFAULT-VALUE}).")
    String datasetFormat = "auto";

    @Option(names = "--num-reqs", paramLabel = "N",
            description = "Trace entries (sessions, for agentic traces) to read, 0 = all (default: ${DEFAULT-VALUE}).")
    int numReqs;

    /** The format asked for, or null for detection from the trace's header. */
    TraceFormat format(String tool) {
        return formatName() == null ? null : TraceFormat.parse(datasetFormat, tool + ": --dataset-format");
    }

    /** The format as given, or null for {@code auto}. */
    String formatName() {
        return "auto".equalsIgnoreCase(datasetFormat) ? null : datasetFormat;
    }

    /** The entries to read, 0 = all; a negative count is bad input. */
    int numReqs(String tool) {
        if (numReqs < 0) {
            throw new InputException(tool + ": --num-reqs: must be >= 0 (got " + numReqs + ")");
        }
        return numReqs;
    }
}
