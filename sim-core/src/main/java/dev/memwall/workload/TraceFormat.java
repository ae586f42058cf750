package dev.memwall.workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.memwall.input.InputException;

/** The trace file formats memwall reads, each with the name the command line knows it by. */
public enum TraceFormat {
    /** LLMServingSim workload JSONL, flat and agentic entries mixed; see {@link LlmServingSimReader}. */
    LLMSERVINGSIM("llmservingsim", false,
            "LLMServingSim JSONL {input_toks, output_toks, arrival_time_ns, ...} or agentic {session_id, sub_requests}"),
    /** Azure LLM inference trace CSV; arrivals from TIMESTAMP; see {@link AzureReader}. */
    AZURE("azure", true, "Azure LLM inference CSV TIMESTAMP,ContextTokens,GeneratedTokens"),
    /** Vidur/Sarathi lengths CSV; lengths only, every request arrives at 0; see {@link VidurReader}. */
    VIDUR("vidur", true,
            "Vidur/Sarathi lengths CSV num_prefill_tokens,num_decode_tokens,...; no arrival times: all arrive at 0"),
    /** Mooncake FAST'25 JSONL; timestamp in ms; see {@link MooncakeReader}. */
    MOONCAKE("mooncake", false, "Mooncake JSONL {timestamp (ms), input_length, output_length, hash_ids}"),
    /** APEX+ request CSV; see {@link ApexReader}. */
    APEX("apex", true, "APEX+ CSV request_id,start_time_offset_ns,context_tokens,generated_tokens");

    private final String cliName;
    private final boolean csv;
    private final String description;

    TraceFormat(String cliName, boolean csv, String description) {
        this.cliName = cliName;
        this.csv = csv;
        this.description = description;
    }

    /** The name on the command line, e.g. {@code llmservingsim}. */
    public String cliName() {
        return cliName;
    }

    /** One line on the file layout, for help texts. */
    public String description() {
        return description;
    }

    /** The command-line names of all formats, comma-separated, for help and error texts. */
    public static String cliNames() {
        List<String> names = new ArrayList<>();
        for (TraceFormat f : values()) {
            names.add(f.cliName);
        }
        return String.join(", ", names);
    }

    /**
     * The format named {@code name} (case-insensitive).
     *
     * @param where what the name came from, e.g. {@code simulate: --dataset-format}, to start the error
     * @throws InputException {@code <where>: expected one of llmservingsim, ... (got 'x')}
     */
    public static TraceFormat parse(String name, String where) {
        for (TraceFormat f : values()) {
            if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw InputException.at(where, "expected one of " + cliNames() + " (got '" + name + "')");
    }

    /** True for the CSV formats, whose first line is a header rather than an entry. */
    boolean isCsv() {
        return csv;
    }

    /** A reader of {@code path} in this format; {@code file} is the name used in errors. */
    WorkloadReader reader(Path path, String file) {
        switch (this) {
            case LLMSERVINGSIM:
                return new LlmServingSimReader(path, file);
            case AZURE:
                return new AzureReader(path, file);
            case VIDUR:
                return new VidurReader(path, file);
            case MOONCAKE:
                return new MooncakeReader(path, file);
            default:
                return new ApexReader(path, file);
        }
    }
}
