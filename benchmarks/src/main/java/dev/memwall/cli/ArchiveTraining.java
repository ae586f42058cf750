package dev.memwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.io.file.PathUtils;

/**
 * The build's training run for the sweep tools' class-data-sharing archive (not a tool:
 * {@code mvn package} runs it once under {@code -XX:ArchiveClassesAtExit}, see
 * {@code src/cds/README.md}): a small sweep with its plots, into a fresh temporary folder (a
 * sweep resumes from what its folder holds, and a resumed one would load no simulation classes),
 * deleted afterwards. It also writes {@code benchmarks.jdk} beside the jar: the JDK build that
 * wrote the archives (its {@code java.runtime.version}), which alone can map them; the launcher
 * gives any other JDK an archive of its own.
 *
 * <p>Argument: the training study.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ArchiveTraining STUDY");
            System.exit(Main.EXIT_BAD_INPUT);
        }
        Path out = Files.createTempDirectory("memwall-cds-sweep");
        int code;
        try {
            code = Main.run("sweep", new String[] {args[0], "--out", out.toString(), "--threads", "2",
                "--progress", "lines"}, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } finally {
            PathUtils.deleteDirectory(out);
        }
        writeJdkStamp();
        System.exit(code);
    }

    /** {@code <jar without .jar>.jdk}: this JVM's {@code java.runtime.version}, one line. */
    private static void writeJdkStamp() throws IOException {
        Path jar;
        try {
            jar = Path.of(ArchiveTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the jar", e);
        }
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Files.writeString(jar.resolveSibling(name + ".jdk"), System.getProperty("java.runtime.version") + "\n");
    }
}
