package dev.memwall.result;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.memwall.input.InputException;
import dev.memwall.options.RunOption;
import dev.memwall.serving.SimulationOptions;

/**
 * What produced a result: memwall's version, the cluster config (path and SHA-256 of its bytes),
 * the dataset, and every option's value, so that a summary file says how to reproduce it.
 *
 * @param dataset       the trace as given, or null for the built-in workload
 * @param datasetFormat the trace format asked for ({@code auto} when detected)
 * @param numReqs       trace entries read, 0 for all
 * @param options       every {@link RunOption}'s value, by key
 */
public record Provenance(String version, String clusterConfig, String clusterConfigSha256, String dataset,
        String datasetFormat, int numReqs, Map<String, Object> options) {

    public Provenance {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The provenance of a run of {@code clusterConfig} and {@code dataset} with {@code options}. */
    public static Provenance of(Path clusterConfig, Path dataset, String datasetFormat, int numReqs,
            SimulationOptions options) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RunOption o : RunOption.values()) {
            values.put(o.key(), o.valueIn(options));
        }
        return new Provenance(MemwallVersion.get(), clusterConfig.toString(), sha256(clusterConfig),
                dataset == null ? null : dataset.toString(), datasetFormat, numReqs, values);
    }

    /** The SHA-256 of a file's bytes, in hex. */
    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(dev.memwall.input.ShippedFiles.open(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
