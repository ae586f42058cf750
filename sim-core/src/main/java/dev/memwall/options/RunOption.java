package dev.memwall.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.memwall.config.FaultSpec;
import dev.memwall.config.Limits;
import dev.memwall.input.InputException;
import dev.memwall.input.Range;
import dev.memwall.memory.MemoryModel;
import dev.memwall.metrics.Slo;
import dev.memwall.moe.ExpertRouting;
import dev.memwall.serving.PreemptionMode;
import dev.memwall.serving.PrefixStorage;
import dev.memwall.serving.RoutingPolicy;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.serving.TimingBackend;

/**
 * Every simulation option, declared once: its name (a study's {@code options} key and the summary
 * JSON's; {@code --} plus the name with dashes on the command line, LLMServingSim's flag names),
 * what it means, its default (from {@link SimulationOptions#defaults()}), the values it accepts
 * and where it goes. {@code simulate} builds its flags from this table, study files read their
 * {@code options} objects through it, and results record the options they ran with through it.
 */
public enum RunOption {
    DTYPE("dtype", "DTYPE", Kind.TEXT, "Weight and activation dtype: float16, bfloat16, float32, fp8 or int8"
            + " (default: the model's torch_dtype, else bfloat16).",
            (b, v, where, range) -> b.dtype(v), SimulationOptions::dtype),
    BLOCK_SIZE("block_size", "TOKENS", Kind.INTEGER, "KV block size in tokens.",
            Limits.BLOCK_SIZE, integer(SimulationOptions.Builder::blockSize), SimulationOptions::blockSize),
    MAX_NUM_SEQS("max_num_seqs", "N", Kind.INTEGER, "Most running requests per instance, 0 = unlimited.",
            Limits.MAX_NUM_SEQS, integer(SimulationOptions.Builder::maxNumSeqs), SimulationOptions::maxNumSeqs),
    MAX_NUM_BATCHED_TOKENS("max_num_batched_tokens", "N", Kind.INTEGER,
            "Token budget per iteration, capped at the model's context length; 0 = that cap.",
            Limits.TOKENS_PER_ITERATION, integer(SimulationOptions.Builder::maxNumBatchedTokens),
            SimulationOptions::maxNumBatchedTokens),
    MAX_MODEL_LEN("max_model_len", "TOKENS", Kind.INTEGER,
            "Longest prompt accepted; a longer one is rejected (the run goes on), as vLLM rejects it. 0 = the"
                    + " model's context length (max_position_embeddings).",
            Limits.TOKENS_PER_ITERATION, integer(SimulationOptions.Builder::maxModelLen),
            SimulationOptions::maxModelLen),
    LONG_PREFILL_TOKEN_THRESHOLD("long_prefill_token_threshold", "N", Kind.INTEGER,
            "Per-request cap on tokens per iteration, 0 = off.",
            Limits.TOKENS_PER_ITERATION, integer(SimulationOptions.Builder::longPrefillTokenThreshold),
            SimulationOptions::longPrefillTokenThreshold),
    ENABLE_CHUNKED_PREFILL("enable_chunked_prefill", null, Kind.BOOLEAN, "Split prompts across iterations.",
            bool(SimulationOptions.Builder::chunkedPrefill), SimulationOptions::chunkedPrefill),
    ENABLE_PREFIX_CACHING("enable_prefix_caching", null, Kind.BOOLEAN,
            "Hash-chained prefix cache over full KV blocks; needs token ids in the trace.",
            bool(SimulationOptions.Builder::prefixCaching), SimulationOptions::prefixCaching),
    RESERVE_FULL_ISL("reserve_full_isl", null, Kind.BOOLEAN,
            "Admit a request only if its whole input fits in the KV cache.",
            bool(SimulationOptions.Builder::reserveFullIsl), SimulationOptions::reserveFullIsl),
    NPU_MEMORY_UTILIZATION("npu_memory_utilization", "FRACTION", Kind.NUMBER,
            "Fraction of GPU memory for weights plus KV, in (0, 1].",
            Limits.FRACTION, number(SimulationOptions.Builder::npuMemoryUtilization),
            SimulationOptions::npuMemoryUtilization),
    REQUEST_ROUTING_POLICY("request_routing_policy", "POLICY", Kind.TEXT, "LOAD, RR or RAND.",
            (b, v, where, range) -> b.routing(RoutingPolicy.parse(v, where)), o -> o.routing().name()),
    EXPERT_ROUTING_POLICY("expert_routing_policy", "POLICY", Kind.TEXT,
            "How an MoE gate spreads tokens over experts: BALANCED, RR, RAND (seeded) or ZIPF:s (seeded, Zipf"
                    + " exponent s > 0, expert 0 hottest, e.g. ZIPF:1.2).",
            (b, v, where, range) -> b.expertRouting(ExpertRouting.parse(v, where)), o -> o.expertRouting().name()),
    SEED("seed", "N", Kind.INTEGER, "Seed for RAND request routing and the RAND and ZIPF expert gates.",
            (b, v, where, range) -> b.seed(parseLong(v, where)), SimulationOptions::seed),
    MEMORY_MODEL("memory_model", "MODEL", Kind.TEXT, "physical (transfers cross device and host link through a"
            + " prefetch window; off-GPU weights free HBM) or lss (LLMServingSim's: all loads at iteration start,"
            + " no link limit, weights charged to HBM).",
            (b, v, where, range) -> b.memoryModel(MemoryModel.parse(v, where)), o -> o.memoryModel().cliName()),
    PREFETCH_WINDOW("prefetch_window", "LAYERS", Kind.INTEGER,
            "Off-GPU layers staged ahead of compute; the staging buffer is charged to HBM.",
            Limits.PREFETCH_WINDOW, integer(SimulationOptions.Builder::prefetchWindowLayers),
            SimulationOptions::prefetchWindowLayers),
    PREEMPTION_MODE("preemption_mode", "MODE", Kind.TEXT, "recompute (vLLM's default: a preempted request"
            + " recomputes its KV) or swap (its KV goes to kv_evict_loc and back over the path, timed both ways).",
            (b, v, where, range) -> b.preemptionMode(PreemptionMode.parse(v, where)),
            o -> o.preemptionMode().name().toLowerCase(Locale.ROOT)),
    PREFIX_STORAGE("prefix_storage", "TIER", Kind.TEXT, "None, CPU or CXL: a second prefix-cache tier that keeps"
            + " blocks evicted from HBM (on the node's host DRAM or cxl:0); hits there load back over its path,"
            + " timed.",
            (b, v, where, range) -> b.prefixStorage(PrefixStorage.parse(v, where)), o -> prefixStorageName(o.prefixStorage())),
    ENABLE_PREFIX_SHARING("enable_prefix_sharing", null, Kind.BOOLEAN,
            "One second prefix tier per node (CPU) or per cluster (CXL), shared by every instance there, instead"
                    + " of one per instance: a prefix one instance evicted is a hit for all.",
            bool(SimulationOptions.Builder::prefixSharing), SimulationOptions::prefixSharing),
    KV_CACHE_DTYPE("kv_cache_dtype", "DTYPE", Kind.TEXT, "auto (the weights' dtype) or fp8 (1 byte per element;"
            + " selects a profile bundle's <dtype>-kvfp8 variant). An instance's kv_cache_dtype wins.",
            (b, v, where, range) -> b.kvCacheDtype(oneOf(v, where, "auto", "fp8")), SimulationOptions::kvCacheDtype),
    SKIP_PREFILL("skip_prefill", null, Kind.BOOLEAN,
            "Requests arrive with their prompt's KV already in place and start decoding (LLMServingSim's"
                    + " is_init=False).",
            bool(SimulationOptions.Builder::skipPrefill), SimulationOptions::skipPrefill),
    ENABLE_BLOCK_COPY("enable_block_copy", null, Kind.BOOLEAN,
            "LLMServingSim's trace shortcut (one block's trace replayed for every block); memwall times every layer"
                    + " either way, so it changes nothing. Accepted for its command lines.",
            (b, v, where, range) -> oneOf(v.toLowerCase(Locale.ROOT), where, "true", "false"), o -> true),
    ENABLE_LOCAL_OFFLOADING("enable_local_offloading", null, Kind.BOOLEAN,
            "LLMServingSim's extra loads of HBM-resident weights, which it recommends off (its profiles already"
                    + " count HBM reads); not simulated: only false is accepted.",
            refuseTrue("local offloading double-counts the HBM reads the profiles already include"), o -> false),
    ENABLE_ATTN_OFFLOADING("enable_attn_offloading", null, Kind.BOOLEAN,
            "Decode attention on the PIM device of the node's host memory (cpu_mem.pim_config, an ini under"
                    + " --pim-dir): LLMServingSim's calibrated latency in lss mode, the device's channel bandwidth in"
                    + " the physical model. An instance's enable_attn_offloading wins.",
            bool(SimulationOptions.Builder::attnOffloading), SimulationOptions::attnOffloading),
    ENABLE_SUB_BATCH_INTERLEAVING("enable_sub_batch_interleaving", null, Kind.BOOLEAN,
            "Two half batches, one's PIM attention overlapping the other's GPU work (needs"
                    + " --enable-attn-offloading; not with pp_size > 1).",
            bool(SimulationOptions.Builder::subBatchInterleaving), SimulationOptions::subBatchInterleaving),
    TIMING("timing", "BACKEND", Kind.TEXT, "auto (a profile bundle when one matches hardware, model, dtype and TP"
            + " under --profile-dir, else roofline), profile or roofline.",
            (b, v, where, range) -> b.timing(TimingBackend.parse(v, where)),
            o -> o.timing().name().toLowerCase(Locale.ROOT)),
    ENGINE("engine", "ENGINE", Kind.TEXT, "Serving-engine profile the roofline adds to the GPU's kernels: a name"
            + " in the engines folder beside --hardware-dir (vllm-v1, vllm-0.6) or a .json file (default: the"
            + " newest).",
            (b, v, where, range) -> b.engine(v), SimulationOptions::engine),
    MODELS_DIR("models_dir", "DIR", Kind.DIRECTORY, "Model configs.",
            (b, v, where, range) -> b.modelsDir(Path.of(v)), o -> o.modelsDir().toString()),
    HARDWARE_DIR("hardware_dir", "DIR", Kind.DIRECTORY, "Hardware specs.",
            (b, v, where, range) -> b.hardwareDir(Path.of(v)), o -> o.hardwareDir().toString()),
    PROFILE_DIR("profile_dir", "DIR", Kind.DIRECTORY,
            "Root of LLMServingSim profile bundles (<DIR>/<hardware>/<org>/<model>/<variant>/tp<N>/).",
            (b, v, where, range) -> b.profileDir(Path.of(v)), o -> o.profileDir() == null ? null : o.profileDir().toString()),
    SLO("slo", "TERMS", Kind.TEXT, "Service-level objective that goodput counts requests against: per request"
            + " (ttft<=2s,tpot<=100ms), over the run (ttft_p99<=2s,tpot_p99<=100ms), and attainment>=F, the share"
            + " of requests that must meet the per-request terms (default 0.9); changes no timing.",
            (b, v, where, range) -> b.slo(Slo.parse(v, where)), o -> o.slo().text()),
    FAULT("fault", "SPEC", Kind.LIST, "Faults to inject, repeatable (beside a cluster config's faults list):"
            + " cxl:<i>@<t> (a CXL device lost), cxl:<i>@<t1>-<t2> (hot-unplugged, then back), link:<instance>@<t>:bw=<f>"
            + " (host links degraded to the fraction f), instance:<i>@<t> (a GPU lost); times in simulated seconds.",
            (b, v, where, range) -> b.faults(FaultSpec.parseAll(v, where)), o -> FaultSpec.text(o.faults())),
    COLD_START("cold_start", null, Kind.BOOLEAN, "Start each instance only once its weights are loaded (from host"
            + " DRAM over its host link, and into CXL devices at their bandwidth), so that the first requests'"
            + " TTFT counts it; every run reports the load time as cold_start_seconds either way.",
            bool(SimulationOptions.Builder::coldStart), SimulationOptions::coldStart);

    /** What kind of value an option takes. */
    public enum Kind {
        INTEGER, NUMBER, BOOLEAN, TEXT,
        /** A folder; in a study file, relative to the study and never an axis. */
        DIRECTORY,
        /** Comma-separated text; the flag may be given several times; in a study, a string or a list of them. */
        LIST
    }

    /**
     * Parses a value's text, checks it (against the option's range, for numbers) and sets it on a
     * builder; throws {@link InputException} naming {@code where}.
     */
    @FunctionalInterface
    private interface Setter {
        void set(SimulationOptions.Builder b, String text, String where, Range range);
    }

    private final String key;
    private final String paramLabel;
    private final Kind kind;
    private final String description;
    private final Range range;
    private final Setter setter;
    private final Function<SimulationOptions, Object> getter;

    RunOption(String key, String paramLabel, Kind kind, String description, Setter setter,
            Function<SimulationOptions, Object> getter) {
        this(key, paramLabel, kind, description, null, setter, getter);
    }

    /** A number option whose values must lie in {@code range}. */
    RunOption(String key, String paramLabel, Kind kind, String description, Range range, Setter setter,
            Function<SimulationOptions, Object> getter) {
        this.key = key;
        this.paramLabel = paramLabel;
        this.kind = kind;
        this.description = description;
        this.range = range;
        this.setter = setter;
        this.getter = getter;
    }

    /** The values a number option accepts (documented in docs/guide.md), or null for other kinds. */
    public Range range() {
        return range;
    }

    /** The option's name: a study's {@code options} key, e.g. {@code max_num_seqs}. */
    public String key() {
        return key;
    }

    /** The command-line flag, e.g. {@code --max-num-seqs}. */
    public String flag() {
        return "--" + key.replace('_', '-');
    }

    /** The value's placeholder in help, e.g. {@code N}; null for a boolean (a negatable flag). */
    public String paramLabel() {
        return paramLabel;
    }

    public Kind kind() {
        return kind;
    }

    /** What it means, one sentence or two, without the default. */
    public String description() {
        return description;
    }

    /** Whether a study's {@code options} may set it (the seed comes from the study's own seeds). */
    public boolean inStudies() {
        return this != SEED;
    }

    /** The option's value in {@code o}: an Integer, Long, Double, Boolean or String, or null when unset. */
    public Object valueIn(SimulationOptions o) {
        return getter.apply(o);
    }

    /** The default as help shows it, or null when the default depends on the model. */
    public String defaultText() {
        Object v = valueIn(SimulationOptions.defaults());
        return v == null ? null : v.toString();
    }

    /**
     * Sets this option from its text on {@code b}.
     *
     * @param where names the value in errors, e.g. {@code simulate: --max-num-seqs}
     * @throws InputException when the value is out of range or not one of the accepted names
     */
    public void apply(SimulationOptions.Builder b, String text, String where) {
        setter.set(b, text, where, range);
    }

    /**
     * Sets this option from a JSON value (a study's {@code options}); the value must have the
     * option's JSON type ({@code null} leaves the default).
     */
    public void applyJson(SimulationOptions.Builder b, JsonNode value, String where) {
        if (value == null || value.isNull()) {
            return;
        }
        boolean typed = switch (kind) {
            case INTEGER -> value.isIntegralNumber();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case TEXT, DIRECTORY -> value.isTextual();
            case LIST -> value.isTextual() || value.isArray() && allText(value);
        };
        if (!typed) {
            throw InputException.at(where, "must be " + article() + " (got " + value + ")");
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            apply(b, String.join(",", items), where);
            return;
        }
        apply(b, value.asText(), where);
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode v : array) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** The option named {@code key}, or null. */
    public static RunOption byKey(String key) {
        for (RunOption o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }

    private String article() {
        return switch (kind) {
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case TEXT -> "a string";
            case DIRECTORY -> "a folder path (a string)";
            case LIST -> "a string or a list of strings";
        };
    }

    private static Setter integer(java.util.function.ObjIntConsumer<SimulationOptions.Builder> set) {
        return (b, v, where, range) -> {
            long n = parseLong(v, where);
            if (!range.contains(n)) {
                throw InputException.at(where, "must be " + range.describe() + " (got " + v + ")");
            }
            set.accept(b, (int) n);
        };
    }

    private static Setter number(java.util.function.ObjDoubleConsumer<SimulationOptions.Builder> set) {
        return (b, v, where, range) -> {
            double x;
            try {
                x = Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw InputException.at(where, "must be a number " + range.describe() + " (got " + v + ")");
            }
            if (!range.contains(x)) {
                throw InputException.at(where, "must be " + range.describe() + " (got " + v + ")");
            }
            set.accept(b, x);
        };
    }

    private static Setter bool(BiConsumer<SimulationOptions.Builder, Boolean> set) {
        return (b, v, where, range) -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw InputException.at(where, "must be true or false (got " + v + ")");
            }
            set.accept(b, Boolean.parseBoolean(v));
        };
    }

    private static long parseLong(String v, String where) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw InputException.at(where, "must be an integer (got " + v + ")");
        }
    }

    private static String oneOf(String v, String where, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw InputException.at(where, "expected " + String.join(" or ", allowed) + " (got '" + v + "')");
    }

    /** A flag memwall does not simulate: false is fine, true is refused saying why. */
    private static Setter refuseTrue(String why) {
        return (b, v, where, range) -> {
            if (Boolean.parseBoolean(v)) {
                throw InputException.at(where, "not simulated: " + why);
            }
            oneOf(v.toLowerCase(Locale.ROOT), where, "true", "false");
        };
    }

    private static String prefixStorageName(PrefixStorage s) {
        return s == PrefixStorage.NONE ? "None" : s.name();
    }
}
