package dev.memwall.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.memwall.hardware.profile.CsvTable;
import dev.memwall.input.InputException;
import dev.memwall.model.ModelConfig;
import dev.memwall.model.ModelShape;

/**
 * Kernel samples from LLMServingSim's legacy per-layer tables ({@code profiler/v0/perf_models/
 * <hardware>/<org>/<model>/tp<N>/}): {@code layers.csv} ({@code layer_name,input,kv_cache,tp_size,
 * latency(ns)}, one HuggingFace-transformers layer run eagerly over {@code input} tokens) and, where
 * present, {@code attention.csv} (vLLM's attention kernel: prefill rows of one
 * {@code prefill_chunk_size} chunk at {@code kv_cache_size} tokens of context, decode rows of
 * {@code batch_size} sequences at {@code kv_cache_size} each; times in ms).
 *
 * <p>Of {@code layers.csv}'s token counts, those a bundle profiles are read ({@link #onBundleGrid}).
 * The layers are the unfused HuggingFace ones: {@code q_proj}, {@code k_proj}, {@code v_proj},
 * {@code gate_proj} and {@code up_proj} are separate GEMMs; norms and rotary are several small
 * kernels each, so every non-GEMM layer has its own fixed-cost group ({@link KernelSample#group()});
 * the GEMMs share one. MoE experts and their router ({@code expert.*}, {@code gate}) and an MoE
 * model's {@code act_fn} are skipped: memwall's roofline times MoE layers whole. So are the decode
 * rows of {@code attention.csv}: their time does not grow with the batch (64 sequences at 4,096
 * tokens take as long as 64 at 64 tokens, and 5x less than one at 4,096), so either
 * {@code kv_cache_size} is not each sequence's context or the kernel ran one sequence on as many
 * thread blocks as it has KV heads; neither is what vLLM's split-KV decode does.
 */
public final class LegacyTables {
    static final String GEMM_GROUP = "gemm";
    private static final double NS_PER_MS = 1e6;

    private LegacyTables() {
    }

    /** Whether {@code dir} is a legacy model folder (it holds {@code tp<N>/layers.csv}). */
    public static boolean isLegacy(Path dir) {
        return !tpFolders(dir).isEmpty();
    }

    /**
     * Reads every {@code tp<N>} folder of {@code modelDir}, which must be
     * {@code <...>/<hardware>/<org>/<model>}: the path names the GPU and the model.
     */
    public static KernelTables read(Path modelDir, Path models) {
        Path abs = modelDir.toAbsolutePath().normalize();
        if (abs.getNameCount() < 3) {
            throw InputException.at(modelDir.toString(), "expected a <hardware>/<org>/<model> folder");
        }
        String modelName = abs.getParent().getFileName() + "/" + abs.getFileName();
        String hardware = abs.getParent().getParent().getFileName().toString();
        ModelConfig model = Models.load(models, modelName, modelDir + ": model (from the folder names)");
        List<KernelSample> samples = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        List<Integer> tps = tpFolders(modelDir);
        if (tps.isEmpty()) {
            throw InputException.at(modelDir.toString(), "no tp<N>/layers.csv here");
        }
        boolean attention = false;
        for (int tp : tps) {
            Path dir = modelDir.resolve("tp" + tp);
            ModelShape shape = Models.shape(model, tp, dir.toString());
            readLayers(dir.resolve("layers.csv"), shape, samples, skipped);
            if (Files.isRegularFile(dir.resolve("attention.csv"))) {
                attention = true;
                readAttention(dir.resolve("attention.csv"), shape, samples, skipped);
            }
        }
        StringBuilder tpText = new StringBuilder();
        tps.forEach(tp -> tpText.append(tpText.length() == 0 ? "tp" : "+tp").append(tp));
        String description = "LLMServingSim legacy tables " + hardware + " " + modelName + " " + tpText
                + " (layers.csv" + (attention ? ", attention.csv" : "") + ")";
        List<String> skip = new ArrayList<>();
        skipped.forEach((k, v) -> skip.add(k + " (" + v + " rows)"));
        return new KernelTables(hardware, modelName, description, true, List.copyOf(samples), List.copyOf(skip));
    }

    private static List<Integer> tpFolders(Path dir) {
        List<Integer> tps = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return tps;
        }
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().matches("tp\\d+") && Files.isRegularFile(p.resolve("layers.csv")))
                    .map(p -> Integer.parseInt(p.getFileName().toString().substring(2))).sorted().forEach(tps::add);
        } catch (IOException e) {
            throw InputException.at(dir.toString(), "cannot list (" + e + ")");
        }
        return tps;
    }

    private static void readLayers(Path csv, ModelShape shape, List<KernelSample> out, Map<String, Integer> skipped) {
        ModelConfig m = shape.config();
        int tp = shape.tpSize();
        double bpe = shape.weightDtype().bytesPerElement();
        double h = m.hiddenSize();
        double hd = m.headDim();
        double q = (double) m.numAttentionHeads() / tp * hd;
        double kv = shape.kvHeadsPerRank() * hd;
        double ffn = (double) m.intermediateSize() / tp;
        double vocab = (double) m.vocabSize() / tp;
        double flopsPerPair = shape.attentionFlopsPerTokenPair();
        double kvBytes = shape.kvBytesPerTokenPerLayer();
        CsvTable.read(csv, new String[] {"layer_name", "input", "tp_size", "latency(ns)"}, row -> {
            String layer = row.text(0);
            int tokens = (int) row.whole(1, 1);
            if (row.whole(2, 1) != tp) {
                throw row.error(2, "expected " + tp + ", the folder's TP degree (got " + row.text(2) + ")");
            }
            double ns = Samples.positiveNs(row, 3, 1);
            if (!onBundleGrid(tokens)) {
                return;
            }
            String where = csv + ":" + row.line();
            KernelSample s = sample(layer, tokens, ns, where, m.isMoe(), bpe, h, q, kv, ffn, vocab);
            if (s == null && layer.equals("attn")) {
                s = Samples.attention(tokens, 0, 0, 0, flopsPerPair, kvBytes, "attn", where, ns);
            }
            if (s == null) {
                skipped.merge(layer, 1, Integer::sum);
            } else {
                out.add(s);
            }
        });
    }

    /**
     * Whether a token count is one a bundle profiles (1 to 16, then every 16th): the legacy tables
     * have every count from 1 to 2,048, 14 times as many rows per layer, which slows the fit and
     * adds nothing the roofline's terms can follow (its tile steps are 64 tokens and more).
     */
    static boolean onBundleGrid(int tokens) {
        return tokens <= 16 || tokens % 16 == 0;
    }

    /** The sample of one HuggingFace layer, or null for attention and the layers memwall does not model. */
    private static KernelSample sample(String layer, double t, double ns, String where, boolean moe, double bpe,
            double h, double q, double kv, double ffn, double vocab) {
        switch (layer) {
            case "q_proj":
                return gemm(layer, t, h, q, bpe, ns, where);
            case "k_proj":
            case "v_proj":
                return gemm(layer, t, h, kv, bpe, ns, where);
            case "o_proj":
                return gemm(layer, t, q, h, bpe, ns, where);
            case "gate_proj":
            case "up_proj":
                return moe ? null : gemm(layer, t, h, ffn, bpe, ns, where);
            case "down_proj":
                return moe ? null : gemm(layer, t, ffn, h, bpe, ns, where);
            case "lm_head":
                return new KernelSample(KernelClass.LM_HEAD, layer, GEMM_GROUP, where, ns,
                        new double[] {t, h, vocab, bpe});
            case "embedding":
                return elementwise(layer, t * h * bpe, ns, where);
            case "input_layernorm":
            case "post_layernorm":
            case "final_layernorm":
                // As the roofline's norm: the weight, and the activations in and out.
                return elementwise(layer, h * bpe + 2 * t * h * bpe, ns, where);
            case "rope":
                return elementwise(layer, 2 * t * (q + kv) * bpe, ns, where);
            case "act_fn":
                return moe ? null : new KernelSample(KernelClass.ACTIVATION, layer, layer, where, ns,
                        new double[] {3 * t * ffn * bpe});
            default:
                return null;
        }
    }

    private static KernelSample gemm(String layer, double t, double k, double n, double bpe, double ns, String where) {
        return new KernelSample(KernelClass.GEMM, layer, GEMM_GROUP, where, ns, new double[] {t, k, n, bpe});
    }

    private static KernelSample elementwise(String layer, double bytes, double ns, String where) {
        return new KernelSample(KernelClass.ELEMENTWISE, layer, layer, where, ns, new double[] {bytes});
    }

    private static void readAttention(Path csv, ModelShape shape, List<KernelSample> out, Map<String, Integer> skipped) {
        double flopsPerPair = shape.attentionFlopsPerTokenPair();
        double kvBytes = shape.kvBytesPerTokenPerLayer();
        String[] columns = {"time_stats.attn_prefill.mean", "time_stats.attn_decode.mean", "batch_size",
            "prefill_chunk_size", "kv_cache_size", "is_prefill"};
        CsvTable.read(csv, columns, row -> {
            boolean prefill = Boolean.parseBoolean(row.text(5).toLowerCase(java.util.Locale.ROOT));
            int batch = (int) row.whole(2, 1);
            int kvTokens = (int) row.whole(4, 0);
            String where = csv + ":" + row.line();
            if (prefill) {
                int chunk = (int) row.whole(3, 1);
                double ns = Samples.positiveNs(row, 0, NS_PER_MS);
                if (kvTokens < chunk) {
                    throw row.error(4, "must be >= prefill_chunk_size " + chunk + " (got " + kvTokens + ")");
                }
                out.add(Samples.attention(chunk, kvTokens - chunk, 0, 0, flopsPerPair, kvBytes, "attention",
                        where, ns));
            } else {
                Samples.positiveNs(row, 1, NS_PER_MS);
                skipped.merge("attention decode", 1, Integer::sum);
            }
        });
    }
}
