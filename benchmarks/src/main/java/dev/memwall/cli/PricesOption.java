package dev.memwall.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.memwall.cost.PriceBook;
import dev.memwall.cost.PriceBooks;
import dev.memwall.input.InputException;
import picocli.CommandLine.Option;

/**
 * {@code --prices FILE}, declared once for every tool that reports cost ({@code @Mixin}): the
 * price book results are priced with, default {@code configs/prices/cloud-specialty-2026.json}
 * as packaged in the jar.
 */
public final class PricesOption {
    @Option(names = "--prices", paramLabel = "FILE",
            description = "Price book for the cost metrics (configs/prices/*.json; default: the packaged "
                    + PriceBooks.DEFAULT_NAME + ").")
    Path file;

    /** The file given, checked to exist, or null for the default book. */
    Path file(String tool) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new InputException(tool + ": --prices: no such file: " + file);
        }
        return file;
    }

    /** The price book given, or the default one. */
    PriceBook load(String tool) {
        Path f = file(tool);
        return f == null ? PriceBooks.builtIn() : PriceBooks.load(f);
    }
}
