package dev.memwall.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.memwall.input.InputException;

/**
 * A git ref of the repository checked out in a temporary worktree and built there
 * ({@code mvn package}, tests skipped), so that its {@code benchmarks.jar} can run beside this
 * one, reading its own configs. {@link #close} removes the worktree, also when the JVM is stopped.
 */
public final class RefBuild implements AutoCloseable {
    private static final long GIT_TIMEOUT_MINUTES = 2;
    private static final long BUILD_TIMEOUT_MINUTES = 20;

    private final Path root;
    private final String commit;
    private final Path directory;
    private final Thread remover = new Thread(this::removeWorktree, "ref-build-remover");

    private RefBuild(Path root, String commit, Path directory) {
        this.root = root;
        this.commit = commit;
        this.directory = directory;
    }

    /** The commit built, in full. */
    public String commit() {
        return commit;
    }

    /** The worktree's root. */
    public Path directory() {
        return directory;
    }

    /** The built {@code benchmarks.jar}. */
    public Path jar() {
        return directory.resolve("benchmarks/target/benchmarks.jar");
    }

    /**
     * The commit {@code ref} names in the repository at {@code root}, in full.
     *
     * @throws InputException when git is missing or the ref names no commit
     */
    public static String resolve(Path root, String ref) {
        return git(root, "rev-parse", "--verify", "--quiet", ref + "^{commit}")
                .orElseThrow("gate: --against " + ref + ": not a commit of the repository " + root);
    }

    /** The merge base of HEAD with the main branch ({@code main}, else {@code origin/main}). */
    public static String defaultRef(Path root) {
        for (String main : List.of("main", "origin/main")) {
            Result r = git(root, "merge-base", "HEAD", main);
            if (r.exit() == 0) {
                return r.text().strip();
            }
        }
        throw new InputException("gate: --against without a ref compares with the merge base of HEAD and main, but"
                + " " + root + " has no main branch; name a ref, e.g. --against HEAD~1");
    }

    /**
     * Checks {@code commit} out in a temporary worktree and builds its jar, logging to {@code log}.
     *
     * @throws InputException when the worktree cannot be made or the build fails (naming the log)
     */
    public static RefBuild build(Path root, String commit, Path log) {
        Path parent;
        try {
            parent = Files.createTempDirectory("memwall-ab-");
        } catch (IOException e) {
            throw new InputException("gate: cannot make a temporary directory: " + e.getMessage(), e);
        }
        Path dir = parent.resolve("baseline");
        Result added = git(root, "worktree", "add", "--detach", dir.toString(), commit);
        if (added.exit() != 0) {
            deleteQuietly(parent);
            added.orElseThrow("gate: cannot check " + commit + " out in a temporary worktree " + dir);
        }
        RefBuild b = new RefBuild(root, commit, dir);
        Runtime.getRuntime().addShutdownHook(b.remover);
        try {
            int exit = run(dir, List.of("mvn", "-B", "-Dmaven.test.skip=true", "package"), log, BUILD_TIMEOUT_MINUTES);
            if (exit != 0 || !Files.isRegularFile(b.jar())) {
                throw new InputException("gate: building " + commit + " failed (mvn exit " + exit + "); its output is in "
                        + log);
            }
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    @Override
    public void close() {
        removeWorktree();
        try {
            Runtime.getRuntime().removeShutdownHook(remover);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private void removeWorktree() {
        if (Files.isDirectory(directory)) {
            git(root, "worktree", "remove", "--force", directory.toString());
        }
        git(root, "worktree", "prune");
        deleteQuietly(directory.getParent());
    }

    private static void deleteQuietly(Path emptyDirectory) {
        try {
            Files.deleteIfExists(emptyDirectory);
        } catch (IOException e) {
            // a leftover empty temporary directory harms nothing
        }
    }

    /** A finished command's exit code and output. */
    private record Result(int exit, String text) {
        String orElseThrow(String message) {
            if (exit != 0) {
                String detail = text.strip().lines().findFirst().orElse("");
                throw new InputException(message + (detail.isEmpty() ? "" : " (git: " + detail + ")"));
            }
            return text.strip();
        }
    }

    private static Result git(Path root, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("memwall-git-", ".log");
            try {
                int exit = run(root, cmd, out, GIT_TIMEOUT_MINUTES);
                return new Result(exit, Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new InputException("gate: cannot run git (" + e.getMessage() + "); --against needs git and Maven,"
                    + " or give --baseline-jar FILE", e);
        }
    }

    /** Runs {@code cmd} in {@code dir}, output to {@code log}; its exit code, or -1 when it timed out. */
    private static int run(Path dir, List<String> cmd, Path log, long timeoutMinutes) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new InputException("gate: cannot run " + cmd.get(0) + " (" + e.getMessage() + "); --against needs"
                    + " git and Maven on the PATH, or give --baseline-jar FILE", e);
        }
        try {
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
        }
    }
}
