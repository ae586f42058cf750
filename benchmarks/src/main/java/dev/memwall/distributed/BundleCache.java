package dev.memwall.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.core.HazelcastInstance;

import org.apache.commons.io.file.PathUtils;

import dev.memwall.sweep.StudyBundle;
import dev.memwall.sweep.StudyFiles;

/**
 * On a member: each study's files, fetched once from the cluster map and unpacked into a temporary
 * folder that is deleted when the JVM exits.
 */
final class BundleCache {
    private static final Map<String, StudyFiles> FILES = new ConcurrentHashMap<>();

    private BundleCache() {
    }

    static StudyFiles files(HazelcastInstance hz, String digest) {
        return FILES.computeIfAbsent(digest, d -> {
            StudyBundle bundle = hz.<String, StudyBundle>getMap(Members.BUNDLES).get(d);
            if (bundle == null) {
                throw new IllegalStateException("study bundle " + d + " is not in the cluster map");
            }
            try {
                Path dir = Files.createTempDirectory("memwall-study-" + d + "-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "memwall-study-cleanup"));
                return bundle.unpack(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a folder for study " + d, e);
            }
        });
    }

    private static void delete(Path dir) {
        try {
            PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            // Best effort at exit: a temporary folder left behind is harmless.
        }
    }
}
