package dev.memwall.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads JSON files and text into trees, turning every failure into a one-line
 * {@link InputException}: {@code file: no such file}, {@code file: is a directory, not a JSON
 * file}, {@code file: permission denied}, {@code file:line:column: invalid JSON: reason} (with
 * Jackson's reason stripped of source echoes and feature names), {@code file: invalid JSON: the
 * file is empty}. Duplicate keys are rejected (Python keeps the last silently, which hides editing
 * mistakes), and so is anything after the top-level value. Every JSON input (cluster configs,
 * studies, models, hardware, validation cases, golden files) is read here; its objects are then
 * walked with {@link JsonFields}.
 */
public final class JsonFiles {
    /**
     * Jackson's parser alone, without an {@code ObjectMapper}: building a mapper (its type factory,
     * serializer caches, date formats and their locale data) cost a 0.4 s tool run about 45 ms of
     * its start, and a tree is all any input needs.
     */
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern ENABLE_HINT = Pattern.compile(":? ?enable `[^`]*` to allow");
    private static final Pattern FEATURE_HINT =
            Pattern.compile(" ?\\(not recognized as one since Feature '[^']*' not enabled for parser\\)");
    private static final Pattern FROM_HINT = Pattern.compile(",? from `[^`]*`");

    private JsonFiles() {
    }

    /** The top-level object of {@code file}; messages name it as {@code file.toString()}. */
    public static JsonNode readObject(Path file) {
        return readObject(file, file.toString());
    }

    /**
     * The top-level object of {@code file}.
     *
     * @param shownAs what messages call the file, e.g. its name only
     */
    public static JsonNode readObject(Path file, String shownAs) {
        JsonNode root = readTree(file, shownAs);
        JsonFields.root(shownAs, root).freeObject();
        return root;
    }

    /** The top-level value of {@code file}, whatever its type. */
    public static JsonNode readTree(Path file, String shownAs) {
        return parse(shownAs, read(file));
    }

    /** The top-level value of JSON text {@code content}, which messages call {@code shownAs}. */
    public static JsonNode parse(String shownAs, byte[] content) {
        try (JsonParser parser = FACTORY.createParser(content)) {
            if (parser.nextToken() == null) {
                throw InputException.at(shownAs, "invalid JSON: the file is empty");
            }
            JsonNode tree = value(parser);
            if (parser.nextToken() != null) {
                throw invalid(shownAs, parser.currentTokenLocation(), "unexpected content after the top-level value");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw invalid(shownAs, e.getLocation(), clean(e.getOriginalMessage()));
        } catch (IOException e) {
            // reading from a byte array only fails through the parser, but the API declares it
            throw InputException.at(shownAs, "invalid JSON: " + clean(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The value starting at the parser's current token, as the node {@code ObjectMapper.readTree}
     * would build: an int, long or big integer node by the number's size, a double node for every
     * fraction or exponent, objects in key order.
     */
    private static JsonNode value(JsonParser p) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    object.set(key, value(p));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return nodes.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return nodes.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return nodes.booleanNode(false);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new JsonParseException(p, "unexpected " + p.currentToken());
        }
    }

    /**
     * The bytes of {@code file}, with the usual reasons it cannot be read as one line each; a
     * shipped config not on disk is read from the jar ({@link ShippedFiles}).
     */
    public static byte[] read(Path file) {
        if (Files.isDirectory(file)) {
            throw InputException.at(file.toString(), "is a directory, not a JSON file");
        }
        try (java.io.InputStream in = ShippedFiles.open(file)) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw InputException.at(file.toString(), "no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + JsonFields.escape(String.valueOf(e.getMessage()))
                    + ")", e);
        }
    }

    private static InputException invalid(String file, JsonLocation at, String reason) {
        String where = at == null || at.getLineNr() < 1 ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return InputException.at(where, "invalid JSON: " + reason);
    }

    /** Jackson's reason, without source descriptions, feature names, or line breaks. */
    static String clean(String reason) {
        String r = SOURCE.matcher(reason == null ? "malformed" : reason).replaceAll("$1:$2");
        r = ENABLE_HINT.matcher(r).replaceAll("");
        r = FEATURE_HINT.matcher(r).replaceAll("");
        r = FROM_HINT.matcher(r).replaceAll("");
        return JsonFields.escape(r.replaceAll("\\s+", " ").trim());
    }
}
