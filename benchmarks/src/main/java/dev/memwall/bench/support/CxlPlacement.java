package dev.memwall.bench.support;

import java.util.Arrays;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the CXL grid puts Llama-3.1-8B's weights or KV cache, as an LLMServingSim
 * {@code placement} object. Presets that name {@code cxl:*} use every device, so the grid's
 * device count matters to them; {@code weights-cxl} uses device 0 alone, the unstriped contrast
 * to {@code weights-striped}.
 */
public enum CxlPlacement {
    /** All weights on {@code cxl:0}; KV in HBM. */
    WEIGHTS_CXL("weights-cxl"),
    /** Decoder blocks 0-15 (half of the model's 32) on {@code cxl:*}; the rest and KV in HBM. */
    HALF_BLOCKS_CXL("half-blocks-cxl"),
    /** The KV cache striped over {@code cxl:*}; weights in HBM. */
    KV_CXL("kv-cxl"),
    /** All weights striped over {@code cxl:*}; KV in HBM. */
    WEIGHTS_STRIPED("weights-striped");

    private final String cliName;

    CxlPlacement(String cliName) {
        this.cliName = cliName;
    }

    /** The name used in {@code @Param} values and result file names. */
    public String cliName() {
        return cliName;
    }

    /** The preset called {@code name}. */
    public static CxlPlacement of(String name) {
        for (CxlPlacement p : values()) {
            if (p.cliName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown placement '" + name + "' (known: "
                + String.join(", ", Arrays.stream(values()).map(CxlPlacement::cliName).toArray(String[]::new)) + ")");
    }

    /** The instance's {@code placement} object. */
    ObjectNode json(JsonNodeFactory f) {
        ObjectNode p = f.objectNode();
        switch (this) {
            case WEIGHTS_CXL:
                p.putObject("default").put("weights", "cxl:0");
                break;
            case HALF_BLOCKS_CXL:
                p.putArray("blocks").addObject().put("blocks", "0-15").put("weights", "cxl:*");
                break;
            case KV_CXL:
                p.putObject("default").put("kv_loc", "cxl:*");
                break;
            case WEIGHTS_STRIPED:
                p.putObject("default").put("weights", "cxl:*");
                break;
            default:
                throw new AssertionError(this);
        }
        return p;
    }
}
