package dev.memwall.workload;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.memwall.input.InputException;
import dev.memwall.input.KeySuggestions;

/**
 * One JSONL line under Jackson's streaming parser, with the checks every JSONL trace needs. Each
 * problem becomes an InputException {@code <file>:<line>: <field>: <problem> (got <value>)}; inside
 * an array of objects the field reads like {@code sub_requests[2].output_toks}.
 *
 * <p>Streaming rather than a tree per line: LLMServingSim lines carry thousands of token ids, which
 * go straight into the entry's {@code int[]} without boxing.
 */
final class JsonLine {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int MAX_SHOWN_CHARS = 40;

    private final String file;
    private JsonParser parser;
    private char[] lineChars = new char[1024];
    private int line;
    /** Non-null while reading an object that is element {@code arrayIndex} of array {@code arrayKey}. */
    private String arrayKey;
    private int arrayIndex;

    JsonLine(String file) {
        this.file = file;
    }

    /**
     * Starts on {@code chars[start, start + length)}, physical line {@code lineNo}: it must hold
     * one JSON object. The chars are copied to a buffer of the line's own, so that columns in
     * errors count from the line's start.
     */
    void begin(char[] chars, int start, int length, int lineNo) throws IOException {
        if (parser != null) {
            parser.close();
        }
        if (lineChars.length < length) {
            lineChars = new char[Math.max(length, lineChars.length * 2)];
        }
        System.arraycopy(chars, start, lineChars, 0, length);
        parser = FACTORY.createParser(lineChars, 0, length);
        line = lineNo;
        arrayKey = null;
        JsonToken t = parser.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw error(null, "expected a JSON object", shown(t));
        }
    }

    /** Ends the line: nothing but blanks may follow the object. */
    void end() throws IOException {
        JsonToken t = parser.nextToken();
        if (t != null) {
            throw error(null, "unexpected text after the JSON object", shown(t));
        }
    }

    int lineNumber() {
        return line;
    }

    /** Moves to the next key of the current object and onto its value; null at the object's end. */
    String nextKey() throws IOException {
        if (parser.nextToken() == JsonToken.END_OBJECT) {
            return null;
        }
        String key = parser.currentName();
        parser.nextToken();
        return key;
    }

    /** The current value as the user wrote it, for messages that quote it later. */
    String text() throws IOException {
        return parser.getText();
    }

    /** The current value as an int {@code >= min}. */
    int intAtLeast(String key, int min) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw error(key, "expected an integer", shown(t));
        }
        if (parser.getNumberType() != JsonParser.NumberType.INT) {
            throw outOfRange(key, min, Integer.MAX_VALUE);
        }
        int v = parser.getIntValue();
        if (v < min) {
            throw error(key, "must be >= " + min, parser.getText());
        }
        return v;
    }

    /** The current value as a long {@code >= min}. */
    long longAtLeast(String key, long min) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw error(key, "expected an integer", shown(t));
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw outOfRange(key, min, Long.MAX_VALUE);
        }
        long v = parser.getLongValue();
        if (v < min) {
            throw error(key, "must be >= " + min, parser.getText());
        }
        return v;
    }

    /** The current value as a non-negative number of milliseconds, converted to whole ns (rounded). */
    long millisAsNs(String key) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            long ms = longAtLeast(key, 0);
            if (ms > Long.MAX_VALUE / 1_000_000L) {
                throw error(key, "must be <= " + Long.MAX_VALUE / 1_000_000L, parser.getText());
            }
            return ms * 1_000_000L;
        }
        if (t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw error(key, "expected a number", shown(t));
        }
        double ms = parser.getDoubleValue();
        if (ms < 0) {
            throw error(key, "must be >= 0", parser.getText());
        }
        if (ms > Long.MAX_VALUE / 1_000_000L) {
            throw error(key, "must be <= " + Long.MAX_VALUE / 1_000_000L, parser.getText());
        }
        return Math.round(ms * 1e6);
    }

    /** The current value as text: a string, or an integer written without quotes (session ids). */
    String idText(String key) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
            throw error(key, "expected a string", shown(t));
        }
        return parser.getText();
    }

    /** Requires the current value to be an array; step through it with {@link #nextElement()}. */
    void expectArray(String key) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw error(key, "expected an array", shown(parser.currentToken()));
        }
    }

    /** Moves onto the next element of the array being read; false at the array's end. */
    boolean nextElement() throws IOException {
        return parser.nextToken() != JsonToken.END_ARRAY;
    }

    /** Requires the current element of array {@code key} to be an object and names fields within it. */
    void enterElement(String key, int index) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw error(key + "[" + index + "]", "expected an object", shown(parser.currentToken()));
        }
        arrayKey = key;
        arrayIndex = index;
    }

    /** Back to naming top-level fields. */
    void leaveElement() {
        arrayKey = null;
    }

    /**
     * Reads an array of non-negative ints (token ids) into {@code slots[slot]}, growing it as needed.
     *
     * @return the number of ids read
     */
    int readIds(String key, int[][] slots, int slot) throws IOException {
        expectArray(key);
        int[] ids = slots[slot];
        int n = 0;
        while (nextElement()) {
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, Math.max(16, n * 2));
            }
            ids[n] = plainId(key, n);
            n++;
        }
        slots[slot] = ids;
        return n;
    }

    /**
     * Element {@code n} of id array {@code key}: an int {@code >= 0}. The element's name is built
     * only for an error: a trace line holds thousands of ids.
     */
    private int plainId(String key, int n) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            int v = parser.getIntValue();
            if (v >= 0) {
                return v;
            }
        }
        return intAtLeast(key + "[" + n + "]", 0);
    }

    /** Reads an array of non-negative longs (Mooncake block hash ids) into the entry's hash ids. */
    int readHashIds(String key, TraceEntry entry) throws IOException {
        expectArray(key);
        long[] ids = entry.hashIds;
        int n = 0;
        while (nextElement()) {
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, Math.max(16, n * 2));
            }
            ids[n] = parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER && parser.getLongValue() >= 0
                    ? parser.getLongValue() : longAtLeast(key + "[" + n + "]", 0);
            n++;
        }
        entry.hashIds = ids;
        return n;
    }

    InputException unknownKey(String key, List<String> known) {
        String what = "unknown key '" + key + "' (" + KeySuggestions.hint(key, known) + ")";
        return arrayKey == null ? error(null, what) : InputException.at(file + ":" + line + ": " + arrayKey + "["
                + arrayIndex + "]", what);
    }

    InputException missing(String key) {
        return error(key, "missing");
    }

    InputException duplicate(String key) {
        return error(key, "duplicate key");
    }

    /** {@code <file>:<line>: <field>: <problem>}; field null for the line as a whole. */
    InputException error(String key, String problem) {
        String where = file + ":" + line;
        return key == null ? InputException.at(where, problem) : InputException.at(where, field(key) + ": " + problem);
    }

    /** {@code <file>:<line>: <field>: <problem> (got <value>)}. */
    InputException error(String key, String problem, String got) {
        return error(key, problem + " (got " + got + ")");
    }

    /** Jackson's complaint about broken JSON, cut to one line with the column. */
    InputException malformed(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        for (String cut : new String[] {"\n", " (start marker at", " at [Source"}) {
            int i = msg.indexOf(cut);
            if (i >= 0) {
                msg = msg.substring(0, i);
            }
        }
        JsonLocation at = e.getLocation();
        String column = at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : "";
        return error(null, "malformed JSON" + column + ": " + msg);
    }

    private String field(String key) {
        return arrayKey == null ? key : arrayKey + "[" + arrayIndex + "]." + key;
    }

    private InputException outOfRange(String key, long min, long max) throws IOException {
        String text = parser.getText();
        return error(key, text.startsWith("-") ? "must be >= " + min : "must be <= " + max, text);
    }

    private String shown(JsonToken t) throws IOException {
        if (t == null) {
            return "end of line";
        }
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                String s = parser.getText();
                return "\"" + (s.length() > MAX_SHOWN_CHARS ? s.substring(0, MAX_SHOWN_CHARS) + "..." : s) + "\"";
            default:
                return parser.getText();
        }
    }
}
