package dev.memwall.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.memwall.hardware.LayerWork;
import dev.memwall.hardware.profile.CsvTable;
import dev.memwall.input.InputException;
import dev.memwall.model.DType;
import dev.memwall.model.LayerKind;
import dev.memwall.model.ModelConfig;
import dev.memwall.model.ModelShape;

/**
 * Kernel samples from an LLMServingSim profile bundle ({@code <variant>/meta.yaml} and
 * {@code tp<N>/dense.csv}, {@code per_sequence.csv}, {@code attention.csv}): every row of every TP
 * folder, with the layer's work taken from memwall's own {@link ModelShape} of the bundle's model,
 * so that a fitted constant means what the roofline will use it for. {@code dense.csv} rows of a
 * GEMM become GEMM samples over the row's tokens; norms, rotary and embedding elementwise samples;
 * {@code act_fn} activation samples; {@code per_sequence.csv}'s {@code lm_head} GEMM samples over
 * sequences and {@code sampler} sampler samples; {@code attention.csv} rows attention samples of a
 * batch of one prefill ({@code prefill_chunk} new tokens over {@code kv_prefill} cached) and
 * {@code n_decode} decodes at {@code kv_decode} each. MoE experts ({@code moe.csv}) are not read.
 */
public final class BundleTables {
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Every non-attention kernel of a vLLM bundle is one fused kernel: one fixed-cost group. */
    static final String KERNEL_GROUP = "kernel";

    private BundleTables() {
    }

    /** Whether {@code dir} looks like a bundle variant folder (it holds meta.yaml). */
    public static boolean isBundle(Path dir) {
        return Files.isRegularFile(dir.resolve("meta.yaml"));
    }

    /**
     * Reads every {@code tp<N>} folder of the bundle at {@code variantDir}.
     *
     * @param models where model configs are read from ({@code configs/models})
     */
    public static KernelTables read(Path variantDir, Path models) {
        Path metaFile = variantDir.resolve("meta.yaml");
        JsonNode meta;
        try {
            meta = YAML.readTree(metaFile.toFile());
        } catch (IOException e) {
            throw InputException.at(metaFile.toString(), "cannot read (" + e.getMessage().lines().findFirst().orElse("")
                    + ")");
        }
        String hardware = text(meta, "hardware", metaFile);
        String modelName = text(meta, "model", metaFile);
        String vllm = meta.path("vllm_version").asText("");
        ModelConfig model = Models.load(models, modelName, metaFile + ": model");
        List<KernelSample> samples = new ArrayList<>();
        List<Integer> tps = tpFolders(variantDir);
        if (tps.isEmpty()) {
            throw InputException.at(variantDir.toString(), "no tp<N> folders in this bundle");
        }
        for (int tp : tps) {
            ModelShape shape = Models.shape(model, tp, variantDir.resolve("tp" + tp).toString());
            Path dir = variantDir.resolve("tp" + tp);
            readDense(dir.resolve("dense.csv"), shape, samples);
            readPerSequence(dir.resolve("per_sequence.csv"), shape, samples);
            readAttention(dir.resolve("attention.csv"), shape, samples);
        }
        StringBuilder tpText = new StringBuilder();
        tps.forEach(tp -> tpText.append(tpText.length() == 0 ? "tp" : "+tp").append(tp));
        String description = "LLMServingSim bundle " + hardware + " " + modelName + " "
                + variantDir.getFileName() + " " + tpText + (vllm.isEmpty() ? "" : " (vLLM " + vllm + ")");
        return new KernelTables(hardware, modelName, description, false, List.copyOf(samples), List.of());
    }

    private static String text(JsonNode meta, String key, Path file) {
        JsonNode v = meta.get(key);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw InputException.at(file.toString(), key + ": missing (a bundle's meta.yaml names its " + key + ")");
        }
        return v.asText();
    }

    private static List<Integer> tpFolders(Path variantDir) {
        List<Integer> tps = new ArrayList<>();
        try (Stream<Path> list = Files.list(variantDir)) {
            list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(s -> s.matches("tp\\d+"))
                    .map(s -> Integer.parseInt(s.substring(2))).sorted().forEach(tps::add);
        } catch (IOException e) {
            throw InputException.at(variantDir.toString(), "cannot list (" + e + ")");
        }
        return tps;
    }

    private static void readDense(Path csv, ModelShape shape, List<KernelSample> out) {
        double bpe = shape.weightDtype().bytesPerElement();
        CsvTable.read(csv, new String[] {"layer", "tokens", "time_us"}, row -> {
            String layer = row.text(0);
            int l = layerIndex(shape, layer);
            if (l < 0 || shape.kind(l) == LayerKind.LM_HEAD || shape.kind(l) == LayerKind.ATTENTION) {
                throw row.error(0, "'" + layer + "' is not a dense layer of " + shape.config().name()
                        + " (memwall's layers: " + denseLayers(shape) + ")");
            }
            double tokens = row.number(1, 1);
            double ns = Samples.positiveNs(row, 2, 1e3);
            String where = csv + ":" + row.line();
            LayerWork w = LayerWork.of(shape, l);
            switch (shape.kind(l)) {
                case LINEAR:
                    out.add(new KernelSample(KernelClass.GEMM, layer, KERNEL_GROUP, where, ns,
                            new double[] {tokens, w.k(), w.n(), bpe}));
                    break;
                case ACTIVATION:
                    out.add(new KernelSample(KernelClass.ACTIVATION, layer, KERNEL_GROUP, where, ns,
                            new double[] {tokens * w.bytesPerToken()}));
                    break;
                case MOE:
                    break; // experts come from moe.csv, not read
                default:
                    out.add(new KernelSample(KernelClass.ELEMENTWISE, layer, KERNEL_GROUP, where, ns,
                            new double[] {w.fixedBytes() + tokens * w.bytesPerToken()}));
                    break;
            }
        });
    }

    private static void readPerSequence(Path csv, ModelShape shape, List<KernelSample> out) {
        double bpe = shape.weightDtype().bytesPerElement();
        int lmHead = -1;
        for (int l = 0; l < shape.layerCount(); l++) {
            lmHead = shape.kind(l) == LayerKind.LM_HEAD ? l : lmHead;
        }
        LayerWork head = LayerWork.of(shape, lmHead);
        CsvTable.read(csv, new String[] {"layer", "sequences", "time_us"}, row -> {
            String layer = row.text(0);
            double seqs = row.number(1, 1);
            double ns = Samples.positiveNs(row, 2, 1e3);
            String where = csv + ":" + row.line();
            if (layer.equals("lm_head")) {
                out.add(new KernelSample(KernelClass.LM_HEAD, layer, KERNEL_GROUP, where, ns,
                        new double[] {seqs, head.k(), head.n(), bpe}));
            } else if (layer.equals("sampler")) {
                out.add(new KernelSample(KernelClass.SAMPLER, layer, "sampler", where, ns, new double[] {seqs}));
            } else {
                throw row.error(0, "unknown per-sequence layer '" + layer + "' (expected lm_head or sampler)");
            }
        });
    }

    private static void readAttention(Path csv, ModelShape shape, List<KernelSample> out) {
        double flopsPerPair = shape.attentionFlopsPerTokenPair();
        double kvBytes = shape.kvBytesPerTokenPerLayer();
        CsvTable.read(csv, new String[] {"prefill_chunk", "kv_prefill", "n_decode", "kv_decode", "time_us"}, row -> {
            int pc = (int) row.whole(0, 0);
            int kp = (int) row.whole(1, 0);
            int n = (int) row.whole(2, 0);
            int kd = (int) row.whole(3, 0);
            double ns = Samples.positiveNs(row, 4, 1e3);
            if (pc == 0 && n == 0) {
                throw row.error(2, "a row with neither a prefill chunk nor decodes times nothing");
            }
            out.add(Samples.attention(pc, kp, n, kd, flopsPerPair, kvBytes, "attention",
                    csv + ":" + row.line(), ns));
        });
    }

    private static int layerIndex(ModelShape shape, String name) {
        for (int l = 0; l < shape.layerCount(); l++) {
            if (shape.layerName(l).equals(name)) {
                return l;
            }
        }
        return -1;
    }

    private static String denseLayers(ModelShape shape) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (int l = 0; l < shape.layerCount(); l++) {
            if (shape.kind(l) != LayerKind.ATTENTION && shape.kind(l) != LayerKind.LM_HEAD) {
                names.add(shape.layerName(l));
            }
        }
        return String.join(", ", names);
    }
}
