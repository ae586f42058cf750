package dev.memwall.hardware.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.memwall.input.InputException;

/** Broken bundles give one-line errors naming the file and the line (or YAML path). */
class MalformedBundleTest {
    private static final String META = String.join("\n",
            "model: test/Tiny",
            "hardware: TESTGPU",
            "variant: bf16",
            "engine_effective:",
            "  max_num_batched_tokens: 64",
            "  max_num_seqs: 8",
            "skew_fit:",
            "  enabled: true",
            "  bucket_axes:",
            "    n_bins: [0, 2, 4, 1000000]",
            "    n_labels: [n<=2, n<=4, n>4]",
            "    skew_rate_bins: [-0.01, 0.5, 1.01]",
            "    skew_rate_labels: [sr<=50%, sr>50%]",
            "    kv_big_bins: [0, 1024, 1000000000]",
            "    kv_big_labels: [kvB<=1k, kvB>1k]",
            "    kp_bins: [-1, 0, 1000000000]",
            "    kp_labels: [kp=0, kp>0]",
            "  per_tp:",
            "    1:",
            "      alpha_default: 0.05",
            "      bucket_table: tp1/skew_fit.csv",
            "");
    private static final String DENSE = "layer,tokens,time_us\nqkv_proj,1,10.0\nqkv_proj,2,12.0\n";
    private static final String PER_SEQUENCE = "layer,sequences,time_us\nlm_head,1,100\nsampler,1,20\n";
    private static final String ATTENTION = "prefill_chunk,kv_prefill,n_decode,kv_decode,time_us\n"
            + "0,0,1,16,8.0\n0,0,1,32,9.0\n16,0,0,0,7.0\n";
    private static final String SKEW = "pc,n_label,skew_rate_label,kv_big_label,kp_label,alpha,n_samples\n"
            + "0,n<=2,sr<=50%,kvB<=1k,kp=0,0.2,4\n";

    @TempDir
    Path dir;
    Path tp1;

    @BeforeEach
    void writeAGoodBundle() throws IOException {
        tp1 = Files.createDirectories(dir.resolve("tp1"));
        Files.writeString(dir.resolve("meta.yaml"), META);
        Files.writeString(tp1.resolve("dense.csv"), DENSE);
        Files.writeString(tp1.resolve("per_sequence.csv"), PER_SEQUENCE);
        Files.writeString(tp1.resolve("attention.csv"), ATTENTION);
        Files.writeString(tp1.resolve("skew_fit.csv"), SKEW);
    }

    private String error() {
        InputException e = assertThrows(InputException.class, () -> ProfileBundle.load(dir, 1));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(name.equals("meta.yaml") ? dir.resolve(name) : tp1.resolve(name), text);
    }

    @Test
    void theGoodBundleLoads() {
        ProfileBundle b = ProfileBundle.load(dir, 1);
        assertEquals(64, b.engineMaxNumBatchedTokens());
        assertEquals(11000, b.dense("qkv_proj").valueNs(1.5));
        SkewFit skew = b.skew().orElseThrow();
        assertEquals(0.2, skew.alpha(0, 2, 0.5, 100, 0));
        assertEquals(0.05, skew.alpha(0, 3, 0.5, 100, 0));
        assertEquals(0.05, skew.alpha(16, 2, 0.5, 100, 0));
    }

    @Test
    void missingFiles() throws IOException {
        Files.delete(tp1.resolve("dense.csv"));
        assertEquals(tp1.resolve("dense.csv") + ": missing file", error());
        Files.delete(dir.resolve("meta.yaml"));
        assertTrue(error().startsWith(dir.resolve("meta.yaml") + ": missing file"));
        InputException e = assertThrows(InputException.class, () -> ProfileBundle.load(dir, 4));
        assertTrue(e.getMessage().startsWith(dir.resolve("meta.yaml") + ": missing file"), e.getMessage());
    }

    @Test
    void missingTpFolderListsTheOnesThere() throws IOException {
        InputException e = assertThrows(InputException.class, () -> ProfileBundle.load(dir, 2));
        assertEquals(dir.resolve("tp2") + ": missing folder: no TP 2 profile in this bundle (folders here: tp1)",
                e.getMessage());
    }

    @Test
    void badNumberNamesFileLineAndColumn() throws IOException {
        write("dense.csv", "layer,tokens,time_us\nqkv_proj,1,10.0\nqkv_proj,2,abc\n");
        assertEquals(tp1.resolve("dense.csv") + ":3: time_us: not a number (got 'abc')", error());
        write("dense.csv", "layer,tokens,time_us\nqkv_proj,1,10.0\n\nqkv_proj,2,-1\n");
        assertEquals(tp1.resolve("dense.csv") + ":4: time_us: must be >= 0 (got -1)", error());
        write("per_sequence.csv", "layer,sequences,time_us\nlm_head,1x,100\n");
        write("dense.csv", DENSE);
        assertEquals(tp1.resolve("per_sequence.csv") + ":2: sequences: not a number (got '1x')", error());
        write("per_sequence.csv", PER_SEQUENCE);
        write("attention.csv", ATTENTION + "0,0,2,16,NaN\n");
        assertEquals(tp1.resolve("attention.csv") + ":5: time_us: not a number (got 'NaN')", error());
        write("attention.csv", ATTENTION + "0,0,,16,3\n");
        assertEquals(tp1.resolve("attention.csv") + ":5: n_decode: empty field", error());
    }

    @Test
    void missingColumnNamesTheHeaderLine() throws IOException {
        write("dense.csv", "layer,tokens,time\nqkv_proj,1,10.0\n");
        assertEquals(tp1.resolve("dense.csv") + ":1: time_us: missing column (header is 'layer,tokens,time',"
                + " expected layer,tokens,time_us)", error());
        write("dense.csv", DENSE);
        write("attention.csv", "prefill_chunk,kv_prefill,n_decode,time_us\n0,0,1,8.0\n");
        assertTrue(error().startsWith(tp1.resolve("attention.csv") + ":1: kv_decode: missing column"));
    }

    @Test
    void wrongFieldCountEmptyFileAndNoRows() throws IOException {
        write("dense.csv", "layer,tokens,time_us\nqkv_proj,1,10.0,7\n");
        assertEquals(tp1.resolve("dense.csv") + ":2: expected 3 fields like the header (got 4)", error());
        write("dense.csv", "");
        assertEquals(tp1.resolve("dense.csv") + ":1: empty file (expected the header layer,tokens,time_us)", error());
        write("dense.csv", "layer,tokens,time_us\n");
        assertEquals(tp1.resolve("dense.csv") + ":1: no data rows after the header", error());
        write("dense.csv", "layer,tokens,time_us\nqkv_proj,1,\"10.0\n");
        assertTrue(error().startsWith(tp1.resolve("dense.csv") + ":"), error());
    }

    @Test
    void duplicatePoints() throws IOException {
        write("dense.csv", DENSE + "qkv_proj,1,11.0\n");
        assertEquals(tp1.resolve("dense.csv") + ":4: duplicate point (layer=qkv_proj, tokens=1) already on line 2",
                error());
        write("dense.csv", DENSE);
        write("attention.csv", ATTENTION + "0,0,1,32,9.5\n");
        assertEquals(tp1.resolve("attention.csv") + ":5: duplicate point (prefill_chunk=0, kv_prefill=0, n_decode=1,"
                + " kv_decode=32) already on line 3", error());
    }

    @Test
    void badYaml() throws IOException {
        write("meta.yaml", "model: [unclosed\n");
        assertEquals(dir.resolve("meta.yaml") + ":2: invalid YAML: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence started on line 1)", error());
        write("meta.yaml", "model: a\nvariant: bf16\nmodel: b\n");
        String duplicate = error();
        assertTrue(duplicate.startsWith(dir.resolve("meta.yaml") + ":3: invalid YAML: Duplicate field 'model'"),
                duplicate);
        write("meta.yaml", "- a list\n");
        assertEquals(dir.resolve("meta.yaml") + ": expected a YAML mapping at the top level", error());
        write("meta.yaml", META.replace("max_num_seqs: 8", "max_num_seqs: eight"));
        assertEquals(dir.resolve("meta.yaml") + ": engine_effective.max_num_seqs: expected a whole number >= 0"
                + " (got \"eight\")", error());
        write("meta.yaml", META.replace("      alpha_default: 0.05\n", ""));
        assertEquals(dir.resolve("meta.yaml") + ": skew_fit.per_tp.1.alpha_default: missing", error());
        write("meta.yaml", META.replace("n_labels: [n<=2, n<=4, n>4]", "n_labels: [n<=2, n<=4]"));
        assertEquals(dir.resolve("meta.yaml") + ": skew_fit.bucket_axes.n_labels: expected a list of 3 labels,"
                + " one per bin of n_bins", error());
        write("meta.yaml", META.replace("enabled: true", "enabled: yes please"));
        assertEquals(dir.resolve("meta.yaml") + ": skew_fit.enabled: expected true or false (got \"yes please\")",
                error());
    }

    @Test
    void badSkewTable() throws IOException {
        write("skew_fit.csv", SKEW + "0,n<=3,sr<=50%,kvB<=1k,kp=0,0.2,4\n");
        assertEquals(tp1.resolve("skew_fit.csv") + ":3: n_label: unknown label 'n<=3' (meta.yaml"
                + " skew_fit.bucket_axes.n_labels: n<=2, n<=4, n>4)", error());
        write("skew_fit.csv", SKEW + "0,n<=2,sr<=50%,kvB<=1k,kp=0,0.3,4\n");
        assertEquals(tp1.resolve("skew_fit.csv") + ":3: duplicate bucket (already on line 2)", error());
    }

    @Test
    void skewIsOffWhenDisabledAndDefaultOnlyWithoutItsTable() throws IOException {
        write("meta.yaml", META.replace("enabled: true", "enabled: false"));
        assertFalse(ProfileBundle.load(dir, 1).skew().isPresent());
        write("meta.yaml", META);
        Files.delete(tp1.resolve("skew_fit.csv"));
        SkewFit skew = ProfileBundle.load(dir, 1).skew().orElseThrow();
        assertEquals(0, skew.buckets());
        assertEquals(0.05, skew.alpha(0, 2, 0.5, 100, 0));
    }

    @Test
    void layersWithoutTablesFailAtConstruction() throws IOException {
        ProfileBundle noSampler;
        write("per_sequence.csv", "layer,sequences,time_us\nlm_head,1,100\n");
        noSampler = ProfileBundle.load(dir, 1);
        InputException e = assertThrows(InputException.class,
                () -> new ProfileTimeModel(noSampler, Samples.llama8b(1)));
        assertEquals(tp1.resolve("per_sequence.csv") + ": layer 'sampler': no rows (needed for the per-iteration"
                + " sampling time; layers here: lm_head)", e.getMessage());
        write("per_sequence.csv", PER_SEQUENCE);
        ProfileBundle tiny = ProfileBundle.load(dir, 1);
        InputException layer = assertThrows(InputException.class,
                () -> new ProfileTimeModel(tiny, Samples.llama8b(1)));
        assertEquals(tp1.resolve("dense.csv") + ": layer 'embedding' of meta-llama/Llama-3.1-8B: no rows here nor in"
                + " per_sequence.csv (layers here: qkv_proj)", layer.getMessage());
    }
}
