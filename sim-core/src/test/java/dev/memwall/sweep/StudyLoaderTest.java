package dev.memwall.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;
import dev.memwall.testing.RepoPaths;

/** Study files load into a grid, and every mistake is named by file and JSON path. */
class StudyLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theShippedCxlGridHas384PointsOverFiveAxes() {
        Study s = StudyLoader.load(RepoPaths.configs().resolve("studies/cxl-grid.json"));
        assertEquals("cxl-grid", s.name());
        assertEquals(384, s.grid().size());
        assertEquals(List.of("cxl_bw", "cxl_latency", "cxl_devices", "placement", "arrival_rate"),
                s.axes().stream().map(Axis::name).toList());
        assertEquals(List.of("weights-cxl", "half-weights-cxl", "kv-cxl"), s.axes().get(3).labels());
        // 1,000 requests at 4 req/s: the trace is re-timed to that rate.
        PointSpec last = s.spec(383);
        assertEquals("4", last.params().get("arrival_rate"));
        assertTrue(last.arrivalScale() > 0.2 && last.arrivalScale() < 0.3, "scale " + last.arrivalScale());
    }

    @Test
    void aSmallStudyWithAnInlineClusterLoads() {
        Study s = StudyLoader.load(TestStudies.small(dir));
        assertEquals("small", s.name());
        assertTrue(s.spec(0).clusterJson().contains("\"mem_bw\":20"), s.spec(0).clusterJson());
    }

    @Test
    void anAxisValueThatMakesABadConfigNamesTheStudyTheAxisAndTheConfigPath() {
        assertBad("bad.json: axes[0].values[1] (cxl_mem.mem_bw = -5): bad.json: cluster: cxl_mem.mem_bw: ",
                "[{\"path\": \"cxl_mem.mem_bw\", \"values\": [15, -5]}]");
    }

    @Test
    void anAxisPathThatLeadsNowhereIsNamed() {
        assertBad("bad.json: axes[0].path: 'cxl' does not exist in the cluster config",
                "[{\"path\": \"cxl.mem_bw\", \"values\": [15]}]");
        assertBad("bad.json: axes[0].path: the path must end in an object key, not an array index",
                "[{\"path\": \"nodes[0]\", \"values\": [15]}]");
        assertBad("bad.json: axes[0].path: 'cxl mem' is not a key with optional [index] or [*]",
                "[{\"path\": \"cxl mem\", \"values\": [15]}]");
    }

    @Test
    void theTraceAndTheFoldersCannotBeAxes() {
        assertBad("bad.json: axes[0].path: 'options.models_dir' cannot be an axis",
                "[{\"path\": \"options.models_dir\", \"values\": [\"a\"]}]");
    }

    @Test
    void unknownKeysDuplicateNamesAndValueShapesAreRefused() {
        assertBad("bad.json: axes[0]: unknown key 'value' (did you mean 'values'?)",
                "[{\"path\": \"cxl_mem.mem_bw\", \"value\": [15]}]");
        assertBad("bad.json: axes[1].name: two axes are named 'mem_bw'",
                "[{\"path\": \"cxl_mem.mem_bw\", \"values\": [15]}, {\"path\": \"cxl_mem.mem_bw\", \"values\": [30]}]");
        assertBad("bad.json: axes[0].values[0]: must be a number, string or boolean; name objects with 'presets'",
                "[{\"path\": \"nodes[0].instances[*].placement\", \"values\": [{\"default\": {}}]}]");
        assertBad("bad.json: axes[0].values[1]: '15' appears twice",
                "[{\"path\": \"cxl_mem.mem_bw\", \"values\": [15, 15]}]");
        assertBad("bad.json: axes[0].name: 'tpot_p99_ms' is a column of points.csv already",
                "[{\"name\": \"tpot_p99_ms\", \"path\": \"cxl_mem.mem_bw\", \"values\": [15]}]");
    }

    @Test
    void aWorkloadValueIsCheckedLikeTheWorkload() {
        assertBad("bad.json: axes[0].values[0] (workload.arrival_rate = -1): workload: workload.arrival_rate: must be"
                + " in [0.000001, 1000000000] req/s (got -1)",
                "[{\"path\": \"workload.arrival_rate\", \"values\": [-1]}]");
    }

    @Test
    void anOptionsAxisTakesTheSimulateFlagsValues() {
        Study s = StudyLoader.load(TestStudies.write(dir, "opts.json",
                "[{\"path\": \"options.max_num_seqs\", \"values\": [16, 64]},"
                + " {\"path\": \"options.preemption_mode\", \"values\": [\"recompute\", \"swap\"]}]"));
        assertEquals(4, s.grid().size());
        assertTrue(s.spec(3).optionsJson().contains("\"max_num_seqs\":64"), s.spec(3).optionsJson());
        assertBad("bad.json: axes[0].values[0] (options.memory_model = \"fast\"): options: options.memory_model:"
                + " expected physical or lss (got 'fast')",
                "[{\"path\": \"options.memory_model\", \"values\": [\"fast\"]}]");
    }

    @Test
    void aMissingClusterFileIsNamedRelativeToTheStudy() {
        Path f = TestStudies.writeRaw(dir, "bad.json", "{\"cluster\": \"nope.json\", \"workload\": {},"
                + " \"axes\": []}");
        InputException e = assertThrows(InputException.class, () -> StudyLoader.load(f));
        assertEquals("bad.json: cluster: no such file: " + dir.resolve("nope.json")
                + " (paths are relative to the study file)", e.getMessage());
    }

    private void assertBad(String expectedStart, String axes) {
        Path f = TestStudies.write(dir, "bad.json", axes);
        InputException e = assertThrows(InputException.class, () -> StudyLoader.load(f));
        assertTrue(e.getMessage().startsWith(expectedStart), "expected: " + expectedStart + "\n     got: "
                + e.getMessage());
    }
}
