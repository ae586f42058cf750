package dev.memwall.plan;

import java.util.List;

import dev.memwall.sweep.PointSource;
import dev.memwall.sweep.PointSpec;
import dev.memwall.sweep.StudyFiles;

/** One round of probes, one per candidate still searching, as an executor runs them. */
record ProbeRound(List<PointSpec> specs, StudyFiles files) implements PointSource {
    ProbeRound {
        specs = List.copyOf(specs);
    }

    @Override
    public PointSpec spec(int index) {
        return specs.get(index);
    }
}
