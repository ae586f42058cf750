package dev.memwall.sweep;

import java.nio.file.Path;

/**
 * Where the files a study's points read live: the trace (null for generated workloads), the
 * model, hardware and profile folders (profile null when none), and the price book (null for the
 * default). On a Hazelcast member these point into a {@link StudyBundle} unpacked in a temporary
 * folder.
 */
public record StudyFiles(Path trace, Path modelsDir, Path hardwareDir, Path profileDir, Path prices) {
    /** The same files with another price book (null for the default). */
    public StudyFiles withPrices(Path book) {
        return new StudyFiles(trace, modelsDir, hardwareDir, profileDir, book);
    }
}
