package dev.memwall.hardware.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleToLongFunction;

import dev.memwall.hardware.BatchShape;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelShape;
import dev.memwall.moe.ExpertGate;
import dev.memwall.moe.ExpertRouting;

/**
 * Iteration time from an LLMServingSim profile bundle, layer by layer, with LLMServingSim's lookup
 * rules (its {@code trace_generator.py}; see the package comment for what its golden run pinned
 * down):
 * <ul>
 *   <li>every layer of the {@link ModelShape} is matched by name: the attention layer to
 *       {@code attention.csv} ({@link AttentionTable}, queried at
 *       {@code (prefillTokens, prefillPriorKvTokens, decodeSequences,
 *       floor(decodeKvTokens / decodeSequences))}); {@code lm_head} (and any name found only
 *       there) to {@code per_sequence.csv} over the batch's sequences; every other name
 *       ({@code embedding}, {@code layernorm}, {@code qkv_proj}, {@code qk_norm},
 *       {@code rotary_emb}, {@code o_proj}, {@code gate_up_proj}, {@code act_fn},
 *       {@code down_proj}, {@code final_layernorm}) to its rows of {@code dense.csv} over the
 *       batch's scheduled tokens ({@link LinearTable}: linear between points, last segment
 *       extended above, clamped below); an MoE layer ({@code moe}: router gate and experts) to
 *       {@code tp1/moe.csv} ({@link MoeTable}) at the scheduled tokens and the experts the busiest
 *       expert-parallel rank activates ({@link ExpertGate}), followed, when {@code ep > 1}, by
 *       the combine reduce-scatter (per-step message {@code tokens·hidden·bytes/ep}) and the
 *       dispatch all-gather of hidden state and router logits (per-step message
 *       {@code max(1, tokens/ep)·(hidden + experts)·bytes}), LLMServingSim's allgather/reducescatter
 *       EP backend, timed by the caller's {@link Moe} functions;</li>
 *   <li>{@code sampler} (per_sequence.csv, over sequences) is the fixed per-iteration time that
 *       {@link #layerTimes} returns; LLMServingSim models no other scheduling or launch
 *       overhead;</li>
 *   <li>each lookup is truncated to whole ns, then floored at 0 (a far extrapolation of a
 *       falling last segment, such as {@code embedding}'s beyond ~3500 tokens, would otherwise go
 *       negative; LLMServingSim's default token budget, 2048, never gets there);</li>
 *   <li>with a skew profile, attention gets {@link SkewFit}'s correction when the caller gives the
 *       decode KV spread ({@link #layerTimes(BatchShape, long, long, long[])}); {@link BatchShape}
 *       carries only the KV sum, so the {@link IterationTimeModel} methods cost attention at the
 *       mean, i.e. alpha = 0;</li>
 *   <li>under tensor parallelism LLMServingSim adds an ALLREDUCE of the full output tensor
 *       ({@code scheduledTokens * hidden_size * bytes per element} of the weight dtype) after
 *       {@code o_proj} and {@code down_proj}, timed by its network simulator, not by the tables.
 *       Given an {@code allReduceNs} function (bytes to ns), its value is added to those two
 *       layers; without one, the layer times hold compute only and the caller adds collectives.</li>
 * </ul>
 * Decoder blocks share their tables, so each distinct layer name is looked up once per call and
 * copied to every block (LLMServingSim's "block copy"). {@link #iterationNs} equals the fixed time
 * plus the sum of {@link #layerTimes} exactly. Profiles do not say what memory traffic they
 * measured, so {@link #lastHbmBytes} is 0.
 *
 * <p>Built once per instance; calls do not allocate; not thread-safe (one scratch array).
 */
public final class ProfileTimeModel implements IterationTimeModel {
    private static final int DENSE = 0;
    private static final int PER_SEQUENCE = 1;
    private static final int ATTENTION = 2;
    private static final int MOE = 3;

    /**
     * What an MoE layer costs beside its table: the gate, and the EP collectives (per-step message
     * bytes to ns; called on the hot path, must not allocate).
     */
    public record Moe(MoeTable table, ExpertGate gate, DoubleToLongFunction reduceScatterNs,
            DoubleToLongFunction allGatherNs) {
        /** A BALANCED gate at EP = TP with collectives left to the caller (0 here). */
        static Moe balanced(ProfileBundle bundle, ModelShape shape) {
            return new Moe(bundle.moe(), new ExpertGate(ExpertRouting.BALANCED, shape.experts(),
                    shape.expertsPerToken(), shape.tpSize(), 0), bytes -> 0, bytes -> 0);
        }
    }

    /** Per distinct layer name ("template"): where its time comes from. */
    private final int[] source;
    private final LinearTable[] table;
    private final boolean[] allReduceAfter;
    /** How many layers of the model use each template. */
    private final long[] count;
    /** For each layer of the model, its template. */
    private final int[] templateOf;
    private final long[] templateNs;
    private final LinearTable sampler;
    private final AttentionTable attention;
    private final SkewFit skew;
    private final DoubleToLongFunction allReduceNs;
    private final double allReduceBytesPerToken;
    private final Moe moe;
    private final long elementBytes;
    private final long hidden;

    /** Without collective times: for TP 1, or when the caller adds TP collectives itself. */
    public ProfileTimeModel(ProfileBundle bundle, ModelShape shape) {
        this(bundle, shape, null);
    }

    /**
     * @param bundle loaded at {@code shape.tpSize()}
     * @param shape the per-rank layer table
     * @param allReduceNs time of one all-reduce of the given bytes across the instance's TP ranks,
     *     added after {@code o_proj} and {@code down_proj} when TP &gt; 1; null to leave collectives
     *     to the caller. Called on the hot path: it must not allocate.
     * @throws InputException naming the bundle file and the layer when a layer of {@code shape}
     *     has no table, or naming the bundle when its TP degree differs from the shape's
     */
    public ProfileTimeModel(ProfileBundle bundle, ModelShape shape, DoubleToLongFunction allReduceNs) {
        this(bundle, shape, allReduceNs, shape.config().isMoe() ? Moe.balanced(bundle, shape) : null);
    }

    /**
     * As {@link #ProfileTimeModel(ProfileBundle, ModelShape, DoubleToLongFunction)}, with the MoE
     * layer's gate and EP collectives.
     *
     * @param moe required when the model is MoE, ignored otherwise
     */
    public ProfileTimeModel(ProfileBundle bundle, ModelShape shape, DoubleToLongFunction allReduceNs, Moe moe) {
        this.moe = moe;
        this.elementBytes = shape.weightDtype().bytesPerElement();
        this.hidden = shape.config().hiddenSize();
        String modelName = shape.config().name();
        if (bundle.tp() != shape.tpSize()) {
            throw InputException.at(bundle.variantDir().resolve("tp" + bundle.tp()).toString(),
                    "profile is for TP " + bundle.tp() + " but " + modelName + " runs at TP " + shape.tpSize());
        }
        sampler = bundle.perSequence("sampler");
        if (sampler == null) {
            throw InputException.at(bundle.perSequenceFile().toString(), "layer 'sampler': no rows (needed for the"
                    + " per-iteration sampling time; layers here: " + String.join(", ", bundle.perSequenceLayers()) + ")");
        }
        attention = bundle.attention();
        skew = bundle.skew().orElse(null);
        this.allReduceNs = shape.tpSize() > 1 ? allReduceNs : null;
        allReduceBytesPerToken = (double) shape.config().hiddenSize() * shape.weightDtype().bytesPerElement();

        int n = shape.layerCount();
        templateOf = new int[n];
        List<String> names = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<LinearTable> tables = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            String name = shape.layerName(l);
            LayerKind kind = shape.kind(l);
            int t = names.indexOf(name);
            if (t < 0) {
                t = names.size();
                names.add(name);
                if (kind == LayerKind.ATTENTION || kind == LayerKind.MOE && moe != null) {
                    sources.add(kind == LayerKind.ATTENTION ? ATTENTION : MOE);
                    tables.add(null);
                } else if (kind != LayerKind.LM_HEAD && bundle.dense(name) != null) {
                    sources.add(DENSE);
                    tables.add(bundle.dense(name));
                } else if (bundle.perSequence(name) != null) {
                    sources.add(PER_SEQUENCE);
                    tables.add(bundle.perSequence(name));
                } else {
                    throw missingLayer(bundle, name, kind, modelName);
                }
            }
            templateOf[l] = t;
        }
        int k = names.size();
        source = new int[k];
        table = tables.toArray(new LinearTable[0]);
        allReduceAfter = new boolean[k];
        count = new long[k];
        templateNs = new long[k];
        for (int t = 0; t < k; t++) {
            source[t] = sources.get(t);
            String name = names.get(t);
            allReduceAfter[t] = this.allReduceNs != null && ("o_proj".equals(name) || "down_proj".equals(name));
        }
        for (int l = 0; l < n; l++) {
            count[templateOf[l]]++;
        }
    }

    private static InputException missingLayer(ProfileBundle bundle, String name, LayerKind kind, String model) {
        if (kind == LayerKind.LM_HEAD) {
            return InputException.at(bundle.perSequenceFile().toString(), "layer '" + name + "' of " + model
                    + ": no rows (layers here: " + String.join(", ", bundle.perSequenceLayers()) + ")");
        }
        String extra = kind == LayerKind.MOE ? "; MoE layers come from tp1/" + ProfileBundle.MOE : "";
        return InputException.at(bundle.denseFile().toString(), "layer '" + name + "' of " + model
                + ": no rows here nor in " + ProfileBundle.PER_SEQUENCE + " (layers here: "
                + String.join(", ", bundle.denseLayers()) + extra + ")");
    }

    /** Uses the batch's decode KV spread, so the skew correction applies where the bundle has one. */
    @Override
    public long layerTimes(BatchShape batch, long[] layerNs) {
        return layerTimes(batch, batch.decodeMinKvTokens, batch.decodeMaxKvTokens, layerNs);
    }

    /** Uses the batch's decode KV spread, so the skew correction applies where the bundle has one. */
    @Override
    public long iterationNs(BatchShape batch) {
        return iterationNs(batch, batch.decodeMinKvTokens, batch.decodeMaxKvTokens);
    }

    /**
     * {@link #layerTimes(BatchShape, long[])} with the decode KV spread, which turns on the skew
     * correction of bundles that have one.
     *
     * @param decodeMinKv the smallest KV (tokens cached before this iteration) among the batch's
     *     decode sequences; ignored with fewer than two
     * @param decodeMaxKv the largest
     */
    public long layerTimes(BatchShape batch, long decodeMinKv, long decodeMaxKv, long[] layerNs) {
        if (batch.isEmpty()) {
            java.util.Arrays.fill(layerNs, 0, templateOf.length, 0L);
            return 0;
        }
        long fixed = cost(batch, decodeMinKv, decodeMaxKv);
        for (int l = 0; l < templateOf.length; l++) {
            layerNs[l] = templateNs[templateOf[l]];
        }
        return fixed;
    }

    /** {@link #iterationNs(BatchShape)} with the decode KV spread; see {@link #layerTimes(BatchShape, long, long, long[])}. */
    public long iterationNs(BatchShape batch, long decodeMinKv, long decodeMaxKv) {
        if (batch.isEmpty()) {
            return 0;
        }
        long total = cost(batch, decodeMinKv, decodeMaxKv);
        for (int t = 0; t < templateNs.length; t++) {
            total += templateNs[t] * count[t];
        }
        return total;
    }

    /** Profiles do not say how many bytes their kernels moved: always 0. */
    @Override
    public double lastHbmBytes() {
        return 0;
    }

    /** Fills {@link #templateNs} and returns the fixed (sampler) time. */
    private long cost(BatchShape batch, long minKv, long maxKv) {
        double tokens = batch.scheduledTokens;
        double seqs = batch.sequences;
        for (int t = 0; t < source.length; t++) {
            long ns;
            switch (source[t]) {
                case DENSE:
                    ns = wholeNs(table[t].valueNs(tokens));
                    break;
                case PER_SEQUENCE:
                    ns = wholeNs(table[t].valueNs(seqs));
                    break;
                case MOE:
                    ns = moeNs(batch.scheduledTokens);
                    break;
                default:
                    ns = attentionNs(batch, minKv, maxKv);
                    break;
            }
            if (allReduceAfter[t]) {
                ns += allReduceNs.applyAsLong(tokens * allReduceBytesPerToken);
            }
            templateNs[t] = ns;
        }
        return wholeNs(sampler.valueNs(seqs));
    }

    /** The MoE layer: the busiest rank's experts, then the EP combine and dispatch collectives. */
    private long moeNs(long tokens) {
        int experts = moe.gate().route(tokens);
        long ns = wholeNs(moe.table().valueNs(moe.gate().tokensPerRank(tokens), experts));
        int ep = moe.gate().ep();
        if (ep > 1) {
            ns += moe.reduceScatterNs().applyAsLong((double) (tokens * hidden * elementBytes / ep));
            long logits = Math.max(1, tokens / ep) * (hidden + moe.gate().experts()) * elementBytes;
            ns += moe.allGatherNs().applyAsLong(logits);
        }
        return ns;
    }

    /** The gate of the MoE layer (its last routing), or null for a dense model. */
    public ExpertGate gate() {
        return moe == null ? null : moe.gate();
    }

    private long attentionNs(BatchShape batch, long minKv, long maxKv) {
        double pc = batch.prefillTokens;
        double kp = batch.prefillPriorKvTokens;
        int n = batch.decodeSequences;
        long mean = n > 0 ? batch.decodeKvTokens / n : 0;
        long tMean = wholeNs(attention.valueNs(pc, kp, n, mean));
        if (skew == null || n < 2 || maxKv <= mean || minKv < 0 || minKv > mean) {
            return tMean;
        }
        long tMax = wholeNs(attention.valueNs(pc, kp, n, maxKv));
        if (tMax <= tMean) {
            return tMean;
        }
        double rate = (double) (mean - minKv) / (maxKv - minKv);
        double alpha = skew.alpha(pc, n, rate, maxKv, kp);
        return Math.max(0, (long) Math.rint(tMean + alpha * (tMax - tMean)));
    }

    /** LLMServingSim's {@code int(...)} (toward zero), floored at 0. */
    private static long wholeNs(double ns) {
        return ns > 0 ? (long) ns : 0;
    }
}
