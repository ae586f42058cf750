package dev.memwall.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (the directory holding {@code configs/}) for tests. */
final class Repo {
    private Repo() {
    }

    static Path configs() {
        String root = System.getProperty("memwall.root");
        if (root != null && Files.isDirectory(Path.of(root, "configs"))) {
            return Path.of(root, "configs");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("configs"))) {
                return dir.resolve("configs");
            }
        }
        throw new IllegalStateException("no configs/ directory above " + Path.of("").toAbsolutePath());
    }

    static Path models() {
        return configs().resolve("models");
    }
}
