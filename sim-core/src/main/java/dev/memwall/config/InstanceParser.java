package dev.memwall.config;

import dev.memwall.input.JsonFields;
import java.util.ArrayList;
import java.util.List;

/** Reads one {@code nodes[i].instances[j]} object. */
final class InstanceParser {
    private static final List<String> OVERRIDE_KEYS = List.of("max_num_seqs", "max_num_batched_tokens",
            "long_prefill_token_threshold", "block_size", "dtype", "kv_cache_dtype",
            "enable_chunked_prefill", "enable_prefix_caching", "reserve_full_isl",
            "enable_local_offloading", "enable_attn_offloading", "enable_sub_batch_interleaving",
            "enable_block_copy");
    private static final List<String> INSTANCE_KEYS = concat(List.of("model_name", "hardware", "npu_mem",
            "pd_type", "num_npus", "tp_size", "pp_size", "ep_size", "dp_group", "placement", "host_link",
            "kv_transfer"),
            OVERRIDE_KEYS);
    private static final List<String> NPU_MEM_KEYS = List.of("mem_size", "mem_bw", "mem_latency", "mem_util");
    private static final List<String> HOST_LINK_KEYS = List.of("bw", "latency");
    /** LLMServingSim's {@code --dtype} choices. */
    private static final List<String> DTYPES = List.of("float16", "bfloat16", "float32", "fp8", "int8");
    /** LLMServingSim's {@code --kv-cache-dtype} choices. */
    private static final List<String> KV_CACHE_DTYPES = List.of("auto", "fp8");

    private InstanceParser() {
    }

    static InstanceConfig parse(JsonFields c, int nodeIndex, int globalIndex, int cxlDeviceCount) {
        c.object(INSTANCE_KEYS);
        String model = c.get("model_name", JsonFields::nonEmptyString);
        String hardware = c.get("hardware", JsonFields::nonEmptyString);
        NpuMemConfig npuMem = c.get("npu_mem", InstanceParser::npuMem);
        String pdType = pdType(c.get("pd_type"));
        int[] npusTpPp = parallelism(c);
        String dpGroup = c.optional("dp_group", JsonFields::nonEmptyString);
        Integer epSize = c.optional("ep_size", InstanceParser::degree);
        if (epSize != null && epSize > npusTpPp[1] && dpGroup == null) {
            // experts beyond the instance's own TP ranks can only be spread over DP group members
            throw c.get("ep_size").error("ep_size " + epSize + " > tp_size " + npusTpPp[1] + " needs a dp_group");
        }
        PlacementConfig placement = c.optional("placement", p -> PlacementParser.parse(p, cxlDeviceCount));
        HostLinkConfig hostLink = c.optional("host_link", InstanceParser::hostLink);
        MemoryLocation kvTransfer = c.optional("kv_transfer", k -> kvTransfer(k, cxlDeviceCount));
        return new InstanceConfig(c.path(), nodeIndex, globalIndex, model, hardware, npuMem, pdType,
                npusTpPp[0], npusTpPp[1], npusTpPp[2], epSize, dpGroup, placement, overrides(c), hostLink,
                kvTransfer);
    }

    /** memwall extension: the CXL device(s) a P/D hand-off's KV goes through ({@code "cxl:0"}, {@code "cxl:*"}). */
    private static MemoryLocation kvTransfer(JsonFields k, int cxlDeviceCount) {
        String value = k.nonEmptyString();
        if (!value.startsWith("cxl:")) {
            throw k.error("must name CXL devices, \"cxl:<i>\", \"cxl:<i>+<j>\" or \"cxl:*\" (got "
                    + JsonFields.quote(value) + ")");
        }
        return MemoryLocation.parse(value, cxlDeviceCount, k.where());
    }

    private static NpuMemConfig npuMem(JsonFields m) {
        m.object(NPU_MEM_KEYS);
        return new NpuMemConfig(ClusterParser.size(m), ClusterParser.bandwidth(m), ClusterParser.latency(m),
                m.optional("mem_util", u -> u.number(Limits.FRACTION)));
    }

    /** Required key whose value may be null (colocated). */
    private static String pdType(JsonFields p) {
        if (p.isNull()) {
            return null;
        }
        if (p.isText() && List.of(InstanceConfig.PREFILL, InstanceConfig.DECODE).contains(p.text())) {
            return p.text();
        }
        throw p.error("must be null, \"prefill\" or \"decode\" (got " + p.describe() + ")");
    }

    /**
     * {num_npus, tp_size, pp_size}: num_npus = tp_size * pp_size, and one of num_npus and tp_size
     * may be left out and is inferred, as LLMServingSim does.
     */
    private static int[] parallelism(JsonFields c) {
        Integer npus = c.optional("num_npus", InstanceParser::degree);
        Integer tp = c.optional("tp_size", InstanceParser::degree);
        Integer ppGiven = c.optional("pp_size", InstanceParser::degree);
        int pp = ppGiven == null ? 1 : ppGiven;
        if (npus == null && tp == null) {
            throw c.error("missing required key 'tp_size' (or 'num_npus')");
        }
        if (tp == null) {
            if (npus % pp != 0) {
                throw c.get("num_npus").error("must be a multiple of pp_size " + pp + " (got " + npus + ")");
            }
            tp = npus / pp;
        }
        long product = (long) tp * pp;
        if (npus == null) {
            if (product > Integer.MAX_VALUE) {
                throw c.get("tp_size").error("tp_size " + tp + " x pp_size " + pp + " is too many NPUs");
            }
            npus = (int) product;
        } else if (npus != product) {
            throw c.get("num_npus").error("must equal tp_size x pp_size = " + tp + " x " + pp + " = "
                    + product + " (got " + npus + ")");
        }
        return new int[] {npus, tp, pp};
    }

    private static RuntimeOverrides overrides(JsonFields c) {
        return new RuntimeOverrides(
                c.optional("max_num_seqs", v -> v.integer(Limits.MAX_NUM_SEQS)),
                c.optional("max_num_batched_tokens", v -> v.integer(Limits.TOKENS_PER_ITERATION)),
                c.optional("long_prefill_token_threshold", v -> v.integer(Limits.TOKENS_PER_ITERATION)),
                c.optional("block_size", v -> v.integer(Limits.BLOCK_SIZE)),
                c.optional("dtype", d -> d.oneOf(DTYPES)),
                c.optional("kv_cache_dtype", d -> d.oneOf(KV_CACHE_DTYPES)),
                c.optional("enable_chunked_prefill", JsonFields::bool),
                c.optional("enable_prefix_caching", JsonFields::bool),
                c.optional("reserve_full_isl", JsonFields::bool),
                c.optional("enable_local_offloading", JsonFields::bool),
                c.optional("enable_attn_offloading", JsonFields::bool),
                c.optional("enable_sub_batch_interleaving", JsonFields::bool),
                c.optional("enable_block_copy", JsonFields::bool));
    }

    private static HostLinkConfig hostLink(JsonFields h) {
        h.object(HOST_LINK_KEYS);
        return new HostLinkConfig(h.get("bw", b -> b.number(Limits.BANDWIDTH_GBPS)),
                h.get("latency", l -> l.number(Limits.LATENCY_NS)));
    }

    /** An NPU count or a TP, PP or EP degree. */
    private static int degree(JsonFields d) {
        return d.integer(Limits.PARALLEL_DEGREE);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
