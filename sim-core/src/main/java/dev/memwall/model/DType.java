package dev.memwall.model;

import dev.memwall.input.InputException;
import java.util.Locale;

/** Element types for weights and KV cache, with their storage size. */
public enum DType {
    FLOAT16("float16", 2),
    BFLOAT16("bfloat16", 2),
    FLOAT32("float32", 4),
    FP8("fp8", 1),
    INT8("int8", 1);

    private final String cliName;
    private final int bytesPerElement;

    DType(String cliName, int bytesPerElement) {
        this.cliName = cliName;
        this.bytesPerElement = bytesPerElement;
    }

    /** Bytes one element occupies (quantisation scales are ignored: they are under 1%). */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** The spelling used on the command line and in output files, e.g. {@code bfloat16}. */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a CLI name or an HF {@code torch_dtype} spelling (also {@code bf16}, {@code fp16},
     * {@code half}, {@code fp32}), ignoring case.
     *
     * @param where the caller's context for the error, e.g. {@code --dtype}
     * @throws InputException naming {@code where} when {@code s} is not a known dtype
     */
    public static DType parse(String s, String where) {
        String key = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "float16":
            case "fp16":
            case "half":
                return FLOAT16;
            case "bfloat16":
            case "bf16":
                return BFLOAT16;
            case "float32":
            case "fp32":
                return FLOAT32;
            case "fp8":
                return FP8;
            case "int8":
                return INT8;
            default:
                throw InputException.at(where, "unknown dtype '" + s
                        + "' (expected one of: float16, bfloat16, float32, fp8, int8)");
        }
    }
}
