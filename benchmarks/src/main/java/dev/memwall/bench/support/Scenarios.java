package dev.memwall.bench.support;

import java.nio.file.Path;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.workload.FixedWorkload;

/**
 * The clusters, options and workloads the simulation benchmarks share. The standard scenario is
 * decode-heavy serving on one H100: Llama-3.1-8B in BF16, 2,000 requests of 1,024 prompt and 512
 * output tokens arriving at once, {@code max_num_seqs} 256.
 */
public final class Scenarios {
    /** Requests in the standard decode-heavy scenario. */
    public static final int DECODE_HEAVY_REQUESTS = 2_000;
    /** Prompt tokens per request in the standard scenario. */
    public static final int DECODE_HEAVY_PROMPT = 1_024;
    /** Output tokens per request in the standard scenario. */
    public static final int DECODE_HEAVY_OUTPUT = 512;
    /** {@code max_num_seqs} of the standard scenario. */
    public static final int DECODE_HEAVY_MAX_NUM_SEQS = 256;

    private Scenarios() {
    }

    /**
     * LLMServingSim's default options with the repository's model and hardware catalogs and
     * {@code max_num_seqs} 256; the workload's name is never needed again, so nothing else differs.
     */
    public static SimulationOptions options(Path root) {
        return SimulationOptions.defaults().toBuilder()
                .modelsDir(root.resolve("configs/models"))
                .hardwareDir(root.resolve("configs/hardware"))
                .maxNumSeqs(DECODE_HEAVY_MAX_NUM_SEQS)
                .build();
    }

    /** {@code configs/cluster/single_node_single_instance.json}: Llama-3.1-8B on one H100. */
    public static ClusterConfig singleH100(Path root) {
        return ClusterConfigLoader.load(root.resolve("configs/cluster/single_node_single_instance.json"));
    }

    /** The standard scenario built and ready to run. */
    public static ClusterBuilder.Built decodeHeavyCluster(Path root) {
        return ClusterBuilder.build(singleH100(root), options(root), null);
    }

    /** The standard scenario's workload: 2,000 requests of 1,024 + 512 tokens at t = 0. */
    public static FixedWorkload decodeHeavy() {
        return FixedWorkload.burst(DECODE_HEAVY_REQUESTS, DECODE_HEAVY_PROMPT, DECODE_HEAVY_OUTPUT);
    }
}
