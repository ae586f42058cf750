package dev.memwall.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.memwall.input.InputException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Parses JSON text into a tree, turning syntax errors into {@code file:line:col: invalid JSON:
 * reason} with Jackson's reason stripped of source descriptions and feature names.
 */
final class JsonText {
    /** Duplicate keys are rejected: Python keeps the last silently, which hides editing mistakes. */
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern ENABLE_HINT = Pattern.compile(":? ?enable `[^`]*` to allow");
    private static final Pattern FEATURE_HINT = Pattern.compile(" ?\\(not recognized as one since Feature '[^']*' not enabled for parser\\)");
    private static final Pattern FROM_HINT = Pattern.compile(",? from `[^`]*`");

    private JsonText() {
    }

    static JsonNode parse(String file, byte[] content) {
        try (JsonParser parser = MAPPER.createParser(content)) {
            JsonNode tree = MAPPER.readTree(parser);
            if (tree == null || tree.isMissingNode()) {
                throw InputException.at(file, "invalid JSON: the file is empty");
            }
            if (parser.nextToken() != null) {
                throw invalid(file, parser.currentTokenLocation(), "unexpected content after the top-level value");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw invalid(file, e.getLocation(), clean(e.getOriginalMessage()));
        } catch (IOException e) {
            // reading from a byte array only fails through the parser, but the API declares it
            throw InputException.at(file, "invalid JSON: " + clean(String.valueOf(e.getMessage())));
        }
    }

    private static InputException invalid(String file, JsonLocation at, String reason) {
        String where = at == null || at.getLineNr() < 1 ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return InputException.at(where, "invalid JSON: " + reason);
    }

    /** Jackson's reason, without source descriptions, feature names, or line breaks. */
    static String clean(String reason) {
        String r = SOURCE.matcher(reason).replaceAll("$1:$2");
        r = ENABLE_HINT.matcher(r).replaceAll("");
        r = FEATURE_HINT.matcher(r).replaceAll("");
        r = FROM_HINT.matcher(r).replaceAll("");
        return JsonCursor.escape(r.replaceAll("\\s+", " ").trim());
    }
}
