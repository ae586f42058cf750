package dev.memwall.sweep;

import java.nio.file.Path;

/**
 * Where the files a study's points read live: the trace (null for generated workloads) and the
 * model, hardware and profile folders (profile null when none). On a Hazelcast member these point
 * into a {@link StudyBundle} unpacked in a temporary folder.
 */
public record StudyFiles(Path trace, Path modelsDir, Path hardwareDir, Path profileDir) {
}
