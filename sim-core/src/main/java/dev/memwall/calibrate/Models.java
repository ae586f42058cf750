package dev.memwall.calibrate;

import java.nio.file.Path;

import dev.memwall.input.InputException;
import dev.memwall.model.DType;
import dev.memwall.model.ModelCatalog;
import dev.memwall.model.ModelConfig;
import dev.memwall.model.ModelShape;

/** Model configs and per-rank shapes for the tables' models, in the model's own dtype. */
final class Models {
    private Models() {
    }

    static ModelConfig load(Path models, String name, String where) {
        return ModelCatalog.load(models, name, where);
    }

    static ModelShape shape(ModelConfig m, int tp, String where) {
        String problem = ModelShape.tpProblem(m, tp);
        if (problem != null) {
            throw InputException.at(where, m.name() + ": " + problem);
        }
        DType dtype = DType.parse(m.torchDtype() != null ? m.torchDtype() : "bfloat16",
                "model " + m.name() + ": torch_dtype");
        return ModelShape.of(m, dtype, dtype, tp);
    }
}
