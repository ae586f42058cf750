package dev.memwall.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a JSON file into a tree, turning every failure into a one-line InputException. Duplicate
 * keys and trailing content are errors. Model and hardware files are read here; cluster configs
 * go through {@code dev.memwall.config.JsonText}, whose messages word the same failures
 * differently (and are pinned by tests), so the two are not merged.
 */
public final class JsonFiles {
    // Duplicate keys would otherwise silently keep the last value.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonFiles() {
    }

    /** The top-level object of {@code file}; errors name the file (and line:column for bad JSON). */
    public static JsonNode readObject(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw InputException.at(file.toString(), "cannot read (" + e + ")");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InputException(describe(file, e), e);
        } catch (IOException e) {
            throw InputException.at(file.toString(), "cannot read (" + e + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw InputException.at(file.toString(), "empty file (expected a JSON object)");
        }
        if (!root.isObject()) {
            String got = root.getNodeType().name().toLowerCase(Locale.ROOT);
            throw InputException.at(file.toString(),
                    "expected a JSON object at the top level (got " + got + ")");
        }
        return root;
    }

    /** {@code file:line:column: invalid JSON: reason}, with Jackson's source echo removed. */
    private static String describe(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? file.toString()
                : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return where + ": invalid JSON: " + cleanReason(e.getOriginalMessage());
    }

    private static String cleanReason(String raw) {
        String reason = raw == null ? "malformed" : raw;
        int newline = reason.indexOf('\n');
        if (newline >= 0) {
            reason = reason.substring(0, newline);
        }
        // Jackson appends "(start marker at [Source: ...; line: 1, column: 1])": the location is
        // already in front of the message, and the source echo is noise.
        reason = reason.replaceAll("\\s*\\((?:start marker|for [^()]* starting) at \\[Source:[^\\]]*\\]\\)", "");
        return reason.strip();
    }
}
