package dev.memwall.serving;

import dev.memwall.model.ModelShape;

/**
 * Where a model's layers are cut into pipeline stages, as vLLM's {@code get_pp_indices} cuts them:
 * {@code blocks / pp} decoder blocks per stage, the remainder given one each to the stages before
 * the last, counting back from the second to last. Stage 0 also runs the embedding; the last stage
 * also runs the final norm and the LM head.
 */
final class PipelineCut {
    /** Per stage, its first layer (inclusive); one more entry, the layer count. */
    private final int[] firstLayer;

    private PipelineCut(int[] firstLayer) {
        this.firstLayer = firstLayer;
    }

    /** The cut of {@code shape} into {@code stages} stages; {@code stages} must not exceed its block count. */
    static PipelineCut of(ModelShape shape, int stages) {
        int[] blocksPerStage = blocksPerStage(shape.blockCount(), stages);
        int[] firstBlock = new int[stages + 1];
        for (int s = 0; s < stages; s++) {
            firstBlock[s + 1] = firstBlock[s] + blocksPerStage[s];
        }
        int n = shape.layerCount();
        int[] first = new int[stages + 1];
        first[stages] = n;
        for (int s = 1; s < stages; s++) {
            int l = 0;
            while (l < n && (shape.blockIndex(l) < 0 || shape.blockIndex(l) < firstBlock[s])) {
                l++;
            }
            first[s] = l;
        }
        return new PipelineCut(first);
    }

    /** vLLM's {@code get_pp_indices} partition sizes: the remainder goes to stages -2, -3, ... */
    static int[] blocksPerStage(int blocks, int stages) {
        int[] parts = new int[stages];
        java.util.Arrays.fill(parts, blocks / stages);
        int remaining = blocks % stages;
        for (int i = 2; i < remaining + 2; i++) {
            parts[stages - i]++;
        }
        return parts;
    }

    int stages() {
        return firstLayer.length - 1;
    }

    /** First layer of stage {@code s} (inclusive). */
    int firstLayer(int s) {
        return firstLayer[s];
    }

    /** End of stage {@code s} (exclusive). */
    int endLayer(int s) {
        return firstLayer[s + 1];
    }

    boolean isLast(int s) {
        return s == stages() - 1;
    }
}
